#!/usr/bin/env bash
# Load time and encode throughput of `genai-bench tokenize`, for comparison with the reference
# implementations (bench/tokenizer_speed_reference.cjs) in docs/BENCHMARKS.md. Load = best of 5
# runs on an empty file (process start included); encode = corpus size / (best of 3 runs on the
# corpus - load).
# Usage: bench/tokenizer_speed.sh BINARY CORPUS NAME=PATH...
set -euo pipefail
binary=$1 corpus=$2
shift 2
seconds() { local start end; start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N); echo $(( end - start )); }
bytes=$(stat -c %s "$corpus")
for spec in "$@"; do
  name=${spec%%=*} path=${spec#*=}
  load=999999999999 whole=999999999999
  for _ in 1 2 3 4 5; do t=$(seconds "$binary" tokenize --model-tokenizer "$path" /dev/null); (( t < load )) && load=$t; done
  for _ in 1 2 3; do t=$(seconds "$binary" tokenize --model-tokenizer "$path" "$corpus"); (( t < whole )) && whole=$t; done
  awk -v n="$name" -v l="$load" -v w="$whole" -v b="$bytes" \
    'BEGIN { printf "%s: load %.0f ms, encode %.2f MB/s\n", n, l / 1e6, b / 1e6 / ((w - l) / 1e9) }'
done
