#!/usr/bin/env bash
# Trace replay accuracy: a seeded 1,000-line Mooncake-format trace (Poisson arrivals at ~33
# requests/s, 1-4 blocks of 512 tokens, half of them sharing hash ids) replayed against the mock
# in its own process; prints how late requests started relative to their timestamps.
# Usage: bench/trace_replay_accuracy.sh [SPEEDUP]   (default 1: about 30 s)
set -euo pipefail
speedup=${1:-1}
binary=${GENAI_BENCH:-build/release/genai-bench}
folder=$(mktemp -d)
trap 'kill $mock_pid 2>/dev/null; rm -rf "$folder"' EXIT
source "$(dirname "$0")/start_mock.sh"
start_mock "$binary" "$folder" --ttft-ms 20 --itl-ms 2 --threads 1
python3 - "$folder/trace.jsonl" <<'PY'
import json, random, sys
random.seed(5)
t = 0
with open(sys.argv[1], "w") as out:
    for i in range(1000):
        t += int(random.expovariate(1 / 30))
        blocks = random.randint(1, 4)
        ids = list(range(blocks)) if random.random() < 0.5 else [100 + i * 10 + j for j in range(blocks)]
        out.write(json.dumps({"timestamp": t, "input_length": 512 * (blocks - 1) + random.randint(1, 512),
                              "output_length": random.randint(2, 20), "hash_ids": ids}) + "\n")
PY
"$binary" benchmark --api-base "$mock_base" --api-model-name m --trace "$folder/trace.jsonl" \
  --trace-speedup "$speedup" --output-dir "$folder" --experiment-name run --no-ui >/dev/null
python3 - "$folder/run/summary.json" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))[0]
late = run["client_lateness_ms"]
print(f"{run['requests']['total']} requests ({run['arrival']}, mean {run['request_rate']:.2f}/s): lateness ms "
      f"mean {late['mean']:.3f} p50 {late['p50']:.3f} p99 {late['p99']:.3f} max {late['max']:.3f}; "
      f"client read delay p99 {run['client_read_delay_ms']['p99']:.3f} ms")
PY
