#!/usr/bin/env bash
# How long the reports of a large experiment take to build from its folder: a 50,000-request run
# against the built-in mock, then `excel`, `plot` and `report` (all three) timed, and the
# reference: openpyxl writing the same Raw Data rows as the Python genai-bench writes its sheets.
# Usage: bench/report_speed.sh [REQUESTS=50000]
set -euo pipefail
requests=${1:-50000}
binary=${GENAI_BENCH:-build/release/genai-bench}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$binary" benchmark --traffic-scenario "D(16,16)" --num-concurrency 64 --max-requests-per-run "$requests" \
  --max-time-per-run 300s --mock-ttft-ms 1 --mock-itl-ms 0.1 --output-dir "$work" --experiment-name big --no-ui >/dev/null
folder=$work/big
echo "$(wc -l < "$folder/records.jsonl") records, $(du -h "$folder/records.jsonl" | cut -f1) of records.jsonl"
seconds() { /usr/bin/time -f "%e" -o "$work/time" "$@" >/dev/null; cat "$work/time"; }
echo "genai-bench excel:  $(seconds "$binary" excel --experiment-folder "$folder") s"
echo "genai-bench plot:   $(seconds "$binary" plot --experiment-folder "$folder") s"
echo "genai-bench report: $(seconds "$binary" report "$folder") s (Excel, plots and HTML)"
echo "openpyxl reference: $(/usr/bin/python3 "$here/excel_speed_reference.py" "$folder/records.jsonl" "$work/reference.xlsx")"
