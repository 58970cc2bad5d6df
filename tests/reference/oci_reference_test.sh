#!/usr/bin/env bash
# Our OCI Generative AI client end to end against an independent check of OCI's HTTP signatures
# and Oracle's own signer (oci-common from npm, pinned), over loopback: oci_reference_server.cjs
# verifies every request's signature with node:crypto (signing string rebuilt from the headers the
# Authorization header names, x-content-sha256 and content-length against the body, date within
# 5 minutes) and with http-signature (the library inside oci-common's signer), has oci-common's
# DefaultRequestSigner sign the same request from the same config file (same keyId, host,
# content-type, content-length and x-content-sha256; its signature verifies with the same key), and
# answers in OCI's GENERIC SSE events. genai-bench's requests must all verify and its records hold
# the usage the events carried; a profile whose key_file is another RSA key must be refused
# (401 NotAuthenticated -> http_401 records, exit status 3). Packages are cached in CACHE_DIR.
# Exits 77 (skipped, with the reason) only when node/npm are missing or the registry cannot be reached.
# Usage: oci_reference_test.sh GENAI_BENCH_BINARY CACHE_DIR
set -euo pipefail
binary=$1
mkdir -p "$2"
cache=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$(cd "$here/../fixtures/oci-signing" && pwd)
# oci-common pins its own dependencies (http-signature, sshpk, jssha) to exact versions.
packages=(oci-common@2.142.1)

source "$here/../npm_packages.sh"
install_npm_packages "$cache" "the OCI signing reference" "${packages[@]}"
# node resolves the packages from the script's folder.
cp "$here/oci_reference_server.cjs" "$cache/"
work=$(mktemp -d "$cache/run.XXXXXX")
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

# Another RSA key for the profile that must be refused.
if command -v openssl >/dev/null; then
  openssl genrsa -out "$work/other_key.pem" 2048 2>/dev/null
else
  node -e "const {generateKeyPairSync} = require('node:crypto');
    process.stdout.write(generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({type: 'pkcs1', format: 'pem'}))" \
    > "$work/other_key.pem"
fi
config=$work/oci_config
cat > "$config" <<EOF
[DEFAULT]
user=ocid1.user.oc1..bench
fingerprint=20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34
key_file=$fixtures/go_sdk_test_private_key.pem
tenancy=ocid1.tenancy.oc1..bench
region=us-chicago-1

[OTHER_KEY]
user=ocid1.user.oc1..bench
fingerprint=20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34
key_file=$work/other_key.pem
tenancy=ocid1.tenancy.oc1..bench
region=us-chicago-1
EOF
chmod 600 "$config" "$work/other_key.pem"

log=$work/server.log
timeout 600 node "$cache/oci_reference_server.cjs" "$log" "$config" "$fixtures/go_sdk_test_public_key.pem" \
  > "$work/server.port" 2> "$work/server.err" &
server_pid=$!
port=
for _ in $(seq 100); do
  # The background job creates the file; it may not exist at the first look (set -e).
  port=$(head -1 "$work/server.port" 2>/dev/null || true)
  [[ -n "$port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z "$port" ]]; then
  echo "FAIL the reference server did not start:"
  cat "$work/server.err"
  exit 1
fi

# check_records NAME ok|http_401: the run's records.jsonl holds 6 records, all as expected.
check_records() {
  local name=$1 want=$2
  if ! node - "$work/$name" "$want" <<'EOF'; then
const fs = require('node:fs');
const path = require('node:path');
const [dir, want] = process.argv.slice(2);
const runs = fs.readdirSync(dir).filter((entry) => fs.existsSync(path.join(dir, entry, 'records.jsonl')));
if (runs.length !== 1) { console.log(`FAIL ${dir}: ${runs.length} result folders with records.jsonl`); process.exit(1); }
const records = fs.readFileSync(path.join(dir, runs[0], 'records.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const bad = records.filter((r) => want === 'ok'
  ? !(r.ok === true && r.output_tokens === 8 && r.output_source === 'usage' && r.input_tokens === 37 && r.input_source === 'usage')
  : !(r.ok === false && r.error_kind === want && r.http_status === 401));
if (records.length !== 6 || bad.length) {
  console.log(`FAIL ${path.basename(dir)}: ${records.length} records (want 6), ${bad.length} not as expected (${want}); first:`);
  console.log(JSON.stringify(bad[0] ?? records[0]));
  process.exit(1);
}
EOF
    echo "--- genai-bench output ($name):"
    tail -20 "$work/$name.out"
    exit 1
  fi
}

# check_log FROM WANT: lines FROM+1.. of the server's log are 6 verdicts, all valid (WANT=ok) or all
# refused for WANT (a substring of the reason); oci-common's signature of each must agree with ours.
check_log() {
  local from=$1 want=$2
  if ! node - "$log" "$from" "$want" <<'EOF'; then
const fs = require('node:fs');
const [file, from, want] = process.argv.slice(2);
const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(Number(from)).map((line) => JSON.parse(line));
const bad = lines.filter((l) => l.oracle !== 'agrees' ||
  (want === 'ok' ? !(l.ok && l.library) : (l.ok || l.library || !String(l.reason).includes(want))));
if (lines.length !== 6 || bad.length) {
  console.log(`FAIL the server logged ${lines.length} requests (want 6), ${bad.length} not ${want} or not agreeing with oci-common; first such:`);
  const first = bad[0] ?? lines[0];
  if (first) {
    const { signingString, ...rest } = first;
    console.log(JSON.stringify(rest));
    if (signingString) console.log(`signing string rebuilt from the request:\n${signingString}`);
  }
  process.exit(1);
}
EOF
    exit 1
  fi
}

# run_case NAME EXPECT_STATUS RECORDS LOG_WANT FLAGS...
run_case() {
  local name=$1 want_status=$2 records=$3 log_want=$4
  shift 4
  local before status=0
  before=$(wc -l < "$log")
  timeout 120 "$binary" benchmark --api-backend oci-genai --api-base "http://127.0.0.1:$port" --api-model-name meta.llama-3.3-70b \
    --config-file "$config" --additional-request-params '{"compartmentId":"ocid1.compartment.oc1..c"}' \
    --traffic-scenario "D(50,8)" --num-concurrency 2 --max-requests-per-run 6 --no-ui --output-dir "$work/$name" "$@" \
    > "$work/$name.out" 2>&1 || status=$?
  if [[ $status -ne $want_status ]]; then
    echo "FAIL $name: genai-bench exited $status, want $want_status"
    tail -20 "$work/$name.out"
    check_log "$before" "$log_want"
    exit 1
  fi
  check_log "$before" "$log_want"
  check_records "$name" "$records"
  echo "ok   $name: exit $status, 6 records $records, the server's verdicts: $log_want"
}

run_case signed 0 ok ok
run_case other-key 3 http_401 "RSA signature does not verify" --profile OTHER_KEY

signed=$(node -p "JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8').split('\\n')[0]).signedHeaders" "$log")
echo "oci reference: 6 requests' signatures (over: $signed)" \
     "verified by node:crypto and http-signature, oci-common's DefaultRequestSigner agreeing on keyId, host, content-type," \
     "content-length and x-content-sha256 and its signature verifying with the same key; 6 signed by another key refused" \
     "(http_401, exit 3); GENERIC SSE decoded by genai-bench (8 output, 37 input tokens from usage)"
