#!/usr/bin/env bash
# Our mock server's provider dialects against the providers' own SDK clients (npm, pinned):
# Anthropic's @anthropic-ai/sdk, Azure through openai's AzureOpenAI, Cohere's cohere-ai v2 client,
# AWS's @aws-sdk/client-bedrock-runtime (its own SigV4 signer, event-stream decoder and error
# classes) and Google's @google/genai on Vertex AI (google-auth-library's service-account grant
# traded at the mock's POST /token). For each dialect a mock is started on a loopback port and
# the SDK must stream the mock's 6 words without error, report its usage, read a non-streamed
# answer, and raise its own rate-limit/overloaded error class against a second mock started with
# --fault throttle:1 (SDK retries off); see provider_sdks_reference.mjs. OCI is skipped: its SDK
# has no convenient path to a custom endpoint with test keys. Packages are cached in CACHE_DIR.
# Exits 77 (skipped, with the reason) only when node/npm are missing or the registry cannot be
# reached.
# Usage: provider_sdks_reference_test.sh GENAI_BENCH_BINARY CACHE_DIR
set -euo pipefail
binary=$1
mkdir -p "$2"
cache=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
packages=(@anthropic-ai/sdk@1.14.0 openai@6.49.0 cohere-ai@8.1.0 @aws-sdk/client-bedrock-runtime@3.1164.0
          @smithy/node-http-handler@4.14.2 @google/genai@1.52.0)

source "$here/../npm_packages.sh"
install_npm_packages "$cache" "the providers' SDK clients" "${packages[@]}"
# node resolves the packages from the script's folder.
cp "$here/provider_sdks_reference.mjs" "$cache/"
work=$(mktemp -d "${TMPDIR:-/tmp}/provider-sdks.XXXXXX")
mock_pids=()
stop_mocks() {
  local pid
  for pid in "${mock_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${mock_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  mock_pids=()
}
trap 'stop_mocks; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP

# start_mock NAME MOCK_FLAGS...: a mock on a free loopback port; sets mock_url.
start_mock() {
  local name=$1 line=
  shift
  # The file exists before the mock starts: the background job opens it only when it runs.
  : > "$work/$name.out"
  "$binary" mock-server --host 127.0.0.1 --port 0 --ttft-ms 5 --itl-ms 1 "$@" > "$work/$name.out" 2> "$work/$name.err" &
  mock_pids+=($!)
  for _ in $(seq 100); do
    line=$(head -n 1 "$work/$name.out" || true)
    [[ -n "$line" ]] && break
    kill -0 "${mock_pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  if [[ ! "$line" =~ ^mock\ server\ listening\ on\ (http://127\.0\.0\.1:[0-9]+) ]]; then
    echo "FAIL the mock ($name: $*) did not start: ${line:-no output}"
    cat "$work/$name.err"
    exit 1
  fi
  mock_url=${BASH_REMATCH[1]}
}

status=0
# check DIALECT "MOCK FLAGS" SDK_ARGUMENTS...: the SDK against a mock and a throttling mock.
check() {
  local dialect=$1 flags=$2 url throttle_url
  shift 2
  # shellcheck disable=SC2086  # the flags are words
  start_mock "$dialect" --dialect "$dialect" $flags
  url=$mock_url
  # shellcheck disable=SC2086
  start_mock "$dialect-throttle" --dialect "$dialect" --fault throttle:1 $flags
  throttle_url=$mock_url
  (cd "$cache" && AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true timeout 90 node provider_sdks_reference.mjs "$dialect" "$url" "$throttle_url" "$@") || status=1
  stop_mocks
}

key=bench-provider-key
check anthropic "--require-key $key" "$key"
check azure "--require-key $key" "$key"
check cohere "--require-key $key" "$key"
check bedrock "--aws-access-key-id AKIDBENCH --aws-secret-access-key secret-bench" AKIDBENCH secret-bench
# Vertex: a service account made for this run, whose public key the mock verifies grants with.
email=bench@bench-project.iam.gserviceaccount.com
node -e 'const {generateKeyPairSync} = require("node:crypto"); const fs = require("node:fs");
  const {publicKey, privateKey} = generateKeyPairSync("rsa", {modulusLength: 2048,
    publicKeyEncoding: {type: "spki", format: "pem"}, privateKeyEncoding: {type: "pkcs8", format: "pem"}});
  fs.writeFileSync(process.argv[1], privateKey); fs.writeFileSync(process.argv[2], publicKey);' \
  "$work/vertex-key.pem" "$work/vertex-public.pem"
check vertex "--require-key $key --google-client-email $email --google-public-key $work/vertex-public.pem" \
  "$key" "$email" "$work/vertex-key.pem"
echo "SKIP oci: no provider SDK check (the OCI SDK for Node has no convenient path to a loopback endpoint with test signing keys)"
exit $status
