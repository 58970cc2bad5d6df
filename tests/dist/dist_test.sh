#!/usr/bin/env bash
# `make dist`'s tarball, unpacked somewhere else and run as a user would: every library it needs
# but the host's glibc and libstdc++ resolves inside the unpacked folder (none from the build
# machine's library paths), it states the glibc it needs and that is at most RHEL 9's (2.34),
# `--version` answers, and a short benchmark of the built-in mock runs, with a clean environment.
# Usage: dist_test.sh PORTABLE_BINARY VERSION
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/genai-bench-dist-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
tarball=$("$here/../../scripts/make_dist.sh" "$1" "$2" "$work/out")
mkdir "$work/elsewhere"
tar -C "$work/elsewhere" -xzf "$tarball"
root="$work/elsewhere/genai-bench-$2-linux-x86_64"
binary="$root/bin/genai-bench"
failed=0
host='^(linux-vdso|libc|libm|libpthread|libdl|librt|ld-linux-x86-64|libstdc\+\+|libgcc_s)\.so'
while read -r library arrow path rest; do
  [[ "$library" =~ $host || "$library" == /* ]] && continue
  if [[ "$(realpath -q "$path" || true)" != "$(realpath "$root/lib")/"* ]]; then
    echo "FAIL $library resolves to '$path $rest', not to the tarball's lib/"
    failed=1
  fi
done < <(env -i ldd "$binary")
needs=$(grep -o '^Needs glibc 2\.[0-9]*' "$root/README.txt" | cut -d. -f2 || true)
if [[ -z "$needs" || "$needs" -gt 34 ]]; then
  echo "FAIL README.txt says '$(head -3 "$root/README.txt" | tail -1)': RHEL 9's glibc 2.34 would not run it"
  failed=1
fi
version=$(env -i "$binary" --version)
[[ "$version" == "genai-bench $2" ]] || { echo "FAIL --version said '$version'"; failed=1; }
if env -i HOME="$work" PATH=/usr/bin:/bin "$binary" benchmark --traffic-scenario "D(10,2)" --num-concurrency 2 \
     --max-requests-per-run 4 --no-ui --no-end-reports --output-dir "$work/results" --experiment-name x > "$work/run.txt" 2>&1 &&
   grep -q '"ok": *true' "$work/results/x/records.jsonl"; then
  echo "PASS the unpacked binary ran a benchmark of the built-in mock ($(grep -c . "$work/results/x/records.jsonl") records)"
else
  echo "FAIL the unpacked binary's benchmark:"
  cat "$work/run.txt"
  failed=1
fi
[[ $failed == 0 ]] && echo "PASS $(basename "$tarball"): $(du -h "$tarball" | cut -f1), libraries from lib/: $(ls "$root/lib" | tr '\n' ' ')"
exit $failed
