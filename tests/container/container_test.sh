#!/usr/bin/env bash
# The Dockerfile builds and its images run: the slim `runtime` image and the `reports` image (with
# gnuplot), both from `make dist`'s tarball (GENAI_BENCH_FROM=prebuilt, so the test does not compile
# a second time; the `source` path is the same Dockerfile's first branch, tried by hand: README).
# Each image answers --help and --version as a user that is not root, the runtime image runs a
# short benchmark of the built-in mock with no network but its own loopback, and the reports image
# draws that experiment's plots with its gnuplot.
# Skipped (77), with the reason, where no container engine is installed or it cannot run a
# container here. The base image: GENAI_BENCH_BASE_IMAGE if set, else a Debian 12 minbase made
# once with mmdebstrap (Debian's package; no registry needed) and kept in the engine's storage.
# Usage: container_test.sh PORTABLE_BINARY VERSION
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
version=$2

engine=$(command -v podman docker | head -1 || true)
[[ -n "$engine" ]] || { echo "SKIPPED: no container engine (podman or docker) is installed"; exit 77; }
"$engine" info > /dev/null 2>&1 || { echo "SKIPPED: $engine is installed but its engine does not answer ('$engine info' fails)"; exit 77; }
build=("$engine" build -q)
# buildah's chroot isolation needs no OCI runtime: a sandbox that refuses one still builds.
[[ "$engine" == */podman ]] && build+=(--isolation chroot)

base=${GENAI_BENCH_BASE_IMAGE:-localhost/genai-bench-test-base:bookworm}
if ! "$engine" image inspect "$base" > /dev/null 2>&1; then
  [[ -z "${GENAI_BENCH_BASE_IMAGE:-}" ]] || { echo "FAIL GENAI_BENCH_BASE_IMAGE=$base is not in $engine's storage"; exit 1; }
  command -v mmdebstrap > /dev/null ||
    { echo "SKIPPED: no base image: set GENAI_BENCH_BASE_IMAGE, or install mmdebstrap to make one"; exit 77; }
  tarball=$(mktemp "${TMPDIR:-/tmp}/genai-bench-base.XXXXXX.tar")
  mmdebstrap --quiet --variant=minbase bookworm "$tarball" http://deb.debian.org/debian ||
    { rm -f "$tarball"; echo "SKIPPED: mmdebstrap could not reach Debian's mirror to make a base image"; exit 77; }
  "$engine" import -q "$tarball" "$base" > /dev/null
  rm -f "$tarball"
fi

# A container's limits may not exceed the caller's; where a sandbox also refuses crun (cgroups in
# hybrid mode), runc runs. The first that starts a container is used.
run=()
for flags in "" "--runtime runc"; do
  candidate=("$engine" $flags run --rm --ulimit "nofile=$(ulimit -n):$(ulimit -n)" --ulimit "nproc=4096:4096")
  if "${candidate[@]}" --network none "$base" true > /dev/null 2>&1; then run=("${candidate[@]}"); break; fi
done
if [[ ${#run[@]} -eq 0 ]]; then
  echo "SKIPPED: $engine cannot start a container here: $("$engine" run --rm "$base" true 2>&1 | tail -1)"
  exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/genai-bench-container-test.XXXXXX")
tag=localhost/genai-bench-test:$$
trap 'rm -rf "$work"; "$engine" rmi -f "$tag-runtime" "$tag-reports" > /dev/null 2>&1 || true' EXIT
# The build context: what the Dockerfile's prebuilt path reads, and a tarball of this build.
mkdir -p "$work/context/scripts"
cp "$root/Dockerfile" "$root/.dockerignore" "$work/context/"
cp "$root/scripts/install-deps.sh" "$work/context/scripts/"
"$root/scripts/make_dist.sh" "$1" "$version" "$work/context/dist" > /dev/null

failed=0
for target in runtime reports; do
  if ! "${build[@]}" --build-arg BASE_IMAGE="$base" --build-arg GENAI_BENCH_FROM=prebuilt --target "$target" \
         -t "$tag-$target" "$work/context" > "$work/build-$target.log" 2>&1; then
    echo "FAIL the $target image did not build:"; tail -20 "$work/build-$target.log"; exit 1
  fi
  image="$tag-$target"
  help=$("${run[@]}" --network none "$image" 2>&1 || true)   # the image's default command: --help
  [[ "$help" == *"benchmark"*"merge"* ]] || { echo "FAIL $target: its default command did not print the help: $help"; failed=1; }
  said=$("${run[@]}" --network none "$image" --version 2>&1 || true)
  [[ "$said" == "genai-bench $version" ]] || { echo "FAIL $target: --version said '$said'"; failed=1; }
  user=$("${run[@]}" --network none --entrypoint id "$image" -u)
  [[ "$user" == 65532 ]] || { echo "FAIL $target: runs as uid $user, not 65532"; failed=1; }
  echo "PASS $target image: --help, --version, uid $user, $("$engine" image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}')"
done

# The slim image benchmarks its built-in mock into a folder of ours, with no network but loopback;
# then the reports image draws that experiment's plots.
mkdir -m 777 "$work/results"
"${run[@]}" --network none -v "$work/results:/results" "$tag-runtime" benchmark --traffic-scenario "D(10,2)" \
  --num-concurrency 2 --max-requests-per-run 4 --no-ui --no-end-reports --output-dir /results \
  --experiment-name x > "$work/run.log" 2>&1 || { echo "FAIL the runtime image's benchmark:"; tail -5 "$work/run.log"; failed=1; }
ok=$(grep -c '"ok": *true' "$work/results/x/records.jsonl" 2>/dev/null || true)
[[ "$ok" == 4 ]] && echo "PASS the runtime image benchmarked its mock: 4 records, all ok" ||
  { echo "FAIL the runtime image's benchmark wrote $ok ok records, not 4"; failed=1; }
"${run[@]}" --network none -v "$work/results:/results" "$tag-reports" report /results/x > "$work/plot.log" 2>&1 ||
  { echo "FAIL the reports image's report:"; tail -5 "$work/plot.log"; failed=1; }
plots=$(find "$work/results/x" -name '*.png' | wc -l)
[[ "$plots" -gt 0 ]] && echo "PASS the reports image drew $plots plots with its gnuplot" ||
  { echo "FAIL the reports image drew no plot"; failed=1; }
exit $failed
