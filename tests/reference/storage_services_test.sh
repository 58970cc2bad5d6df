#!/usr/bin/env bash
# `genai-bench upload` end to end against stand-ins for Google Cloud Storage (with Google's OAuth2
# token endpoint), OCI Object Storage and GitHub releases (storage_services_server.cjs, node, on
# 127.0.0.1 only), because those services cannot be run here and their rules are easy to get subtly
# wrong: the stand-ins check each credential as the service does (the JWT-bearer grant of the
# fixture service-account key by node:crypto and google-auth-library; OCI HTTP signatures by
# node:crypto and http-signature, cross-checked with Oracle's own signer from oci-common, which signs
# PutObject and UploadPart without the body headers; GitHub tokens and User-Agent), store what they
# receive, and log every request. An experiment folder made by the benchmark against the built-in
# mock, plus a 12 MiB random file (so part/chunk uploads happen at --storage-part-size 5MiB), is
# uploaded and must arrive byte for byte under {prefix}/{folder}/{path} (GitHub: one asset per file,
# '/' -> '-', renamed as GitHub renames names with spaces and '+'), with the README's content
# types and summary line, and an "uploads" entry in experiment.json.
#   gcs: exit 0; small files by uploadType=media, the 12 MiB file by a resumable upload in chunks that
#        are multiples of 256 KiB but the last; an injected 503 on the first upload and on a chunk
#        retried; a bearer token another token endpoint issued is refused (401, exit 6), and so is a
#        key the token endpoint does not know (invalid_grant, exit 6).
#   oci: exit 0 with the namespace from GET /n/ and with --namespace (no GET /n/); every request's
#        signature verified, signing exactly the headers oci-common signs; the 12 MiB file by
#        multipart upload in 3 parts (an injected 503 on part 2 retried); a profile whose key is
#        another key -> 401 NotAuthenticated, exit 6.
#   github: the release is created; run again, every asset is replaced (deleted, then uploaded: no
#        422), exit 0; GITHUB_TOKEN/GITHUB_OWNER/GITHUB_REPO work instead of the flags; a wrong token
#        -> exit 6 naming 401; asset uploads go to the release's upload_url (another port).
#   every failure leaves the folder intact; a dead endpoint -> exit 6; no token or key in any output.
# Packages are cached in CACHE_DIR. Exits 77 (skipped, with the reason) only when node/npm are
# missing or the registry cannot be reached.
# Usage: storage_services_test.sh GENAI_BENCH_BINARY CACHE_DIR
set -euo pipefail
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mkdir -p "$2"
cache=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$(cd "$here/../fixtures" && pwd)
# oci-common pins its own dependencies (http-signature, sshpk, jssha) to exact versions.
packages=(oci-common@2.142.1 google-auth-library@10.9.1)

source "$here/../npm_packages.sh"
install_npm_packages "$cache" "the storage service stand-ins" "${packages[@]}"
# node resolves the packages from the script's folder.
cp "$here/storage_services_server.cjs" "$cache/"
work=$(mktemp -d "$cache/run.XXXXXX")
server_pids=()
cleanup() {
  local pid
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY GITHUB_TOKEN GITHUB_OWNER GITHUB_REPO \
      GOOGLE_APPLICATION_CREDENTIALS GCP_PROJECT_ID
export NO_PROXY=127.0.0.1 no_proxy=127.0.0.1

# Credentials: the fixture keys, another RSA key (in PKCS#8, as Google key files hold keys) for the
# identities that must be refused, and a GitHub token made up for this run.
node -e "const c = require('node:crypto');
  process.stdout.write(c.generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({type: 'pkcs8', format: 'pem'}))" \
  > "$work/other_key.pem"
github_token=ghp_$(node -p "require('node:crypto').randomBytes(18).toString('hex')")
config=$work/oci_config
cat > "$config" <<EOF
[DEFAULT]
user=ocid1.user.oc1..bench
fingerprint=20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34
key_file=$fixtures/oci-signing/go_sdk_test_private_key.pem
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

# start_server NAME: runs a stand-in with its own log and store; sets port and uploads_port.
start_server() {
  local name=$1 pid
  STORAGE_STANDIN_GITHUB_TOKEN=$github_token timeout 600 node "$cache/storage_services_server.cjs" \
    "$work/$name.log" "$work/$name-store" "$config" "$fixtures/oci-signing/go_sdk_test_public_key.pem" \
    "$fixtures/google-auth/service-account.json" "$fixtures/google-auth/public-key.pem" \
    > "$work/$name.ports" 2> "$work/$name.err" &
  pid=$!
  server_pids+=("$pid")
  port= uploads_port=
  for _ in $(seq 150); do
    # The background job creates the file; it may not exist at the first look (set -e).
    uploads_port=$(sed -n 2p "$work/$name.ports" 2>/dev/null || true)
    [[ -n "$uploads_port" ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  port=$(sed -n 1p "$work/$name.ports" 2>/dev/null || true)
  if [[ -z "$uploads_port" ]]; then
    echo "FAIL the stand-in server ($name) did not start:"
    cat "$work/$name.err"
    exit 1
  fi
}
start_server main
main_port=$port
start_server other
other_port=$port
base=http://127.0.0.1:$main_port
log=$work/main.log

# Service-account key files: the fixture's key asking the main stand-in for tokens; the same key
# asking the other stand-in (whose tokens the main one never issued); another key.
node - "$fixtures/google-auth/service-account.json" "$work" "$main_port" "$other_port" "$work/other_key.pem" <<'EOF'
const fs = require('node:fs');
const [keyFile, work, mainPort, otherPort, otherKey] = process.argv.slice(2);
const key = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
const write = (name, changes) => fs.writeFileSync(`${work}/${name}`, JSON.stringify({ ...key, ...changes }, null, 2), { mode: 0o600 });
write('sa.json', { token_uri: `http://127.0.0.1:${mainPort}/token` });
write('sa-other-issuer.json', { token_uri: `http://127.0.0.1:${otherPort}/token` });
write('sa-other-key.json', { token_uri: `http://127.0.0.1:${mainPort}/token`, private_key: fs.readFileSync(otherKey, 'utf8') });
EOF

# The checks on what the stand-ins logged and stored (node, one command per kind of check).
cat > "$work/check.cjs" <<'EOF'
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const [command, ...args] = process.argv.slice(2);
const fail = (message) => { console.log(`FAIL ${message}`); process.exit(1); };
const logLines = (file, from) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(Number(from)).map((line) => JSON.parse(line));
const walk = (dir, rel = '') => fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
  const child = rel ? `${rel}/${entry.name}` : entry.name;
  return entry.isDirectory() ? walk(dir, child) : [child];
}).sort();
const githubAssetName = (name) => name.replace(/[^A-Za-z0-9._-]/g, '.').replace(/\.{2,}/g, '.').replace(/^\.+|\.+$/g, '');
const contentTypes = { json: 'application/json', jsonl: 'application/x-ndjson', csv: 'text/csv', html: 'text/html', png: 'image/png',
                       svg: 'image/svg+xml', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                       log: 'text/plain', txt: 'text/plain', gp: 'text/plain' };
const expectedType = (file) => contentTypes[path.extname(file).slice(1).toLowerCase()] ?? 'application/octet-stream';
const MiB = 1024 * 1024;

const commands = {
  // objects LOG FROM SERVICE SNAPSHOT STORE_ROOT KEY_BASE [github]: every file of SNAPSHOT was stored
  // by this run at KEY_BASE/relative (GitHub: the asset name), byte for byte, with its content type
  // (not GitHub's), and nothing else was stored. Prints "FILES BYTES".
  objects(logFile, from, service, snapshot, storeRoot, keyBase, github) {
    const stored = new Map();
    for (const line of logLines(logFile, from)) {
      if (line.service === service && line.stored && line.status < 300) stored.set(line.stored.key, line.stored);
    }
    const files = walk(snapshot);
    const problems = [];
    let bytes = 0;
    const expected = new Set();
    for (const rel of files) {
      const local = fs.readFileSync(path.join(snapshot, rel));
      bytes += local.length;
      const key = github ? githubAssetName(`${keyBase}/${rel}`.replace(/\//g, '-')) : `${keyBase}/${rel}`;
      expected.add(key);
      const entry = stored.get(key);
      if (!entry) { problems.push(`${key}: not stored`); continue; }
      const remote = fs.readFileSync(path.join(storeRoot, key));
      if (!remote.equals(local)) problems.push(`${key}: ${remote.length} bytes stored, not the local ${local.length} bytes`);
      const type = String(entry.contentType).split(';')[0].trim();
      if (!github && type !== expectedType(rel)) problems.push(`${key}: content type ${entry.contentType}, want ${expectedType(rel)}`);
    }
    for (const key of stored.keys()) if (!expected.has(key)) problems.push(`unexpected object stored: ${JSON.stringify(key)}`);
    // What the store holds there now (GitHub: the release's assets) is exactly the folder.
    const held = github ? walk(storeRoot) : walk(path.join(storeRoot, keyBase)).map((rel) => `${keyBase}/${rel}`);
    for (const key of held) if (!expected.has(key)) problems.push(`the store holds ${JSON.stringify(key)}, not a file of the folder`);
    if (problems.length) fail(`${service}: ${problems.length} problems with the stored objects:\n  ${problems.slice(0, 12).join('\n  ')}`);
    console.log(`${files.length} ${bytes}`);
  },
  // nothing LOG FROM SERVICE: no object was stored by this run.
  nothing(logFile, from, service) {
    const stored = logLines(logFile, from).filter((line) => line.service === service && line.stored);
    if (stored.length) fail(`${service}: ${stored.length} objects were stored, e.g. ${stored[0].stored.key}`);
  },
  // uploads-entry EXPERIMENT_JSON SNAPSHOT_JSON PROVIDER ok|failed FILES BYTES BUCKET: experiment.json
  // is the snapshot plus one more "uploads" entry, as the README (Uploading results) describes.
  'uploads-entry'(file, snapshotFile, provider, status, files, bytes, bucket) {
    const now = JSON.parse(fs.readFileSync(file, 'utf8'));
    const before = JSON.parse(fs.readFileSync(snapshotFile, 'utf8'));
    const { uploads: nowUploads = [], ...nowRest } = now;
    const { uploads: beforeUploads = [], ...beforeRest } = before;
    if (JSON.stringify(nowRest) !== JSON.stringify(beforeRest)) fail('experiment.json changed besides its "uploads"');
    if (nowUploads.length !== beforeUploads.length + 1) fail(`experiment.json has ${nowUploads.length} uploads entries, want ${beforeUploads.length + 1}`);
    const entry = nowUploads.at(-1);
    const problems = [];
    if (entry.provider !== provider) problems.push(`provider ${entry.provider}`);
    if (entry.status !== status) problems.push(`status ${entry.status}`);
    if (status === 'ok') {
      if (entry.files !== Number(files)) problems.push(`files ${entry.files}, want ${files}`);
      if (entry.bytes !== Number(bytes)) problems.push(`bytes ${entry.bytes}, want ${bytes}`);
      if (entry.failed_files !== 0) problems.push(`failed_files ${entry.failed_files}`);
    } else if (!Number.isInteger(entry.files) || !(entry.failed_files >= 1 && entry.failed_files <= Number(files))) {
      problems.push(`files ${entry.files}, failed_files ${entry.failed_files} (want 1..${files})`);
    }
    if (typeof entry.destination !== 'string' || !entry.destination.includes(bucket)) problems.push(`destination ${entry.destination} does not name ${bucket}`);
    if (typeof entry.seconds !== 'number' || Number.isNaN(Date.parse(entry.finished_at))) problems.push('seconds or finished_at missing');
    if (problems.length) fail(`the uploads entry ${JSON.stringify(entry)}: ${problems.join('; ')}`);
  },
  // gcs LOG FROM BIG_KEY: every upload was authorized by a token the endpoint issued after a grant
  // both verifiers accepted; small files by media, BIG_KEY resumable in 256-KiB-multiple chunks; the
  // injected 503s (first upload, second chunk) retried.
  gcs(logFile, from, bigKey) {
    const lines = logLines(logFile, from).filter((line) => line.service === 'gcs');
    const tokens = lines.filter((line) => line.op === 'token');
    if (!tokens.length || tokens.some((line) => !(line.ok && line.library && line.status === 200))) {
      fail(`token grants: ${JSON.stringify(tokens.map(({ token, ...rest }) => rest))}`);
    }
    const uploads = lines.filter((line) => line.op === 'media' || line.op === 'resumable-start');
    const unauthorized = uploads.filter((line) => line.auth !== 'bearer ok');
    if (unauthorized.length) fail(`uploads not authorized: ${JSON.stringify(unauthorized[0])}`);
    const injected = lines.filter((line) => line.injected);
    if (injected.length !== 2) fail(`${injected.length} injected 503s were logged, want 2 (first upload, second chunk)`);
    for (const fault of injected) {
      const later = lines.find((line) => line.n > fault.n && line.key === fault.key && line.op === fault.op && line.status < 400 &&
                                         (fault.op !== 'chunk' || line.contentRange === fault.contentRange));
      if (!later) fail(`the request answered 503 (${fault.op} ${fault.key} ${fault.contentRange ?? ''}) was not repeated successfully`);
    }
    const big = lines.filter((line) => line.key === bigKey);
    const start = big.filter((line) => line.op === 'resumable-start' && line.status === 200);
    const done = big.find((line) => line.stored);
    if (start.length !== 1 || !done || done.stored.via !== 'resumable') fail(`${bigKey} was not stored by one resumable upload: ${JSON.stringify(big.map((l) => [l.op, l.status]))}`);
    const sizes = done.chunkSizes;
    if (sizes.length < 3 || sizes.slice(0, -1).some((size) => size % (256 * 1024) !== 0)) fail(`chunk sizes ${sizes}`);
    const small = lines.filter((line) => line.stored && line.key !== bigKey && line.stored.via !== 'media');
    if (small.length) fail(`${small[0].key} was not sent by uploadType=media`);
    const bad = lines.filter((line) => line.status === 400);
    if (bad.length) fail(`the stand-in refused requests: ${JSON.stringify(bad[0])}`);
    console.log(sizes.map((size) => size % MiB ? `${size} B` : `${size / MiB} MiB`).join(' + '));
  },
  // oci LOG FROM ok|refused NAMESPACE_GETS [BIG_KEY]: every request's signature verified (or all refused
  // as signed by another key), oci-common signing the same header set; NAMESPACE_GETS GET /n/;
  // BIG_KEY by multipart in 3 parts (part 2's injected 503 retried). Prints the signed header sets.
  oci(logFile, from, want, namespaceGets, bigKey) {
    const lines = logLines(logFile, from).filter((line) => line.service === 'oci');
    if (!lines.length) fail('no OCI request was logged');
    const bad = lines.filter((line) => line.oracle !== 'agrees' ||
      (want === 'ok' ? !(line.ok && line.library) : (line.ok || line.library || !String(line.reason).includes('RSA signature does not verify'))));
    if (bad.length) {
      const { signingString, ...first } = bad[0];
      fail(`${bad.length} of ${lines.length} OCI requests not ${want} or not signed as oci-common signs; first: ${JSON.stringify(first)}` +
           (signingString ? `\nsigning string rebuilt from the request:\n${signingString}` : ''));
    }
    const gets = lines.filter((line) => line.op === 'namespace').length;
    if (gets !== Number(namespaceGets)) fail(`${gets} GET /n/ requests, want ${namespaceGets}`);
    if (want === 'ok') {
      const refused = lines.filter((line) => line.status >= 400 && !line.injected);
      if (refused.length) fail(`the stand-in refused: ${JSON.stringify(refused[0])}`);
    }
    if (bigKey) {
      const big = lines.filter((line) => line.key === bigKey);
      const creates = big.filter((line) => line.op === 'multipart-create' && line.status === 200);
      const commit = big.find((line) => line.op === 'multipart-commit' && line.stored);
      if (creates.length !== 1 || !commit) fail(`${bigKey} was not stored by one multipart upload: ${JSON.stringify(big.map((l) => [l.op, l.status]))}`);
      if (JSON.stringify(commit.partsCommitted) !== '[1,2,3]' || JSON.stringify(commit.stored.partSizes) !== JSON.stringify([5 * MiB, 5 * MiB, 2 * MiB])) {
        fail(`${bigKey}: parts ${commit.partsCommitted} of ${commit.stored.partSizes} bytes, want 1,2,3 of 5, 5 and 2 MiB`);
      }
      const injected = big.filter((line) => line.injected);
      if (injected.length !== 1 || !big.some((line) => line.n > injected[0].n && line.op === 'part' && line.partNum === 2 && line.status === 200)) {
        fail('the injected 503 on part 2 was not followed by part 2 uploaded');
      }
      const small = lines.filter((line) => line.stored && line.key !== bigKey && line.stored.via !== 'put');
      if (small.length) fail(`${small[0].key} was not sent by PutObject`);
    }
    const sets = {};
    for (const line of lines) sets[line.op] = line.signedHeaders;
    console.log(Object.entries(sets).map(([op, names]) => `${op}: ${names}`).join('; '));
  },
  // github LOG FROM CREATES DELETES: CREATES releases created, DELETES assets deleted, no 422, no
  // refused request, asset uploads on the uploads port only.
  github(logFile, from, creates, deletes) {
    const lines = logLines(logFile, from).filter((line) => line.service === 'github');
    const count = (op) => lines.filter((line) => line.op === op && line.status < 300).length;
    const problems = [];
    if (count('release-create') !== Number(creates)) problems.push(`${count('release-create')} releases created, want ${creates}`);
    if (count('asset-delete') !== Number(deletes)) problems.push(`${count('asset-delete')} assets deleted, want ${deletes}`);
    const refused = lines.filter((line) => line.status >= 400 && !(line.op === 'release-by-tag' && line.status === 404));
    if (refused.length) problems.push(`refused: ${JSON.stringify(refused[0])}`);
    if (lines.some((line) => line.op === 'asset-upload' && line.port !== 'uploads')) problems.push('an asset was not sent to the upload_url');
    if (problems.length) fail(`github: ${problems.join('; ')}`);
  },
  // refused LOG FROM SERVICE STATUS: every request of SERVICE in this run was answered STATUS (at least one).
  refused(logFile, from, service, status) {
    const lines = logLines(logFile, from).filter((line) => line.service === service && line.op !== 'token');
    if (!lines.length || lines.some((line) => line.status !== Number(status))) {
      fail(`${service}: want every request answered ${status}: ${JSON.stringify(lines.slice(0, 3))}`);
    }
    console.log(lines.length);
  },
  // secrets FILE LOG...: the secrets to look for (GitHub token, issued access tokens, key lines).
  secrets(out, githubToken, ...files) {
    const secrets = [githubToken];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      if (file.endsWith('.log')) {
        for (const line of text.split('\n').filter(Boolean)) { const entry = JSON.parse(line); if (entry.token) secrets.push(entry.token); }
        continue;
      }
      const pem = file.endsWith('.json') ? JSON.parse(text).private_key : text;
      const body = pem.split('\n').filter((line) => line && !line.startsWith('-----'));
      secrets.push(body[1], body[Math.floor(body.length / 2)]);
    }
    fs.writeFileSync(out, secrets.join('\n') + '\n');
  },
};
if (!commands[command]) fail(`check.cjs: no command ${command}`);
commands[command](...args);
EOF
check() { node "$work/check.cjs" "$@"; }

# The experiment folder: a benchmark against the built-in mock, plus 12 MiB of random bytes.
if ! timeout 120 "$binary" benchmark --traffic-scenario "D(10,10)" --num-concurrency 1 --max-requests-per-run 4 \
     --max-time-per-run 10s --no-ui --output-dir "$work/exp" > "$work/benchmark.out" 2>&1; then
  echo "FAIL the benchmark that makes the experiment folder failed:"
  tail -20 "$work/benchmark.out"
  exit 1
fi
dirs=("$work"/exp/*/)
if [[ ${#dirs[@]} -ne 1 || ! -f "${dirs[0]}experiment.json" ]]; then
  echo "FAIL the benchmark did not make one experiment folder with experiment.json in $work/exp"
  exit 1
fi
dir=${dirs[0]%/}
name=$(basename "$dir")
mkdir -p "$dir/blobs"
head -c $((12 * 1024 * 1024)) /dev/urandom > "$dir/blobs/random 12MiB.bin"
big_rel="blobs/random 12MiB.bin"

# control JSON: tells the main stand-in which faults to inject next.
control() {
  node -e "fetch(process.argv[1], {method: 'POST', body: process.argv[2]}).then((r) => process.exit(r.ok ? 0 : 1))" "$base/__control" "$1"
}

# run_upload NAME WANT_STATUS ARGS...: snapshots the folder, runs `upload` on it, wants the exit
# status; sets from (the log line it started at).
run_upload() {
  local run=$1 want=$2 status=0
  shift 2
  rm -rf "$work"/snap-*
  cp -a "$dir" "$work/snap-$run"
  from=$(wc -l < "$log")
  timeout 120 "$binary" upload "$@" "$dir" > "$work/$run.out" 2>&1 || status=$?
  if [[ $status -ne $want ]]; then
    echo "FAIL $run: genai-bench upload exited $status, want $want; command:"
    echo "  genai-bench upload $* $dir"
    echo "--- its output:"
    tail -25 "$work/$run.out"
    exit 1
  fi
}

# expect_uploaded RUN SERVICE STORE_ROOT KEY_BASE PROVIDER BUCKET [github]: the objects, summary line
# and experiment.json entry of a run that succeeded; sets files and bytes.
expect_uploaded() {
  local run=$1 service=$2 root=$3 key_base=$4 provider=$5 bucket=$6 github=${7:-}
  local counts
  counts=$(check objects "$log" "$from" "$service" "$work/snap-$run" "$root" "$key_base" $github) || { echo "$counts"; exit 1; }
  read -r files bytes <<< "$counts"
  # The size as a byte count or readable ("12.4 MiB"); experiment.json's entry has the exact bytes.
  if ! grep -qE "^genai-bench: uploaded $files files \(($bytes bytes|[0-9.]+ [KMG]?i?B)\) to .+ in [0-9.]+ ?s" "$work/$run.out"; then
    echo "FAIL $run: no line 'genai-bench: uploaded $files files ($bytes bytes) to DEST in S s'; output:"
    tail -10 "$work/$run.out"
    exit 1
  fi
  check uploads-entry "$dir/experiment.json" "$work/snap-$run/experiment.json" "$provider" ok "$files" "$bytes" "$bucket"
}

# expect_failed RUN PROVIDER BUCKET WORD: the summary line of a failed upload, WORD (e.g. 401; any case)
# named in the output, the folder intact (experiment.json holding one more, failed, uploads entry).
expect_failed() {
  local run=$1 provider=$2 bucket=$3 word=$4 n
  n=$(cd "$work/snap-$run" && find . -type f | wc -l)
  # Files that failed: one line each, then the count; a failure before any file (no token, no
  # release): one line with the reason.
  if ! grep -qE "^genai-bench: upload to .* failed: [0-9]+ of $n files were not uploaded; the local folder is intact: |^genai-bench: upload of .* failed: .*; the local folder is intact" "$work/$run.out" ||
     ! grep -qiF -- "$word" "$work/$run.out"; then
    echo "FAIL $run: want 'genai-bench: upload to DEST failed: F of $n files were not uploaded; the local folder is intact: DIR'" \
         "(or 'genai-bench: upload of DIR failed: REASON; the local folder is intact') and '$word' in the output:"
    tail -15 "$work/$run.out"
    exit 1
  fi
  if ! diff -r -x experiment.json "$work/snap-$run" "$dir" > "$work/$run.diff"; then
    echo "FAIL $run: the folder changed:"
    head -20 "$work/$run.diff"
    exit 1
  fi
  check uploads-entry "$dir/experiment.json" "$work/snap-$run/experiment.json" "$provider" failed "$n" 0 "$bucket"
}

# ---- Google Cloud Storage
gcs_flags=(--storage-provider gcp --storage-endpoint "$base" --storage-bucket bench --storage-part-size 5MiB)
control '{"fail": {"gcs-upload": 1, "gcs-chunk": 1}}'
run_upload gcs 0 "${gcs_flags[@]}" --storage-prefix runs/2026 --storage-gcp-credentials-path "$work/sa.json"
expect_uploaded gcs gcs "$work/main-store/gcs/bench" "runs/2026/$name" gcp bench
chunks=$(check gcs "$log" "$from" "runs/2026/$name/$big_rel") || { echo "$chunks"; exit 1; }
echo "ok   gcs: $files objects ($bytes bytes) byte-identical under runs/2026/$name/ with the README's content types; summary line and uploads entry"
echo "ok   gcs: JWT-bearer grant verified by node:crypto and google-auth-library; small files by uploadType=media, the 12 MiB one resumable in $chunks; injected 503s (first upload, second chunk) retried"

run_upload gcs-other-issuer 6 "${gcs_flags[@]}" --storage-prefix runs/other-issuer --storage-gcp-credentials-path "$work/sa-other-issuer.json"
check nothing "$log" "$from" gcs
refused=$(check refused "$log" "$from" gcs 401) || { echo "$refused"; exit 1; }
expect_failed gcs-other-issuer gcp bench 401
echo "ok   gcs: a bearer token another token endpoint issued: $refused uploads refused (401), exit 6, folder intact"

run_upload gcs-other-key 6 "${gcs_flags[@]}" --storage-prefix runs/other-key --storage-gcp-credentials-path "$work/sa-other-key.json"
check nothing "$log" "$from" gcs
if ! grep -q invalid_grant "$work/gcs-other-key.out"; then
  echo "FAIL gcs-other-key: the output does not name the token endpoint's invalid_grant:"
  tail -10 "$work/gcs-other-key.out"
  exit 1
fi
expect_failed gcs-other-key gcp bench invalid_grant
echo "ok   gcs: a key the token endpoint does not know: invalid_grant named, exit 6, folder intact"

# ---- OCI Object Storage
oci_flags=(--storage-provider oci --storage-endpoint "$base" --storage-bucket bench --config-file "$config" --storage-part-size 5MiB)
control '{"fail": {"oci-part": 1}}'
run_upload oci 0 "${oci_flags[@]}" --storage-prefix runs/2026 --profile DEFAULT
expect_uploaded oci oci "$work/main-store/oci/testnamespace/bench" "runs/2026/$name" oci bench
signed=$(check oci "$log" "$from" ok 1 "runs/2026/$name/$big_rel") || { echo "$signed"; exit 1; }
echo "ok   oci: namespace from GET /n/; $files objects ($bytes bytes) byte-identical with the README's content types; 12 MiB by multipart in 3 parts (5+5+2 MiB), part 2's injected 503 retried"
echo "ok   oci: every signature verified (node:crypto, http-signature) over the headers oci-common signs: $signed"

control '{"fail": {"oci-put": 1}}'
run_upload oci-namespace 0 "${oci_flags[@]}" --storage-prefix runs/ns --namespace testnamespace
expect_uploaded oci-namespace oci "$work/main-store/oci/testnamespace/bench" "runs/ns/$name" oci bench
signed=$(check oci "$log" "$from" ok 0) || { echo "$signed"; exit 1; }
echo "ok   oci: --namespace testnamespace: no GET /n/, $files objects byte-identical, an injected 503 on a PutObject retried"

run_upload oci-other-key 6 "${oci_flags[@]}" --storage-prefix runs/other-key --namespace testnamespace --profile OTHER_KEY
check nothing "$log" "$from" oci
signed=$(check oci "$log" "$from" refused 0) || { echo "$signed"; exit 1; }
expect_failed oci-other-key oci bench 401
if ! grep -q NotAuthenticated "$work/oci-other-key.out"; then
  echo "FAIL oci-other-key: the output does not name OCI's error code NotAuthenticated:"
  tail -10 "$work/oci-other-key.out"
  exit 1
fi
echo "ok   oci: a profile whose key is another key: every request refused (401 NotAuthenticated, named), exit 6, folder intact"

# ---- GitHub releases
gh_store=$work/main-store/github/o/r
gh_flags=(--storage-provider github --storage-endpoint "$base")
run_upload github 0 "${gh_flags[@]}" --github-token "$github_token" --github-owner o --github-repo r --storage-bucket v1-results
expect_uploaded github github "$gh_store/v1-results" "$name" github v1-results github
check github "$log" "$from" 1 0
echo "ok   github: release v1-results created; $files assets (named key-with-dashes, as GitHub renames them) byte-identical, sent to the upload_url"

run_upload github-again 0 "${gh_flags[@]}" --github-token "$github_token" --github-owner o --github-repo r --storage-bucket v1-results
expect_uploaded github-again github "$gh_store/v1-results" "$name" github v1-results github
check github "$log" "$from" 0 "$files"
echo "ok   github: run again: all $files assets deleted and uploaded anew (no 422), byte-identical, exit 0"

GITHUB_TOKEN=$github_token GITHUB_OWNER=o GITHUB_REPO=r run_upload github-env 0 "${gh_flags[@]}" --storage-bucket v1-env
expect_uploaded github-env github "$gh_store/v1-env" "$name" github v1-env github
check github "$log" "$from" 1 0
echo "ok   github: GITHUB_TOKEN, GITHUB_OWNER and GITHUB_REPO instead of the flags: release v1-env, $files assets byte-identical"

run_upload github-bad-token 6 "${gh_flags[@]}" --github-token "ghp_not${github_token#ghp_}" --github-owner o --github-repo r --storage-bucket v1-bad
check nothing "$log" "$from" github
expect_failed github-bad-token github v1-bad 401
echo "ok   github: a wrong token: exit 6 naming 401, folder intact"

# ---- A dead endpoint (a port nobody listens on)
dead_port=$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
run_upload dead 6 --storage-provider github --storage-endpoint "http://127.0.0.1:$dead_port" --github-token "$github_token" \
  --github-owner o --github-repo r --storage-bucket v1-dead
expect_failed dead github v1-dead connect
echo "ok   dead endpoint: exit 6 naming the connection failure, folder intact"

# ---- No secret in any output
check secrets "$work/secrets" "$github_token" "$work/main.log" "$work/other.log" "$fixtures/oci-signing/go_sdk_test_private_key.pem" \
  "$work/other_key.pem" "$fixtures/google-auth/service-account.json"
if grep -lF -f "$work/secrets" "$work"/*.out "$dir/experiment.json" > "$work/leaks"; then
  echo "FAIL a token or key line appears in: $(tr '\n' ' ' < "$work/leaks")"
  exit 1
fi
echo "ok   no GitHub token, access token or private-key line in any output or in experiment.json ($(wc -l < "$work/secrets") secrets looked for)"
