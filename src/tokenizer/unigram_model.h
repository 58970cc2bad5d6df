// The Unigram model of a tokenizer.json, as SentencePiece's unigram models (T5, XLM-R, bge-m3)
// are written there: every vocabulary entry has a score (a log probability) and a word is cut
// into the entries whose scores sum highest (Viterbi over a trie of the entries). A character no
// entry covers scores the lowest score minus 10 and becomes the unknown token, runs of them fused
// into one; with byte_fallback such a run is its bytes' <0xXX> tokens where the vocabulary has
// them all. Hugging Face's encode_optimized (after sentencepiece's unigram_model.cc), step for
// step, so ties and floating-point sums come out the same.
#pragma once

#include <boost/unordered/unordered_flat_map.hpp>

#include "tokenizer/hf_model.h"
#include "tokenizer/token_table.h"

namespace genai::tokenizer::hf {

class UnigramModel final : public Model {
 public:
  // `model` is $.model. Throws LoadError naming the JSON path.
  static std::unique_ptr<UnigramModel> load(simdjson::dom::object model);

  void encode_word(std::string_view word, std::vector<uint32_t>& ids) const override;
  std::string_view token(uint32_t id) const override { return vocab_.token(id); }
  bool byte_fallback() const override { return byte_fallback_; }

 private:
  // The trie: node 0 is the root; (node, byte) -> child; a node that ends an entry has its id.
  static uint64_t edge(uint32_t node, unsigned char byte) { return uint64_t{node} << 8 | byte; }
  void add_to_trie(std::string_view text, uint32_t id);
  void append_ids(std::string_view piece, std::vector<uint32_t>& ids) const;

  TokenTable vocab_;
  std::vector<double> scores_;  // by id
  boost::unordered_flat_map<uint64_t, uint32_t> children_;
  std::vector<uint32_t> node_id_;  // by trie node: the entry's id, or kNoEntry
  uint32_t unknown_id_ = 0;
  double unknown_score_ = 0;
  bool byte_fallback_ = false;
  uint32_t byte_token_[256];  // byte fallback: the id of <0xXX>, or kNoEntry
};

}  // namespace genai::tokenizer::hf
