#!/usr/bin/env bash
# Our Parquet reader (workload/parquet_reader) against a real writer: parquet-wasm (arrow-rs, the
# Rust implementation of Apache Arrow's Parquet) writes the same 2,500 rows with every codec
# (uncompressed, snappy, gzip, brotli, lz4, zstd, lz4_raw), dictionary on (with its PLAIN fallback)
# and off, data pages v1 and v2, and the delta and byte-stream-split encodings, in several row
# groups of many pages: unicode, empty and null strings, an image struct {bytes, path}, chat
# messages as list<struct<role, content>>, a list of strings, int64, int32, bool, double, float
# and fixed-size binary columns. hyparquet, an independent JavaScript reader, reads every file
# back first, so the files hold what the generator meant; then parquet_dump's view of every leaf
# column must equal the values written (FLOAT and DOUBLE: text that reads back as the same
# number). Packages come from npm, pinned, and are cached in CACHE_DIR with the generated files.
# Exits 77 (skipped, with the reason) only when node/npm are missing or the registry cannot be
# reached.
# Usage: parquet_reference_test.sh PARQUET_DUMP_BINARY CACHE_DIR
set -euo pipefail
dump=$1
mkdir -p "$2"
cache=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
packages=(parquet-wasm@0.8.0 apache-arrow@21.2.0 hyparquet@1.33.0 hyparquet-compressors@1.1.2)

source "$here/../npm_packages.sh"
install_npm_packages "$cache" "the reference Parquet writer and reader" "${packages[@]}"
script=make_parquet_reference.mjs
files=$cache/files
if [[ ! -f "$cache/done" || "$here/$script" -nt "$cache/done" || "$(cat "$cache/done")" != "${packages[*]}" ]]; then
  cp "$here/$script" "$cache/"
  rm -rf "$files"
  (cd "$cache" && node "$script" write "$files")
  echo "${packages[*]}" > "$cache/done"
fi

status=0
mapfile -t columns < "$files/columns.txt"
while read -r name; do
  if ! "$dump" "$files/$name.parquet" "${columns[@]}" > "$files/$name.ours" 2> "$files/$name.error"; then
    echo "$name: our reader failed: $(cat "$files/$name.error")"
    status=1
  elif problems=$(cd "$cache" && node "$script" compare "$files" "$files/$name.ours"); then
    echo "$name: all ${#columns[@]} leaf columns identical to the values written"
  else
    echo "$name: differs from the values written:"
    echo "$problems"
    status=1
  fi
done < "$files/names.txt"
exit $status
