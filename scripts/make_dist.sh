#!/usr/bin/env bash
# Packs the portable build (build/release/genai-bench-portable, see CMakeLists.txt) into
# genai-bench-VERSION-linux-x86_64.tar.gz: bin/genai-bench, lib/ with the shared libraries Debian
# ships no static archive of (and what they need), found through the binary's run path
# ($ORIGIN/../lib), and README.txt saying which glibc and libstdc++ it needs: those two (and
# libgcc_s) are the host's, as on every Linux.
# Usage: scripts/make_dist.sh PORTABLE_BINARY VERSION OUT_DIR   (prints the tarball's path)
set -euo pipefail
binary=$1
version=$2
out=$(mkdir -p "$3" && cd "$3" && pwd)
name=genai-bench-$version-linux-x86_64
stage=$(mktemp -d "${TMPDIR:-/tmp}/genai-bench-dist.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/bin" "$stage/$name/lib"
cp "$binary" "$stage/$name/bin/genai-bench"
strip "$stage/$name/bin/genai-bench"
# Every library ldd resolves, but the host's own: glibc (its loader must match its libc) and the
# C++ runtime every Linux has (only simdjson's library uses it: new/delete and std::string).
host='^(linux-vdso|libc|libm|libpthread|libdl|librt|ld-linux-x86-64|libstdc\+\+|libgcc_s)\.so'
while read -r library path; do
  [[ "$library" =~ $host ]] && continue
  [[ -f "$path" ]] || { echo "make_dist: $library is not found" >&2; exit 1; }
  cp -L "$path" "$stage/$name/lib/$library"
  strip --strip-unneeded "$stage/$name/lib/$library"
done < <(ldd "$binary" | awk '$2 == "=>" && $3 != "" {print $1, $3}')
# The newest GLIBC_ symbol version any file needs is the oldest glibc it runs on.
symbols=$(for file in "$stage/$name/bin/genai-bench" "$stage/$name"/lib/*; do objdump -T "$file"; done)
needed=$(grep -o 'GLIBC_[0-9][0-9.]*' <<< "$symbols" | sort -V -u | tail -1)
needed_cxx=$(grep -o 'GLIBCXX_[0-9][0-9.]*' <<< "$symbols" | sort -V -u | tail -1)
cat > "$stage/$name/README.txt" <<TEXT
genai-bench $version for Linux x86-64.

Needs glibc ${needed#GLIBC_} or newer (\`ldd --version\` shows a machine's: RHEL 9 has 2.34, Ubuntu
22.04 2.35, Debian 12 2.36, Ubuntu 24.04 2.39), the system's libstdc++ with ${needed_cxx} (GCC 5
and later), and a CPU with x86-64-v2 (SSE4.2) and PCLMUL (every x86-64 server since 2010).
Everything else is in the binary or in lib/ beside it: run bin/genai-bench from where it is unpacked, or link to it.
gnuplot, when installed, draws the plots; without it the other reports are still written.

  bin/genai-bench --version
  bin/genai-bench benchmark --api-base http://SERVER:8000 --api-model-name MODEL --num-concurrency 8

Linked in: Boost.JSON, yaml-cpp, PCRE2, OpenSSL, ICU, snappy, zstd, lz4, brotli, zlib.
In lib/ (Debian ships no static archive of them, or they need it): $(cd "$stage/$name/lib" && ls | tr '\n' ' ')
TEXT
tar -C "$stage" -czf "$out/$name.tar.gz" "$name"
echo "$out/$name.tar.gz"
