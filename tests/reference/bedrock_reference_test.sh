#!/usr/bin/env bash
# Our AWS Bedrock client end to end against AWS's own JavaScript packages (npm, pinned), over
# loopback: bedrock_reference_server.cjs recomputes every request's SigV4 signature with
# @smithy/signature-v4 (the AWS SDK's signer) and answers in event-stream frames encoded by
# @smithy/eventstream-codec. genai-bench runs ConverseStream, InvokeModelWithResponseStream (Claude
# body) and ConverseStream with a session token: every request must verify and every record must
# hold the usage the frames carried; a wrong secret and a wrong session token must be refused
# (403 InvalidSignatureException -> http_403 records, exit status 3). Packages are cached in
# CACHE_DIR. Exits 77 (skipped, with the reason) only when node/npm are missing or the registry
# cannot be reached.
# Usage: bedrock_reference_test.sh GENAI_BENCH_BINARY CACHE_DIR
set -euo pipefail
binary=$1
mkdir -p "$2"
cache=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# @smithy/core holds the codec's and the signer's shared code (eventstream-codec re-exports it):
# pinned too, so a new release of it cannot change the reference under us.
packages=(@smithy/signature-v4@5.7.5 @aws-crypto/sha256-js@5.2.0 @smithy/protocol-http@5.6.2
          @smithy/eventstream-codec@4.5.2 @smithy/util-utf8@4.5.2 @smithy/core@3.41.1)

source "$here/../npm_packages.sh"
install_npm_packages "$cache" "the AWS Bedrock reference server" "${packages[@]}"
# node resolves the packages from the script's folder.
cp "$here/bedrock_reference_server.cjs" "$cache/"
work=$(mktemp -d "$cache/run.XXXXXX")
server_pids=()
cleanup() {
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
# Only the flags below may reach the client: no credentials, profile or proxy from the environment.
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_REGION AWS_DEFAULT_REGION \
      AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

key_id=AKIDEXAMPLE
secret=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
model=anthropic.claude-3-haiku-20240307-v1:0
token=FwoGZXIvYXdzEBYaDreference/session+token==

# start_server NAME ARGS...: starts the reference server (logging to $work/NAME.log) and sets $port.
start_server() {
  local name=$1
  shift
  timeout 600 node "$cache/bedrock_reference_server.cjs" "$work/$name.log" "$@" \
    > "$work/$name.port" 2> "$work/$name.err" &
  server_pids+=($!)
  port=
  for _ in $(seq 100); do
    # The background job creates the file; it may not exist at the first look (set -e).
    port=$(head -1 "$work/$name.port" 2>/dev/null || true)
    [[ -n "$port" ]] && return 0
    kill -0 "${server_pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "FAIL the reference server did not start:"
  cat "$work/$name.err"
  exit 1
}

# bench NAME PORT FLAGS...: one genai-bench run into $work/NAME; sets $status.
bench() {
  local name=$1 at=$2
  shift 2
  status=0
  timeout 120 "$binary" benchmark --api-backend aws-bedrock --api-base "http://127.0.0.1:$at" --api-model-name "$model" \
    --aws-access-key-id "$key_id" --aws-region us-east-1 --traffic-scenario "D(50,8)" --num-concurrency 2 \
    --max-requests-per-run 6 --no-ui --output-dir "$work/$name" "$@" > "$work/$name.out" 2>&1 || status=$?
}

# check_records NAME ok|http_403: the run's records.jsonl holds 6 records, all as expected.
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
  : !(r.ok === false && r.error_kind === want && r.http_status === 403));
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

# check_log NAME FROM WANT COUNT: lines FROM+1.. of the server's log are COUNT verifications, all
# passed (WANT=ok) or all refused for WANT (a substring of the reason).
check_log() {
  local name=$1 from=$2 want=$3 count=$4
  if ! node - "$work/$name.log" "$from" "$want" "$count" <<'EOF'; then
const fs = require('node:fs');
const [file, from, want, count] = process.argv.slice(2);
const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(Number(from)).map((line) => JSON.parse(line));
const bad = lines.filter((l) => want === 'ok' ? !l.ok : (l.ok || !String(l.reason).includes(want)));
if (lines.length !== Number(count) || bad.length) {
  console.log(`FAIL the server logged ${lines.length} requests (want ${count}), ${bad.length} not ${want}; first such:`);
  const first = bad[0] ?? lines[0];
  if (first) {
    const { canonicalRequest, ...rest } = first;
    console.log(JSON.stringify(rest));
    if (canonicalRequest) console.log(`canonical request as @smithy/signature-v4 computes it:\n${canonicalRequest}`);
  }
  process.exit(1);
}
EOF
    exit 1
  fi
}

log_lines() { wc -l < "$work/$1.log"; }

# run_case NAME SERVER SERVER_PORT EXPECT_STATUS RECORDS LOG_WANT FLAGS...
run_case() {
  local name=$1 server=$2 at=$3 want_status=$4 records=$5 log_want=$6
  shift 6
  local before
  before=$(log_lines "$server")
  bench "$name" "$at" "$@"
  if [[ $status -ne $want_status ]]; then
    echo "FAIL $name: genai-bench exited $status, want $want_status"
    tail -20 "$work/$name.out"
    check_log "$server" "$before" "$log_want" 6
    exit 1
  fi
  check_log "$server" "$before" "$log_want" 6
  check_records "$name" "$records"
  echo "ok   $name: exit $status, 6 records $records, the server's verdicts: $log_want"
}

start_server plain "$key_id" "$secret"
plain_port=$port
start_server token "$key_id" "$secret" "$token"
token_port=$port

run_case converse plain "$plain_port" 0 ok ok --aws-secret-access-key "$secret"
run_case invoke plain "$plain_port" 0 ok ok --aws-secret-access-key "$secret" --bedrock-api invoke
run_case session-token token "$token_port" 0 ok ok --aws-secret-access-key "$secret" --aws-session-token "$token"
run_case wrong-secret plain "$plain_port" 3 http_403 "signature mismatch" --aws-secret-access-key "${secret}X"
run_case wrong-token token "$token_port" 3 http_403 "x-amz-security-token is not the session token" \
  --aws-secret-access-key "$secret" --aws-session-token "${token}X"

echo "bedrock reference: 18 requests (converse-stream, invoke-with-response-stream, with a session token) verified by" \
     "@smithy/signature-v4 (path as the SDK builds it, canonical URI encoded again: %253A), 12 with a wrong secret or" \
     "session token refused (http_403, exit 3); frames by @smithy/eventstream-codec decoded by genai-bench (8 output," \
     "37 input tokens from usage)"
