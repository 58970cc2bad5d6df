// The BPE model of a tokenizer.json ($.model): vocabulary, merges as pairs of token ids, byte
// fallback to <0xXX> tokens, the unknown token, ignore_merges. Encodes one pre-tokenized word as
// Hugging Face's BPE does: characters to ids, then the lowest-ranked adjacent pair merged first
// (leftmost on ties) until none is left.
#pragma once

#include <simdjson.h>

#include <boost/unordered/unordered_flat_map.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/hf_model.h"

namespace genai::tokenizer::hf {

class BpeModel final : public Model {
 public:
  // `model` is $.model. Throws LoadError naming the JSON path.
  static BpeModel load(simdjson::dom::object model);

  void encode_word(std::string_view word, std::vector<uint32_t>& ids) const override;
  std::optional<uint32_t> id_of(std::string_view token) const;
  // The token's text ("" for an id outside the vocabulary).
  std::string_view token(uint32_t id) const override { return id < token_of_id_.size() ? token_of_id_[id] : std::string_view(); }
  uint32_t id_limit() const { return static_cast<uint32_t>(token_of_id_.size()); }
  bool byte_fallback() const override { return byte_fallback_; }

 private:
  struct Merge {
    uint32_t rank;
    uint32_t merged_id;
  };
  static uint64_t pair_key(uint32_t left, uint32_t right) { return uint64_t{left} << 32 | right; }
  void load_vocabulary(simdjson::dom::object vocab);
  void load_merges(simdjson::dom::array merges);
  void word_symbols(std::string_view word, std::vector<uint32_t>& symbols) const;
  void merge(std::vector<uint32_t>& symbols) const;
  void merge_long(std::vector<uint32_t>& symbols) const;

  std::vector<char> token_text_;  // every vocabulary token, back to back: the views below point here
  // (a vector: its buffer stays put when the model moves)
  std::vector<std::string_view> token_of_id_;
  boost::unordered_flat_map<std::string_view, uint32_t> vocab_;
  boost::unordered_flat_map<uint64_t, Merge> merges_;  // (left id, right id) -> rank, merged token
  uint32_t byte_token_[256];                           // byte fallback: the id of <0xXX>, or kNone
  uint32_t ascii_id_[128];                             // the id of each one-byte character, or kNone
  bool byte_fallback_ = false;
  bool ignore_merges_ = false;
  bool fuse_unknown_ = false;
  std::optional<uint32_t> unknown_id_;
};

}  // namespace genai::tokenizer::hf
