#!/usr/bin/env bash
# deploy/kubernetes renders offline with `kubectl kustomize`, as it is and through render.sh (both
# variants: two Jobs, one JobSet), and every object passes check_kubernetes_manifests.mjs: the
# Kubernetes API schema (kubernetes-models), no unknown key (@kubernetes/client-node's models), and
# what a sharded run needs. Then the rendered pods run for real, as a kubelet would start them:
# each shard's arguments with $(VAR) expanded and /results in a folder of ours, against the
# built-in mock, and the merge pod's script after them; the merged experiment must hold every
# shard's requests.
# Skipped (77), with the reason, without kubectl or where the npm registry cannot be reached.
# Usage: kubernetes_manifests_test.sh GENAI_BENCH_BINARY CACHE_DIR
set -euo pipefail
binary=$(realpath "$1")
mkdir -p "$2"
cache=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
deploy=$(cd "$here/../../deploy/kubernetes" && pwd)
packages=(kubernetes-models@5.1.0 @kubernetes/client-node@2.0.1 yaml@2.8.1)

command -v kubectl > /dev/null && kubectl kustomize --help > /dev/null 2>&1 ||
  { echo "SKIPPED: kubectl (with its kustomize) is needed to render deploy/kubernetes"; exit 77; }
source "$here/../npm_packages.sh"
install_npm_packages "$cache" "checking the Kubernetes manifests against the API's schema" "${packages[@]}"
cp "$here/check_kubernetes_manifests.mjs" "$cache/"
check() { node "$cache/check_kubernetes_manifests.mjs" "$@"; }
work=$(mktemp -d "${TMPDIR:-/tmp}/genai-bench-k8s-test.XXXXXX")
mock_pid=''
trap '[[ -z "$mock_pid" ]] || kill "$mock_pid" 2>/dev/null; [[ -n "${KEEP:-}" ]] || rm -rf "$work"' EXIT

# As committed: N = 3 and a start render.sh has yet to set.
kubectl kustomize "$deploy/base" > "$work/base.yaml"
kubectl kustomize "$deploy/jobset" > "$work/jobset.yaml"
check check "$work/base.yaml" 3 set-by-render.sh
check check "$work/jobset.yaml" 3 set-by-render.sh
check same-pods "$work/base.yaml" "$work/jobset.yaml"
check self-test "$work/base.yaml"

# Refusals: one line, status 2.
if "$deploy/render.sh" --shards 0 --image x > /dev/null 2> "$work/refused.txt" ||
   [[ "$(cat "$work/refused.txt")" != "render.sh: --shards must be"* ]]; then
  echo "FAIL render.sh --shards 0 was not refused: $(cat "$work/refused.txt")"; exit 1
fi
if "$deploy/render.sh" --shards 2 --image x -- --shard 0/2 > /dev/null 2> "$work/refused.txt"; then
  echo "FAIL render.sh let the benchmark's own --shard through"; exit 1
fi

"$binary" mock-server --host 127.0.0.1 --port 0 --ttft-ms 5 --itl-ms 1 > "$work/mock.out" 2>&1 &
mock_pid=$!
for _ in $(seq 100); do
  grep -q listening "$work/mock.out" 2>/dev/null && break
  sleep 0.1
done
url=$(grep -o 'http://[0-9.:]*' "$work/mock.out" | head -1)
[[ -n "$url" ]] || { echo "FAIL the mock did not start: $(cat "$work/mock.out")"; exit 1; }

# Three shards of one closed-loop run: 6 users, 60 requests (split 20 each, users 2 each).
args=(--api-base "$url" --api-backend openai --api-model-name mock --traffic-scenario "D(40,16)" --num-concurrency 6
      --max-requests-per-run 60 --max-time-per-run 60s --start-grace 60s --no-end-reports)
for variant in jobs jobset; do
  flag=(); [[ $variant == jobset ]] && flag=(--jobset)
  "$deploy/render.sh" "${flag[@]}" --shards 3 --image registry.example/genai-bench:1 --start-in 3s \
    --merge-wait 120 --run-id "run-$variant" -- "${args[@]}" > "$work/$variant.yaml"
  start=$(grep -o 'start-at: "[^"]*"' "$work/$variant.yaml" | cut -d'"' -f2)
  check check "$work/$variant.yaml" 3 "$start" "${args[@]}"
done
check same-pods "$work/jobs.yaml" "$work/jobset.yaml"

# The pods of the Job variant, run here: genai-bench on PATH as in the image.
mkdir -p "$work/bin" "$work/results" "$work/pods"
ln -s "$binary" "$work/bin/genai-bench"
check commands "$work/jobs.yaml" "$work/results" "$work/pods" > /dev/null
pod_command() {  # POD_JSON: prints `env K=V ... -- argv...` as NUL-separated words
  node -e 'const p = require(process.argv[1]); process.stdout.write(["env", `PATH=${process.env.PATH}`, ...Object.entries(p.env).map(([k, v]) => `${k}=${v}`), ...p.argv].join("\0"))' "$1"
}
pids=()
for i in 0 1 2; do
  mapfile -d '' -t command < <(PATH="$work/bin:$PATH" pod_command "$work/pods/shard-$i.json")
  "${command[@]}" > "$work/shard-$i.log" 2>&1 &
  pids+=($!)
done
mapfile -d '' -t command < <(PATH="$work/bin:$PATH" pod_command "$work/pods/merge.json")
"${command[@]}" > "$work/merge.log" 2>&1 &
merge_pid=$!
failed=0
for i in 0 1 2; do
  wait "${pids[$i]}" || { echo "FAIL shard $i exited $?:"; tail -5 "$work/shard-$i.log"; failed=1; }
done
[[ $failed == 0 ]] || { kill "$merge_pid"; exit 1; }
wait "$merge_pid" || { echo "FAIL the merge pod's script exited $?:"; tail -5 "$work/merge.log"; failed=1; }
[[ $failed == 0 ]] || exit 1

merged="$work/results/run-jobs/merged"
records=$(grep -c . "$merged/records.jsonl" || true)
ok=$(grep -c '"ok": *true' "$merged/records.jsonl" || true)
indices=$({ grep -o '"request": *[0-9]*' "$merged/records.jsonl" || true; } | grep -o '[0-9]*$' | sort -n -u | tr '\n' ' ')
expected=$(seq -s ' ' 0 59)
if [[ "$records" == 60 && "$ok" == 60 && "$indices" == "$expected " ]]; then
  echo "PASS the rendered pods ran: 3 shards and the merge; $records records, request indices 0-59 once each, in $merged"
else
  echo "FAIL the merged experiment holds $records records ($ok ok), indices: $indices"
  tail -5 "$work/merge.log"
  exit 1
fi
for i in 0 1 2; do
  grep -q "\"index\": *$i" "$work/results/run-jobs/shard-$i"/*/shard.json ||
    { echo "FAIL shard $i's shard.json does not say index $i"; exit 1; }
done
echo "PASS every shard's shard.json names its own index (from JOB_COMPLETION_INDEX)"
