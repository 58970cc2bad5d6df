#!/usr/bin/env bash
# The HTML reports open offline in a real browser: a short benchmark against the built-in mock
# writes one (--report all), a second benchmark and `report --group-key` the page comparing the
# two, then Debian's Chromium loads each headless with the network off
# (check_html_in_chromium.cjs: no resource fetched or failed, no console error, every inline plot
# drawn with a size) and both screenshots must be non-blank (png_not_blank.py). playwright-core
# comes from npm, pinned, cached in CACHE_DIR. Exits 77 (skipped, with the reason) only when node
# and npm are missing or the registry cannot be reached; a missing Chromium is a failure, since
# scripts/install-deps.sh installs it.
# Usage: html_report_browser_test.sh GENAI_BENCH_BINARY CACHE_DIR
set -euo pipefail
binary=$1
mkdir -p "$2"
cache=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
package=playwright-core@1.64.1

# Debian's chromium, else Ubuntu's (a snap, as chromium-browser or chromium on PATH).
CHROMIUM=$(command -v /usr/bin/chromium chromium chromium-browser | head -1 || true)
if [[ -z "$CHROMIUM" ]]; then
  echo "FAILED: chromium is missing (scripts/install-deps.sh installs Debian's chromium)"
  exit 1
fi
export CHROMIUM
source "$here/../npm_packages.sh"
install_npm_packages "$cache" "driving the browser" "$package"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$binary" benchmark --traffic-scenario "D(64,32)" --num-concurrency 1 4 --max-requests-per-run 40 \
  --output-dir "$work" --experiment-name browser --report all --no-ui > "$work/benchmark.log" 2>&1 ||
  { echo "FAILED: the benchmark did not finish:"; tail -5 "$work/benchmark.log"; exit 1; }
# A second experiment, to open the page comparing the two as well (report --group-key).
"$binary" benchmark --traffic-scenario "D(64,32)" --num-concurrency 1 4 --max-requests-per-run 40 \
  --output-dir "$work" --experiment-name browser-v2 --server-version 2 --mock-ttft-ms 30 --no-ui > "$work/benchmark.log" 2>&1 ||
  { echo "FAILED: the second benchmark did not finish:"; tail -5 "$work/benchmark.log"; exit 1; }
"$binary" report "$work" --group-key server_version > "$work/report.log" 2>&1 ||
  { echo "FAILED: the comparison was not written:"; tail -5 "$work/report.log"; exit 1; }

cp "$here/check_html_in_chromium.cjs" "$cache/"
# PAGE EXPECTED_PLOTS: opens it, checks what Chromium saw and that both screenshots have content.
check_page() {
  local page=$1 expected_plots=$2 name seen plots smallest read_back
  name=$(basename "$page" .html)
  if ! seen=$(cd "$cache" && node check_html_in_chromium.cjs "$page" "$work/$name-window.png" "$work/$name-plot.png"); then
    echo "FAILED: Chromium on $name.html: $seen"
    exit 1
  fi
  echo "Chromium saw $name.html: $seen"
  plots=$(sed -n 's/.*"plots":\([0-9]*\).*/\1/p' <<< "$seen")
  smallest=$(sed -n 's/.*"smallest_plot":\([0-9.]*\).*/\1/p' <<< "$seen")
  if [[ "$plots" != "$expected_plots" ]] || ! awk -v s="$smallest" 'BEGIN { exit !(s >= 200) }'; then
    echo "FAILED: $name.html: expected $expected_plots inline plots at least 200 px on a side, saw $plots (smallest $smallest px)"
    exit 1
  fi
  for shot in window plot; do
    if ! read_back=$(/usr/bin/python3 "$here/png_not_blank.py" "$work/$name-$shot.png" 16 0.01); then
      echo "FAILED: $read_back"
      exit 1
    fi
    echo "$name $shot screenshot (width height colours ink): $read_back"
  done
}
# Two runs: the "runs compared" grid and one grid per run. The comparison: one scenario, one figure.
check_page "$work/browser/report.html" 3
check_page "$work/comparison_by_server_version/comparison.html" 1
