#!/usr/bin/env bash
# Our S3 and Azure Blob uploads (genai-bench upload, benchmark --upload-results) end to end against
# emulators from npm (pinned), over loopback only:
#   S3: s3rver behind storage_s3_proxy.cjs, which recomputes every request's SigV4 signature with
#   @smithy/signature-v4 (the AWS SDK's signer, S3's rules: the path encoded once, no normalisation,
#   x-amz-content-sha256 signed and the body's hash), refuses a mismatch 403 SignatureDoesNotMatch,
#   checks CompleteMultipartUpload as S3 does, and answers the first UploadPart of part 2 with a 500
#   once. Checked: an experiment folder (with a file name holding spaces, '+', parentheses, '&',
#   '=', ',' and UTF-8, and a 12 MiB file that must go as a multipart upload of 3 parts of 5 MiB)
#   arrives under PREFIX/NAME/<relative path>, every object byte-identical and with the README's Content-Type,
#   nothing else in the bucket; every request verifies; the injected 500 is retried; experiment.json
#   gains an "uploads" entry; a session token is sent signed as x-amz-security-token; a wrong secret
#   is refused (exit 6, the output names 403 SignatureDoesNotMatch but not the secret, no retry, the
#   folder intact); a dead endpoint gives up in bounded time (exit 6, folder intact); the AWS_*
#   environment variables stand in for the flags; benchmark --upload-results uploads its experiment
#   and records it in experiment.json.
#   Azure: Azurite (which verifies SharedKey and SAS signatures itself; the test makes sure it refuses
#   another key and an altered SAS) read back with Microsoft's @azure/storage-blob: uploads with an
#   account key, a connection string and a service SAS each arrive byte-identical with the README's
#   Content-Type, the 12 MiB file committed as 3 blocks; a wrong account key is refused (exit 6, 403
#   named, no key in the output, folder intact).
# Why: the issue's words, "every file arrives byte-identical, a wrong key is refused and reported, a
# server that fails a part is retried, a dead endpoint leaves the local folder intact and the exit
# status says the upload failed", checked against the services' own signing rules, not ours.
# Packages are cached in CACHE_DIR. Exits 77 (skipped, with the reason) only when node/npm are missing
# or the registry cannot be reached.
# Usage: storage_reference_test.sh GENAI_BENCH_BINARY CACHE_DIR
set -euo pipefail
binary=$1
mkdir -p "$2"
cache=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# @smithy/core holds the signer's URI escaping: pinned too, so a new release cannot change the
# reference under us. @azure/storage-blob 12.34.0 says node >= 22 but runs on 20 (as azurite does).
packages=(s3rver@3.7.1 @smithy/signature-v4@5.7.5 @aws-crypto/sha256-js@5.2.0 @smithy/protocol-http@5.6.2
          @smithy/core@3.41.1 azurite@3.37.0 @azure/storage-blob@12.34.0)

source "$here/../npm_packages.sh"
install_npm_packages "$cache" "the S3 and Azure Blob emulators (s3rver, Azurite) and AWS's and Azure's JavaScript packages" "${packages[@]}"
# node resolves the packages from the scripts' folder.
cp "$here"/storage_s3_proxy.cjs "$here"/storage_s3_check.cjs "$here"/storage_azure_check.cjs \
   "$here"/storage_reference_common.cjs "$cache/"
work=$(mktemp -d "$cache/run.XXXXXX")
server_pids=()
cleanup() {
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
# Only the flags below may reach the uploader: no credentials, profile or proxy from the environment.
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_REGION AWS_DEFAULT_REGION \
      AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3 \
      AZURE_STORAGE_ACCOUNT_NAME AZURE_STORAGE_ACCOUNT_KEY AZURE_STORAGE_CONNECTION_STRING AZURE_STORAGE_SAS_TOKEN \
      AZURE_STORAGE_ACCOUNT AZURE_STORAGE_KEY GCP_PROJECT_ID GOOGLE_APPLICATION_CREDENTIALS \
      GITHUB_TOKEN GITHUB_OWNER GITHUB_REPO \
      http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

key_id=AKIDEXAMPLE
secret=wJalrXUtnFEMI/K7MDENG+bPxRfiCYSTORAGEKEY
token=FwoGZXIvYXdzEBYaDstorage/session+token==
bucket=bench-results
account=devstoreaccount1
account_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
container=bench-results
big_rel='payload/random 12MiB.bin'

fail() {
  echo "FAIL $*"
  exit 1
}

# start_proxy NAME ARGS...: starts storage_s3_proxy.cjs (its own s3rver in $work/NAME.data, log in
# $work/NAME.log) and sets $port.
start_proxy() {
  local name=$1
  shift
  timeout 600 node "$cache/storage_s3_proxy.cjs" "$work/$name.log" "$work/$name.data" "$key_id" "$secret" "$@" \
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
  echo "FAIL the S3 reference proxy ($name) did not start:"
  cat "$work/$name.err"
  exit 1
}

# Azurite sends telemetry to Application Insights unless told not to (and waits for it when it is
# stopped): loopback only, so --disableTelemetry.
start_azurite() {
  timeout 600 "$cache/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort 0 --location "$work/azurite" \
    --silent --skipApiVersionCheck --disableTelemetry --disableProductStyleUrl > "$work/azurite.out" 2>&1 &
  server_pids+=($!)
  azure_port=
  for _ in $(seq 150); do
    azure_port=$(sed -n 's|.*successfully listens on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$work/azurite.out" 2>/dev/null || true)
    [[ -n "$azure_port" ]] && return 0
    kill -0 "${server_pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "FAIL Azurite did not start:"
  cat "$work/azurite.out"
  exit 1
}

log_lines() { wc -l < "$work/$1.log"; }

# upload NAME ARGS...: one `genai-bench upload` (bounded by timeout 120; the variables in the array
# upload_env are added to its environment) into $work/NAME.out; sets $status and $seconds.
upload_env=()
upload() {
  local name=$1 start
  shift
  start=$(date +%s.%N)
  status=0
  env "${upload_env[@]}" timeout 120 "$binary" upload "$@" > "$work/$name.out" 2>&1 || status=$?
  seconds=$(echo "$start" | awk -v now="$(date +%s.%N)" '{printf "%.1f", now - $1}')
}

# want_status NAME WANT: the last command's $status is WANT, or FAIL with its output.
want_status() {
  if [[ $status -ne $2 ]]; then
    echo "FAIL $1: genai-bench exited $status, want $2$([[ $status -eq 124 ]] && echo ' (killed by timeout 120)'); its output:"
    tail -30 "$work/$1.out"
    exit 1
  fi
}

# want_output NAME REGEX WHAT: NAME's output matches the extended REGEX.
want_output() {
  if ! grep -Eq -- "$2" "$work/$1.out"; then
    echo "FAIL $1: the output does not name $3 (/$2/); it is:"
    tail -30 "$work/$1.out"
    exit 1
  fi
}

# no_secret NAME SECRET...: none of the secrets appears in NAME's output.
no_secret() {
  local name=$1 s
  shift
  for s in "$@"; do
    if grep -Fq -- "$s" "$work/$name.out"; then
      echo "FAIL $name: the output shows a secret (${s:0:4}...):"
      grep -F -- "$s" "$work/$name.out" | head -5
      exit 1
    fi
  done
}

# uploaded_line NAME FILES BYTES: the success line names FILES files and BYTES bytes.
uploaded_line() {
  want_output "$1" "^genai-bench: uploaded $2 files \\($3 bytes\\) to .* in [0-9.]+ ?s\\b" "\"genai-bench: uploaded $2 files ($3 bytes) to DEST in S s\""
}

# failed_line NAME: the failure summary line.
failed_line() {
  want_output "$1" "upload to .* failed: [0-9]+ of $nfiles files were not uploaded[^;]*; the local folder is intact" \
    "\"upload to DEST failed: F of $nfiles files were not uploaded; the local folder is intact: DIR\""
}

# snapshot: copies the folder to $work/before and sets $before_bytes to its size (experiment.json
# grows with each upload's entry).
snapshot() {
  rm -rf "$work/before"
  cp -a "$exp" "$work/before"
  before_bytes=$(find "$work/before" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
}

# intact WHAT ok|failed PROVIDER [DESTINATION]: the folder against the snapshot (experiment.json with
# one more "uploads" entry).
intact() {
  local what=$1
  shift
  if ! node "$cache/storage_reference_common.cjs" intact "$work/before" "$exp" "$@" > "$work/intact.out"; then
    echo "FAIL $what: the local folder after the upload:"
    cat "$work/intact.out"
    exit 1
  fi
}

# s3_verify WHAT PROXY_PORT PREFIX LOCAL [ARGS...]: the bucket under PREFIX/ against LOCAL; sets $read_back.
s3_verify() {
  local what=$1 at=$2 prefix=$3 local_dir=$4
  shift 4
  if ! read_back=$(node "$cache/storage_s3_check.cjs" verify "$at" "$key_id" "$secret" "$bucket" "$prefix" "$name" "$local_dir" "$@"); then
    echo "FAIL $what: the bucket under $prefix/ read back through the proxy:"
    echo "$read_back"
    exit 1
  fi
}

# s3_log WHAT PROXY FROM TO MODE ARGS...: the proxy's log lines FROM+1..TO (see storage_s3_check.cjs).
s3_log() {
  local what=$1 proxy=$2
  shift 2
  if ! log_summary=$(node "$cache/storage_s3_check.cjs" log "$work/$proxy.log" "$@"); then
    echo "FAIL $what: the S3 proxy's log:"
    echo "$log_summary"
    exit 1
  fi
}

# azure_verify WHAT PREFIX LOCAL [ARGS...]: the container under PREFIX/ against LOCAL; sets $read_back.
azure_verify() {
  local what=$1 prefix=$2 local_dir=$3
  shift 3
  if ! read_back=$(node "$cache/storage_azure_check.cjs" verify "$azure_endpoint" "$account" "$account_key" "$container" \
                        "$prefix" "$name" "$local_dir" "$@"); then
    echo "FAIL $what: the container under $prefix/ read back with @azure/storage-blob:"
    echo "$read_back"
    exit 1
  fi
}

json_field() { node -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]])' "$1" "$2"; }

start_proxy s3 --fail-part 2 --bucket "$bucket"
s3_port=$port
start_proxy token --session-token "$token" --bucket "$bucket"
token_port=$port
start_azurite
azure_endpoint=http://127.0.0.1:$azure_port/$account
# A port nothing listens on.
dead_port=$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
empty=$work/empty
mkdir -p "$empty"

# The experiment folder: the built-in mock benchmarked, plus a 12 MiB file (3 parts of 5 MiB).
bench_flags=(--traffic-scenario "D(10,10)" --num-concurrency 1 --max-requests-per-run 4 --max-time-per-run 10s --no-ui)
status=0
timeout 120 "$binary" benchmark "${bench_flags[@]}" --output-dir "$work/exp" > "$work/bench.out" 2>&1 || status=$?
want_status bench 0
exp=$(find "$work/exp" -name experiment.json -printf '%h\n' | head -1)
[[ -n "$exp" ]] || fail "the benchmark wrote no experiment.json under $work/exp"
name=$(basename "$exp")
mkdir -p "$exp/payload" "$exp/notes"
head -c $((12 * 1024 * 1024)) /dev/urandom > "$exp/$big_rel"
# A name S3's and Azure's path encoding must get right whether or not gnuplot drew the plots (whose
# names hold spaces, '+' and parentheses too): space, '+', parentheses, '&', '=', ',', UTF-8.
odd_rel='notes/p99 (Input + Output) & key=1,2 Grüße.txt'
printf 'a file with an awkward name\n' > "$exp/$odd_rel"
nfiles=$(find "$exp" -type f | wc -l)
nbytes=$(find "$exp" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
echo "ok   experiment folder $name: $nfiles files, $nbytes bytes (with $big_rel and '$odd_rel')"

# s3_flags PORT SECRET: sets the array s3 to the storage flags for the proxy (or dead port) PORT.
s3_flags() {
  s3=(--storage-provider aws --storage-endpoint "http://127.0.0.1:$1" --storage-bucket "$bucket"
      --storage-aws-access-key-id "$key_id" --storage-aws-secret-access-key "$2" --storage-aws-region us-east-1
      --storage-part-size 5MiB)
}
s3_flags "$s3_port" "$secret"

# 1, 3, 12: the folder to S3, a part failed once.
snapshot
from=$(log_lines s3)
upload s3-upload "${s3[@]}" --storage-prefix runs/2026 "$exp"
want_status s3-upload 0
to=$(log_lines s3)
uploaded_line s3-upload "$nfiles" "$before_bytes"
no_secret s3-upload "$secret"
s3_verify s3-upload "$s3_port" runs/2026 "$work/before"
echo "ok   s3 upload: exit 0 in ${seconds}s, $(json_field "$read_back" objects) objects under runs/2026/$name/ (no other)," \
     "byte-identical to the $nfiles files ($nbytes bytes); HeadObject Content-Types as the README's (.json application/json)"
s3_log s3-upload s3 "$from" "$to" upload "$nfiles" "runs/2026/$name/$big_rel" 2
echo "ok   s3 signatures: all $(json_field "$log_summary" requests) requests verified by @smithy/signature-v4 (S3 rules);" \
     "$big_rel went as one multipart upload of 3 parts, the injected 500 on part 2 retried ($(json_field "$log_summary" parts) UploadPart requests)"
intact s3-upload ok aws "s3://$bucket/runs/2026/$name/"
echo "ok   s3 experiment.json: one more \"uploads\" entry (aws, s3://$bucket/runs/2026/$name/, status ok, $nfiles files, $nbytes bytes); every other file unchanged"

# 4: a session token, signed as x-amz-security-token (the token proxy requires it).
from=$(log_lines token)
s3_flags "$token_port" "$secret"
upload s3-token "${s3[@]}" --storage-aws-session-token "$token" --storage-prefix token/2026 "$exp"
want_status s3-token 0
to=$(log_lines token)
no_secret s3-token "$secret" "$token"
s3_log s3-token token "$from" "$to" verified --token
s3_verify s3-token "$token_port" token/2026 "$exp" --session-token "$token" --entry-added
echo "ok   s3 session token: exit 0, every request carried the token as a signed x-amz-security-token and verified, objects byte-identical"
from=$(log_lines token)
upload s3-token-wrong "${s3[@]}" --storage-aws-session-token "${token}X" --storage-prefix token-wrong/2026 "$exp"
want_status s3-token-wrong 6
to=$(log_lines token)
want_output s3-token-wrong '\b403\b' 'the HTTP status 403'
s3_log s3-token-wrong token "$from" "$to" refused SignatureDoesNotMatch
echo "ok   s3 wrong session token: exit 6, refused 403"

# 5: a wrong secret.
snapshot
from=$(log_lines s3)
s3_flags "$s3_port" "${secret}X"
upload s3-wrong-secret "${s3[@]}" --storage-prefix wrong/2026 "$exp"
want_status s3-wrong-secret 6
to=$(log_lines s3)
want_output s3-wrong-secret '\b403\b' 'the HTTP status 403'
want_output s3-wrong-secret 'SignatureDoesNotMatch' "S3's error code SignatureDoesNotMatch"
failed_line s3-wrong-secret
no_secret s3-wrong-secret "$secret"
s3_log s3-wrong-secret s3 "$from" "$to" refused SignatureDoesNotMatch
s3_verify s3-wrong-secret "$s3_port" wrong/2026 "$empty"
intact s3-wrong-secret failed aws "s3://$bucket/wrong/2026/$name/"
echo "ok   s3 wrong secret: exit 6 in ${seconds}s, the output names 403 SignatureDoesNotMatch and not the secret," \
     "$(( to - from )) requests all refused and none retried, nothing in the bucket, the folder intact (experiment.json: a failed entry)"

# 6: a dead endpoint.
snapshot
s3_flags "$dead_port" "$secret"
upload s3-dead "${s3[@]}" --storage-prefix dead/2026 "$exp"
want_status s3-dead 6
failed_line s3-dead
no_secret s3-dead "$secret"
intact s3-dead failed aws "s3://$bucket/dead/2026/$name/"
echo "ok   s3 dead endpoint: exit 6 after ${seconds}s (under timeout 120), the folder intact (experiment.json: a failed entry)"

# 8: the AWS environment variables instead of the flags.
from=$(log_lines s3)
upload_env=(AWS_ACCESS_KEY_ID="$key_id" AWS_SECRET_ACCESS_KEY="$secret" AWS_DEFAULT_REGION=us-east-1)
upload s3-env --storage-provider aws --storage-endpoint "http://127.0.0.1:$s3_port" --storage-bucket "$bucket" \
  --storage-part-size 5MiB --storage-prefix env/2026 "$exp"
upload_env=()
want_status s3-env 0
to=$(log_lines s3)
no_secret s3-env "$secret"
s3_log s3-env s3 "$from" "$to" verified
s3_verify s3-env "$s3_port" env/2026 "$exp" --entry-added
echo "ok   s3 AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_DEFAULT_REGION: exit 0, every request verified, objects byte-identical"

# 7: benchmark --upload-results.
s3_flags "$s3_port" "$secret"
from=$(log_lines s3)
status=0
timeout 120 "$binary" benchmark "${bench_flags[@]}" --output-dir "$work/exp2" --upload-results "${s3[@]}" \
  --storage-prefix results/2026 > "$work/bench-upload.out" 2>&1 || status=$?
want_status bench-upload 0
to=$(log_lines s3)
no_secret bench-upload "$secret"
exp2=$(find "$work/exp2" -name experiment.json -printf '%h\n' | head -1)
[[ -n "$exp2" ]] || fail "benchmark --upload-results wrote no experiment.json under $work/exp2"
saved_name=$name
name=$(basename "$exp2")
s3_log bench-upload s3 "$from" "$to" verified
# The benchmark's genai_bench.log goes on after the upload with the upload's own lines.
s3_verify bench-upload "$s3_port" results/2026 "$exp2" --entry-added --log-appended
name=$saved_name
if ! node - "$exp2/experiment.json" "$read_back" "s3://$bucket/results/2026/$(basename "$exp2")/" <<'EOF'; then
const fs = require('node:fs');
const [file, readBack, destination] = process.argv.slice(2);
const { objects, bytes } = JSON.parse(readBack);
const uploads = JSON.parse(fs.readFileSync(file, 'utf8')).uploads;
const entry = Array.isArray(uploads) && uploads.length === 1 ? uploads[0] : null;
const bad = !entry ? [`"uploads" is ${JSON.stringify(uploads)}, want one entry`] : [
  entry.provider !== 'aws' && `provider ${entry.provider}`, entry.status !== 'ok' && `status ${entry.status}`,
  entry.destination !== destination && `destination ${entry.destination}, want ${destination}`,
  entry.files !== objects && `files ${entry.files}, want ${objects} (the objects in the bucket)`,
  entry.bytes !== bytes && `bytes ${entry.bytes}, want ${bytes} (the objects' sizes)`,
  entry.failed_files !== 0 && `failed_files ${entry.failed_files}`].filter(Boolean);
if (bad.length) { console.log(`FAIL benchmark --upload-results: experiment.json's "uploads" entry ${JSON.stringify(entry)}: ${bad.join('; ')}`); process.exit(1); }
EOF
  exit 1
fi
echo "ok   benchmark --upload-results: exit 0, $(json_field "$read_back" objects) objects byte-identical under results/2026/ (experiment.json" \
     "as before its entry, genai_bench.log as before the upload's lines), every request verified; experiment.json's \"uploads\" entry: ok, files/bytes as in the bucket"

# Azure. 9: the container, and Azurite's own signature checks.
if ! out=$(node "$cache/storage_azure_check.cjs" container "$azure_endpoint" "$account" "$account_key" "$container"); then
  echo "$out"
  exit 1
fi
echo "ok   azure container $container created; Azurite refuses another SharedKey and an altered SAS signature (403)"

az=(--storage-provider azure --storage-bucket "$container" --storage-part-size 5MiB)
snapshot
upload azure-key "${az[@]}" --storage-endpoint "$azure_endpoint" --storage-azure-account-name "$account" \
  --storage-azure-account-key "$account_key" --storage-prefix runs/2026 "$exp"
want_status azure-key 0
uploaded_line azure-key "$nfiles" "$before_bytes"
no_secret azure-key "$account_key"
azure_verify azure-key runs/2026 "$work/before" --big "$big_rel"
intact azure-key ok azure
echo "ok   azure account key: exit 0 in ${seconds}s, $(json_field "$read_back" objects) blobs under runs/2026/$name/ (no other) byte-identical," \
     "Content-Types as the README's (.json application/json), $big_rel committed as 3 blocks; experiment.json: an ok entry"

# 10: a connection string; a service SAS.
connection="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$account_key;BlobEndpoint=$azure_endpoint;"
upload azure-connection "${az[@]}" --storage-azure-connection-string "$connection" --storage-prefix conn/2026 "$exp"
want_status azure-connection 0
no_secret azure-connection "$account_key"
azure_verify azure-connection conn/2026 "$exp" --big "$big_rel" --entry-added
echo "ok   azure connection string: exit 0, $(json_field "$read_back" objects) blobs byte-identical, $big_rel as 3 blocks"
sas=$(node "$cache/storage_azure_check.cjs" sas "$azure_endpoint" "$account" "$account_key" "$container")
sig=$(node -e 'console.log(new URLSearchParams(process.argv[1]).get("sig"))' "$sas")
upload azure-sas "${az[@]}" --storage-endpoint "$azure_endpoint" --storage-azure-account-name "$account" \
  --storage-azure-sas-token "$sas" --storage-prefix sas/2026 "$exp"
want_status azure-sas 0
no_secret azure-sas "$sig" "$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$sig")"
azure_verify azure-sas sas/2026 "$exp" --big "$big_rel" --entry-added
echo "ok   azure SAS token: exit 0, $(json_field "$read_back" objects) blobs byte-identical, $big_rel as 3 blocks, the signature not in the output"

# 11: a wrong account key.
wrong_key=$(node -e 'console.log(Buffer.from(Buffer.from(process.argv[1], "base64").map((b) => b ^ 1)).toString("base64"))' "$account_key")
snapshot
upload azure-wrong-key "${az[@]}" --storage-endpoint "$azure_endpoint" --storage-azure-account-name "$account" \
  --storage-azure-account-key "$wrong_key" --storage-prefix wrong/2026 "$exp"
want_status azure-wrong-key 6
want_output azure-wrong-key '\b403\b' 'the HTTP status 403'
want_output azure-wrong-key 'AuthorizationFailure|AuthenticationFailed' "Azure's error code (AuthorizationFailure / AuthenticationFailed)"
failed_line azure-wrong-key
no_secret azure-wrong-key "$wrong_key" "$account_key"
azure_verify azure-wrong-key wrong/2026 "$empty"
intact azure-wrong-key failed azure
echo "ok   azure wrong account key: exit 6 in ${seconds}s, the output names 403 and the error code but no key, nothing in the container, the folder intact"

echo "storage reference: S3 (s3rver behind a SigV4 proxy checking with @smithy/signature-v4) and Azure Blob (Azurite," \
     "@azure/storage-blob) uploads byte-identical with multipart/blocks, retry, refusals, dead endpoint and experiment.json entries"
