#!/usr/bin/env bash
# Replays the crash inputs a run saved (build/fuzz/artifacts/TARGET/) and groups them by cause:
# what the sanitizer or the invariant said, and the first frame in src/. One line per cause, with
# how many inputs hit it and the smallest of them. (A fork-mode log keeps no stacks; this does.)
# Usage: fuzz/triage.sh [TARGET...]    (default: every target with saved inputs)
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/fuzz
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for folder in "$build"/artifacts/*/; do
    [[ -n $(ls -A "$folder") ]] && targets+=("$(basename "$folder")")
  done
fi

for target in "${targets[@]}"; do
  declare -A count=() smallest=()
  for input in "$build/artifacts/$target"/*; do
    [[ -f $input ]] || continue
    output=$(timeout 60 "$build/fuzz/${target}_fuzz" -rss_limit_mb=2048 "$input" 2>&1 || true)
    # The cause: the sanitizer's one-line summary, the failed invariant, or the uncaught exception;
    # sizes and addresses blanked so one cause is one line.
    cause=$(grep -m1 -E '^SUMMARY: |invariant failed|^terminate called|ERROR: libFuzzer: (out-of-memory|timeout)' <<<"$output" |
            sed -E 's/==[0-9]+==/==/; s/ \(BuildId: [0-9a-f]+\)//; s/ \([^ ()]*\+0x[0-9a-f]+\)//g; s/\(malloc\([0-9]+\)\)/(malloc(N))/; s/ in $//' || true)
    [[ $cause == "terminate called"* ]] && cause+=" $(grep -m1 'what():' <<<"$output" | sed 's/^ *//')"
    frame=$(grep -m1 -oE 'in [^ ]+.* /[^ ]*/src/[^ ]+:[0-9]+' <<<"$output" | sed -E 's|.*/(src/[^ ]+:[0-9]+)$|\1|' || true)
    [[ -z $cause ]] && cause="no crash on replay (flaky, or memory/time limits differ)"
    key="$cause | ${frame:-no frame in src/}"
    count[$key]=$(( ${count[$key]:-0} + 1 ))
    if [[ -z ${smallest[$key]:-} ]] || [[ $(stat -c %s "$input") -lt $(stat -c %s "${smallest[$key]}") ]]; then
      smallest[$key]=$input
    fi
  done
  echo "== $target"
  for key in "${!count[@]}"; do
    printf '%5d  %s\n       smallest: %s (%s bytes)\n' "${count[$key]}" "$key" "${smallest[$key]}" "$(stat -c %s "${smallest[$key]}")"
  done
  unset count smallest
done
