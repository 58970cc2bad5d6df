#!/usr/bin/env bash
# Peak resident memory of the client per in-flight stream: genai-bench holds STREAMS streams
# open at once against the mock (a 5 s time to first token keeps them all in flight), and again
# with one; (peak - peak_with_one) / STREAMS is the cost of a stream. Also the client's own read
# delay (bytes' arrival to our read) at STREAMS, from the run's summary.json.
# Usage: bench/memory_per_stream.sh [STREAMS=10000] [BINARY]
set -euo pipefail
streams=${1:-10000}
binary=${2:-build/release/genai-bench}
work=$(mktemp -d)
trap 'kill $mock_pid 2>/dev/null || true; rm -rf "$work"' EXIT
source "$(dirname "$0")/start_mock.sh"
start_mock "$binary" "$work" --ttft-ms 5000 --itl-ms 1 --threads 1
base=$mock_base

peak_kib() {  # peak RSS in KiB of a benchmark at concurrency $1
  /usr/bin/time -f "%M" -o "$work/rss.txt" "$binary" benchmark --api-base "$base" --api-model-name m \
    --traffic-scenario "D(8,4)" --num-concurrency "$1" --max-requests-per-run "$1" --threads 1 \
    --first-byte-timeout 60s --output-dir "$work/out" --experiment-name "c$1" --no-ui > "$work/run$1.txt"
  grep -E '^D\(' "$work/run$1.txt" >&2
  tail -1 "$work/rss.txt"
}
one=$(peak_kib 1)
many=$(peak_kib "$streams")
python3 - "$one" "$many" "$streams" "$work/out/c$streams/summary.json" <<'PY'
import json, sys
one, many, streams = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
print(f"peak RSS: {one} KiB at 1 stream, {many} KiB at {streams} streams -> "
      f"{(many - one) / streams:.2f} KiB per in-flight stream")
delay = json.load(open(sys.argv[4]))[0]["client_read_delay_ms"]
print(f"client read delay at {streams} streams (one client thread): p50 {delay['p50']:.2f} ms, p99 {delay['p99']:.2f} ms")
PY
