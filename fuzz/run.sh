#!/usr/bin/env bash
# Runs the libFuzzer targets built in build/fuzz (cmake --preset fuzz), each on its seeds.
# Usage: fuzz/run.sh smoke|long [TARGET...]     (default: every fuzz/*_fuzz.cpp; TARGET = sse_decoder, ...)
#   smoke: FUZZ_SECONDS (default 8) per target, FUZZ_JOBS (default 2) at once, new inputs in a
#          temporary folder; a target stops at its first crash, and any crash fails the run.
#   long:  FUZZ_SECONDS (default 600) per target, FUZZ_JOBS (default 1) at once, the corpus kept
#          and grown in build/fuzz/corpus/TARGET; fork mode, so a crash is saved and fuzzing goes
#          on; fails at the end if anything was saved.
# Either way: crash inputs in build/fuzz/artifacts/TARGET/ (fuzz/triage.sh groups them by cause),
# logs in build/fuzz/logs/TARGET.log, and a line per target with its executions. The seeds
# (fuzz/corpus/TARGET) and past crashes (fuzz/regressions/TARGET) are only read: libFuzzer writes
# new inputs to the first folder it is given, never to the ones after it.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
case "$mode" in
  smoke) seconds=${FUZZ_SECONDS:-8}; jobs=${FUZZ_JOBS:-2} ;;
  long)  seconds=${FUZZ_SECONDS:-600}; jobs=${FUZZ_JOBS:-1} ;;
  *) echo "usage: fuzz/run.sh smoke|long [TARGET...]" >&2; exit 2 ;;
esac
shift
build=build/fuzz
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for source in fuzz/*_fuzz.cpp; do
    name=${source#fuzz/}
    targets+=("${name%_fuzz.cpp}")
  done
fi
for target in "${targets[@]}"; do
  [[ -x $build/fuzz/${target}_fuzz ]] || { echo "fuzz/run.sh: $build/fuzz/${target}_fuzz is not built (cmake --build --preset fuzz)" >&2; exit 2; }
done

# UBSan reports abort (-fno-sanitize-recover at build time); its stack tells where.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$build/logs"

# One target: its log, and a summary line in $scratch/TARGET.line.
run_target() {
  local target=$1
  local artifacts=$build/artifacts/$target log=$build/logs/$target.log corpus
  mkdir -p "$artifacts"
  local options=(-max_total_time="$seconds" -timeout=10 -artifact_prefix="$artifacts/" -print_final_stats=1)
  [[ -f fuzz/dict/$target.dict ]] && options+=(-dict="fuzz/dict/$target.dict")
  if [[ $mode == smoke ]]; then
    corpus=$scratch/$target
    options+=(-seed=1)  # the same mutations each CI run, as far as timing allows
  else
    corpus=$build/corpus/$target
    options+=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
  fi
  mkdir -p "$corpus"
  local inputs=("$corpus" "fuzz/corpus/$target")
  # Inputs that crashed once: replayed first, every run, so a fix stays a fix.
  [[ -d fuzz/regressions/$target ]] && inputs+=("fuzz/regressions/$target")
  # Counted by time, not name: an input found again is written over its earlier copy.
  local started=$scratch/$target.started status=0
  touch "$started"
  "$build/fuzz/${target}_fuzz" "${options[@]}" "${inputs[@]}" >"$log" 2>&1 || status=$?
  local saved
  saved=$(find "$artifacts" -type f -newer "$started" | wc -l)
  summarize "$target" "$log" "$status" "$saved" >"$scratch/$target.line"
  [[ $status -eq 0 && $saved -eq 0 ]]
}

# Executions from libFuzzer's final stats (plain mode) or its last status line (fork mode).
summarize() {
  local target=$1 log=$2 status=$3 saved=$4 runs seconds_run
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  seconds_run=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  if [[ -z $runs ]]; then  # fork mode: "#RUNS: cov: ... time: Ns job: ..."
    runs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -1)
    seconds_run=$(sed -n 's/^#[0-9]*: cov:.* time: \([0-9]*\)s.*/\1/p' "$log" | tail -1)
  fi
  runs=${runs:-0}
  local per_second=-  # a run cut short by a crash prints no time
  if [[ ${seconds_run:-0} -gt 0 ]]; then per_second=$((runs / seconds_run)); seconds_run+=s; else seconds_run=-; fi
  local result=ok
  if [[ $saved -gt 0 ]]; then
    local first  # a fork-mode log keeps only the children's one-line errors
    first=$(grep -m1 -E '^SUMMARY:|invariant failed|^terminate called' "$log" |
            sed -E 's/ \([^ ()]*\+0x[0-9a-f]+\)//; s/ \(BuildId: [0-9a-f]+\)//; s/ in $//' || true)
    result="$saved crash input(s) in $build/artifacts/$target/${first:+: $first}"
    [[ $mode == long ]] && result+="; fuzz/triage.sh $target groups them by cause"
  elif [[ $status -ne 0 ]]; then
    result="exit $status, see $log"
  fi
  printf '%-16s %12s runs %7s %9s exec/s  %s\n' "$target" "$runs" "$seconds_run" "$per_second" "$result"
}

echo "fuzz/run.sh $mode: ${#targets[@]} targets, ${seconds}s each, $jobs at once"
failed=0
running=0
for target in "${targets[@]}"; do
  run_target "$target" &
  running=$((running + 1))
  if [[ $running -ge $jobs ]]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [[ $running -gt 0 ]]; do
  wait -n || failed=1
  running=$((running - 1))
done
for target in "${targets[@]}"; do cat "$scratch/$target.line"; done
if [[ $failed -ne 0 ]]; then
  echo "fuzz/run.sh: crashes found; reproduce one with: $build/fuzz/TARGET_fuzz FILE" >&2
  exit 1
fi
