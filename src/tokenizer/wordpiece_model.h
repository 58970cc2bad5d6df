// The WordPiece model of a tokenizer.json, as BERT-style embedding and rerank models (bge, e5,
// MiniLM) use it: each word is cut greedily into the longest vocabulary entries from its start,
// pieces after the first written with the continuing prefix ("##"); a word with any part not in
// the vocabulary, or longer than max_input_chars_per_word characters, is one unknown token.
#pragma once

#include "tokenizer/hf_model.h"
#include "tokenizer/token_table.h"

namespace genai::tokenizer::hf {

class WordPieceModel final : public Model {
 public:
  // `model` is $.model. Throws LoadError naming the JSON path.
  static std::unique_ptr<WordPieceModel> load(simdjson::dom::object model);

  void encode_word(std::string_view word, std::vector<uint32_t>& ids) const override;
  std::string_view token(uint32_t id) const override { return vocab_.token(id); }
  void append_decoded(std::string& text, std::string_view token, size_t index) const override;

 private:
  TokenTable vocab_;
  std::string prefix_;
  uint32_t unknown_id_ = 0;
  uint64_t max_chars_ = 100;
};

}  // namespace genai::tokenizer::hf
