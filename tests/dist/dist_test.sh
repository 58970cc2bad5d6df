#!/usr/bin/env bash
# `make dist`'s tarball, unpacked somewhere else and run as a user would: every library it needs
# but glibc's resolves inside the unpacked folder (none from the build machine's library paths),
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
glibc='^(linux-vdso|libc|libm|libpthread|libdl|librt|ld-linux-x86-64)\.so'
while read -r library arrow path rest; do
  [[ "$library" =~ $glibc || "$library" == /* ]] && continue
  if [[ "$(realpath -q "$path" || true)" != "$(realpath "$root/lib")/"* ]]; then
    echo "FAIL $library resolves to '$path $rest', not to the tarball's lib/"
    failed=1
  fi
done < <(env -i ldd "$binary")
grep -q '^Needs glibc 2\.[0-9]* or newer' "$root/README.txt" || { echo "FAIL README.txt does not state the glibc it needs"; failed=1; }
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
