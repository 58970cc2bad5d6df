// The "model" of a tokenizer.json ($.model): what turns one pre-tokenized word into token ids.
// BPE (bpe_model.h: GPT-2, Llama, Qwen, Gemma...), WordPiece (wordpiece_model.h: BERT-style
// embedding and rerank models) and Unigram (unigram_model.h: SentencePiece's T5, XLM-R, bge-m3).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace genai::tokenizer::hf {

class Model {
 public:
  virtual ~Model() = default;
  // `model` is $.model, chosen by its "type". Throws LoadError naming the JSON path.
  static std::unique_ptr<Model> load(simdjson::dom::object model);

  virtual void encode_word(std::string_view word, std::vector<uint32_t>& ids) const = 0;
  // The token's text ("" for an id outside the vocabulary).
  virtual std::string_view token(uint32_t id) const = 0;
  // Characters missing from the vocabulary are <0xXX> byte tokens (which decode to those bytes).
  virtual bool byte_fallback() const { return false; }
  // Decoding: appends the text of the `index`-th token of a sequence (WordPiece puts spaces
  // between words and glues continuations; the others concatenate).
  virtual void append_decoded(std::string& text, std::string_view token, size_t index) const;
};

}  // namespace genai::tokenizer::hf
