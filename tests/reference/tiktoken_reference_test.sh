#!/usr/bin/env bash
# Token ids must equal the reference implementation's (js-tiktoken, from npm) on every line of a
# >= 1 MB multilingual corpus, for cl100k_base and o200k_base. The npm download and the reference
# files are cached in CACHE_DIR, so reruns are fast. Exits 77 (skipped, with the reason) only when
# node/npm are missing or the registry cannot be reached.
# Usage: tiktoken_reference_test.sh GENAI_BENCH_BINARY CACHE_DIR
set -euo pipefail
binary=$1
mkdir -p "$2"
cache=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
version=1.0.21

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "SKIPPED: node and npm are needed for the reference tokenizer (apt-get install nodejs npm)"
  exit 77
fi
if [[ ! -f "$cache/node_modules/js-tiktoken/package.json" ]] ||
   ! grep -q "\"version\": \"$version\"" "$cache/node_modules/js-tiktoken/package.json"; then
  if ! (cd "$cache" && timeout 300 npm install --no-audit --no-fund --silent "js-tiktoken@$version" >/dev/null 2>&1); then
    echo "SKIPPED: the npm registry could not be reached to install js-tiktoken@$version"
    exit 77
  fi
fi
if [[ ! -f "$cache/o200k_base.ids" || "$here/make_tiktoken_reference.mjs" -nt "$cache/o200k_base.ids" ]]; then
  cp "$here/make_tiktoken_reference.mjs" "$cache/"
  (cd "$cache" && node make_tiktoken_reference.mjs "$cache")
fi

status=0
for encoding in cl100k_base o200k_base; do
  "$binary" tokenize --model-tokenizer "$cache/$encoding.tiktoken" --ids --lines "$cache/corpus.txt" > "$cache/$encoding.ours"
  lines=$(wc -l < "$cache/corpus.txt")
  different=$(diff "$cache/$encoding.ids" "$cache/$encoding.ours" | grep -c '^<' || true)
  if [[ "$different" == 0 ]]; then
    echo "$encoding: token ids identical to js-tiktoken $version on all $lines lines ($(wc -c < "$cache/corpus.txt") bytes)"
  else
    echo "$encoding: $different of $lines lines differ from js-tiktoken $version; first difference:"
    diff "$cache/$encoding.ids" "$cache/$encoding.ours" | head -4
    status=1
  fi
done
exit $status
