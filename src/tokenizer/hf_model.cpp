#include "tokenizer/hf_model.h"

#include "tokenizer/bpe_model.h"
#include "tokenizer/hf_json.h"
#include "tokenizer/unigram_model.h"
#include "tokenizer/wordpiece_model.h"

namespace genai::tokenizer::hf {

std::unique_ptr<Model> Model::load(simdjson::dom::object model) {
  const std::string_view type = text_field(model, "type", "$.model");
  if (type == "BPE") return std::make_unique<BpeModel>(BpeModel::load(model));
  if (type == "WordPiece") return WordPieceModel::load(model);
  if (type == "Unigram") return UnigramModel::load(model);
  throw LoadError{"$.model.type: '" + std::string(type) + "' is not supported yet (supported: BPE, WordPiece, Unigram)"};
}

void Model::append_decoded(std::string& text, std::string_view token, size_t) const { text += token; }

}  // namespace genai::tokenizer::hf
