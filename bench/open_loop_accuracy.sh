#!/usr/bin/env bash
# Open-loop accuracy against the mock in its own process: achieved start rate, coefficient of
# variation of the gaps between starts, and the client's lateness (t_start - t_sched).
# Usage: bench/open_loop_accuracy.sh [RATE] [SECONDS] [ARRIVAL] [BURSTINESS] [CLIENT_THREADS]
# (defaults: 200 requests/s for 30 s, poisson, -, all cores)
set -euo pipefail
rate=${1:-200} seconds=${2:-30} arrival=${3:-poisson} burstiness=${4:-} threads=${5:-0}
binary=${GENAI_BENCH:-build/release/genai-bench}
folder=$(mktemp -d)
trap 'kill $mock_pid 2>/dev/null; rm -rf "$folder"' EXIT
source "$(dirname "$0")/start_mock.sh"
start_mock "$binary" "$folder" --ttft-ms 20 --itl-ms 2 --threads 1
extra=()
[[ -n "$burstiness" ]] && extra+=(--burstiness "$burstiness")
[[ "$threads" != 0 ]] && extra+=(--threads "$threads")
"$binary" benchmark --api-base "$mock_base" --api-model-name m --traffic-scenario "D(128,32)" \
  --request-rate "$rate" --arrival "$arrival" "${extra[@]}" --max-requests-per-run $((rate * seconds * 2)) \
  --max-time-per-run "${seconds}s" --output-dir "$folder" --experiment-name run --no-ui >/dev/null
python3 - "$folder/run/summary.json" "$rate" "$arrival" "$burstiness" "$folder/run/records.jsonl" <<'PY'
import json, math, sys
run = json.load(open(sys.argv[1]))[0]
scheduled = sorted(json.loads(line)["t_sched_ns"] for line in open(sys.argv[5]))
schedule_rate = (len(scheduled) - 1) / ((scheduled[-1] - scheduled[0]) / 1e9)
rate, arrival, k = float(sys.argv[2]), sys.argv[3], sys.argv[4]
expected_cv = 0 if arrival == "constant" else (1 / math.sqrt(float(k)) if k else 1)
late = run["client_lateness_ms"]
print(f"{arrival}{'(k=' + k + ')' if k else ''} at {rate:g}/s: {run['requests']['total']} requests, "
      f"scheduled {schedule_rate:.2f}/s, achieved {run['achieved_request_rate']:.2f}/s "
      f"({(run['achieved_request_rate'] / rate - 1) * 100:+.2f}% of target, "
      f"{(run['achieved_request_rate'] / schedule_rate - 1) * 100:+.3f}% of schedule), "
      f"CV {run['arrival_cv']:.3f} (expected {expected_cv:.3f}), lateness ms mean {late['mean']:.3f} "
      f"p50 {late['p50']:.3f} p99 {late['p99']:.3f} max {late['max']:.3f}, "
      f"client read delay p99 {run['client_read_delay_ms']['p99']:.3f} ms")
PY
