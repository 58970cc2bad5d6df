#!/usr/bin/env bash
# Every hosted provider's backend against the built-in mock speaking that provider's API, with
# test credentials the mock verifies (SigV4, OCI signatures, a Google service account's tokens):
# one short run each, and one line per provider with what it measured. Loopback only.
# Usage: scripts/demo_providers.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/release/genai-bench}
fixtures=$PWD/tests/fixtures
work=$(mktemp -d)
mock_pid=
trap '[[ -n $mock_pid ]] && kill $mock_pid 2>/dev/null; rm -rf "$work"' EXIT
source bench/start_mock.sh

oci_key_id="ocid1.tenancy.oc1..demo/ocid1.user.oc1..demo/20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34"
cat > "$work/oci_config" <<CONF
[DEFAULT]
user=ocid1.user.oc1..demo
fingerprint=20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34
key_file=$fixtures/oci-signing/go_sdk_test_private_key.pem
tenancy=ocid1.tenancy.oc1..demo
CONF
email=bench@genai-bench-test.iam.gserviceaccount.com

# name | mock arguments | client arguments ({mock} is the mock's URL)
cases=(
  "anthropic|--dialect anthropic --require-key demo-key|--api-backend anthropic --api-model-name claude-sonnet-4 --api-key demo-key"
  "azure-openai|--dialect azure --require-key demo-key|--api-backend azure-openai --azure-endpoint {mock} --azure-deployment gpt-4o --api-model-name gpt-4o --model-api-key demo-key"
  "together|--require-key demo-key|--api-backend together --api-model-name meta-llama/Llama-3.3-70B --model-api-key demo-key"
  "cohere|--dialect cohere --require-key demo-key|--api-backend cohere --api-model-name command-r --model-api-key demo-key"
  "aws-bedrock|--dialect bedrock --aws-access-key-id AKIDDEMO --aws-secret-access-key demo-secret|--api-backend aws-bedrock --api-model-name anthropic.claude-3-haiku-20240307-v1:0 --aws-access-key-id AKIDDEMO --aws-secret-access-key demo-secret --aws-region us-east-1"
  "gcp-vertex|--dialect vertex --google-client-email $email --google-public-key $fixtures/google-auth/public-key.pem|--api-backend gcp-vertex --api-model-name gemini-2.0-flash --gcp-project-id demo --gcp-credentials-path $work/service-account.json"
  "oci-genai|--dialect oci --oci-key-id $oci_key_id --oci-public-key $fixtures/oci-signing/go_sdk_test_public_key.pem|--api-backend oci-genai --api-model-name meta.llama-3.3-70b --config-file $work/oci_config --additional-request-params {\"compartmentId\":\"ocid1.compartment.oc1..demo\"}"
)

for entry in "${cases[@]}"; do
  IFS='|' read -r name mock_args client_args <<< "$entry"
  # shellcheck disable=SC2086
  start_mock "$binary" "$work" --ttft-ms 50 --itl-ms 10 $mock_args
  python3 - "$fixtures/google-auth/service-account.json" "$work/service-account.json" "$mock_base/token" <<'PY'
import json, sys
account = json.load(open(sys.argv[1]))
account["token_uri"] = sys.argv[3]
json.dump(account, open(sys.argv[2], "w"))
PY
  rm -rf "$work/out"
  # shellcheck disable=SC2086
  "$binary" benchmark --api-base "$mock_base" ${client_args//\{mock\}/$mock_base} --traffic-scenario "D(200,32)" \
    --num-concurrency 4 --max-requests-per-run 40 --no-ui --output-dir "$work/out" --experiment-name demo \
    > "$work/run.txt" 2>&1 || { echo "$name: FAILED"; cat "$work/run.txt"; exit 1; }
  kill "$mock_pid"; wait "$mock_pid" 2>/dev/null || true
  mock_pid=
  python3 - "$name" "$work/out/demo/summary.json" "$work/out/demo/records.jsonl" <<'PY'
import json, sys
summary = json.load(open(sys.argv[2]))[0]
sources = {json.loads(line)["output_source"] for line in open(sys.argv[3])}
print(f"{sys.argv[1]:13} {summary['requests']['ok']}/{summary['requests']['total']} ok   "
      f"TTFT p50 {summary['ttft_ms']['p50']:.1f} ms (mock 50)   TPOT p50 {summary['tpot_ms']['p50']:.1f} ms (mock 10)   "
      f"output tokens from {', '.join(sorted(sources))}")
PY
done
