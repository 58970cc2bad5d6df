#!/usr/bin/env bash
# Requests/s against each provider dialect of the mock, as a fraction of the OpenAI dialect's in
# the same sitting: what signing (SigV4, RSA for OCI), the event-stream framing and each
# provider's event shapes cost end to end. The mock answers at once (TTFT 0, ITL 0) with
# OUTPUT tokens per request, one thread each for the mock and the client (--threads 1), closed
# loop at CONCURRENCY, REQUESTS requests per dialect, best of ROUNDS. On a 2-core machine client
# and mock share the cores: requests/s is the pair's; the CPU microseconds per request of each
# process (user + system, from the best round) say whose cost a dialect changes.
# Usage: bench/provider_load.sh [REQUESTS=20000] [CONCURRENCY=32] [OUTPUT=16] [ROUNDS=3] [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-20000}
concurrency=${2:-32}
output=${3:-16}
rounds=${4:-3}
binary=${5:-build/release/genai-bench}
fixtures=$PWD/tests/fixtures
work=$(mktemp -d)
source bench/start_mock.sh
trap 'kill $mock_pid 2>/dev/null || true; rm -rf "$work"' EXIT

oci_key_id="ocid1.tenancy.oc1..bench/ocid1.user.oc1..bench/20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34"
cat > "$work/oci_config" <<CONF
[DEFAULT]
user=ocid1.user.oc1..bench
fingerprint=20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34
key_file=$fixtures/oci-signing/go_sdk_test_private_key.pem
tenancy=ocid1.tenancy.oc1..bench
CONF

# dialect | mock arguments | client arguments
cases=(
  "openai||--api-backend openai --api-model-name m"
  "anthropic|--dialect anthropic --require-key k|--api-backend anthropic --api-model-name m --api-key k"
  "azure|--dialect azure --require-key k|--api-backend azure-openai --api-model-name m --model-api-key k"
  "cohere|--dialect cohere --require-key k|--api-backend cohere --api-model-name m --model-api-key k"
  "bedrock|--dialect bedrock --aws-access-key-id AKIDBENCH --aws-secret-access-key s|--api-backend aws-bedrock --api-model-name anthropic.claude-3-haiku-20240307-v1:0 --aws-access-key-id AKIDBENCH --aws-secret-access-key s"
  "vertex|--dialect vertex --require-key k|--api-backend gcp-vertex --api-model-name gemini-2.0-flash --gcp-project-id p --model-api-key k"
  "oci|--dialect oci --oci-key-id $oci_key_id --oci-public-key $fixtures/oci-signing/go_sdk_test_public_key.pem|--api-backend oci-genai --api-model-name m --config-file $work/oci_config --additional-request-params {\"compartmentId\":\"c\"}"
)

cpu_seconds_of_pid() {  # user + system time of a live process, from /proc
  python3 -c "import os,sys; f=open(f'/proc/{sys.argv[1]}/stat').read().rsplit(')',1)[1].split(); print((int(f[11])+int(f[12]))/os.sysconf('SC_CLK_TCK'))" "$1"
}

openai_rate=
openai_client_us=
printf '%-10s %12s %10s %16s %10s %14s\n' dialect requests/s vs_openai client_cpu_us/req vs_openai mock_cpu_us/req
for entry in "${cases[@]}"; do
  IFS='|' read -r dialect mock_args client_args <<< "$entry"
  best=0 best_client_us=0 best_mock_us=0
  for _ in $(seq "$rounds"); do
    # shellcheck disable=SC2086
    start_mock "$binary" "$work" --ttft-ms 0 --itl-ms 0 --threads 1 $mock_args
    rm -rf "$work/out"
    # shellcheck disable=SC2086
    client_s=$(python3 -c '
import resource, subprocess, sys
with open(sys.argv[1], "w") as log:
    code = subprocess.run(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_utime + usage.ru_stime if code == 0 else "failed")' "$work/run.txt" \
      "$binary" benchmark --api-base "$mock_base" $client_args --traffic-scenario "D(100,$output)" \
      --num-concurrency "$concurrency" --max-requests-per-run "$requests" --threads 1 --no-ui \
      --output-dir "$work/out" --experiment-name x)
    [[ $client_s == failed ]] && { cat "$work/run.txt"; exit 1; }
    mock_s=$(cpu_seconds_of_pid "$mock_pid")
    kill "$mock_pid"; wait "$mock_pid" 2>/dev/null || true
    rate=$(python3 -c "import json,sys; s=json.load(open(sys.argv[1]))[0]; assert s['requests']['ok']==s['requests']['total'], s['requests']; print(round(s['throughput']['requests_per_s']))" "$work/out/x/summary.json")
    if (( rate > best )); then
      best=$rate
      best_client_us=$(python3 -c "print(round($client_s * 1e6 / $requests, 1))")
      best_mock_us=$(python3 -c "print(round($mock_s * 1e6 / $requests, 1))")
    fi
  done
  [[ -z $openai_rate ]] && openai_rate=$best && openai_client_us=$best_client_us
  printf '%-10s %12d %10s %16s %10s %14s\n' "$dialect" "$best" "$(python3 -c "print(f'{$best/$openai_rate:.2f}')")" \
    "$best_client_us" "$(python3 -c "print(f'{$best_client_us/$openai_client_us:.2f}')")" "$best_mock_us"
done
