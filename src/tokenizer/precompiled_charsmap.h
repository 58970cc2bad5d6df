// SentencePiece's precompiled_charsmap, the "Precompiled" normalizer of tokenizer.json files
// converted from SentencePiece models (T5, XLM-R, bge-m3, multilingual-e5): a Darts-clone
// double-array trie of UTF-8 keys whose values point into a blob of NUL-terminated replacements.
// Applied as Hugging Face's tokenizers applies it (the crate spm_precompiled and
// normalizers/precompiled.rs), quirks included: see apply().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace genai::tokenizer {

class PrecompiledCharsmap {
 public:
  // `bytes`: [u32 LE trie size in bytes][trie units, u32 LE][replacements, UTF-8]. Empty means
  // no rules (SentencePiece's reading; Hugging Face refuses an empty one). A header or trie cut
  // short, or replacements that are not UTF-8, are an error.
  static Result<PrecompiledCharsmap> parse(std::string_view bytes);

  // Each extended grapheme cluster shorter than 6 bytes is replaced whole by the rule of its
  // shortest key prefix (so the rest of the cluster is dropped, as in Hugging Face); a longer one,
  // or one no key prefixes, is rewritten character by character; characters without a rule stay.
  std::string apply(std::string_view text) const;

  // The replacement for the shortest key that is a prefix of `text` (up to its first NUL byte),
  // if any. A trie or value out of range (a hostile file) finds nothing rather than read past it.
  std::optional<std::string_view> transform(std::string_view text) const;

 private:
  std::vector<uint32_t> units_;
  std::string replacements_;
};

}  // namespace genai::tokenizer
