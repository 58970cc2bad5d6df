// Hugging Face tokenizer.json in the shapes served models use: BPE byte-level (GPT-2, Llama 3,
// Qwen, DeepSeek: Split-regex and ByteLevel pre-tokenizers) and SentencePiece-style with byte
// fallback (Llama 2, Gemma, Mistral: Prepend/Replace normalizers or a Metaspace pre-tokenizer,
// characters missing from the vocabulary as <0xXX> byte tokens); WordPiece behind BERT's
// normalizer and pre-tokenizer (embedding and rerank models); Unigram (T5, XLM-R). The
// pipeline is Hugging Face's: added tokens are split out of the text first, then each remaining
// piece is normalized (and searched for "normalized" added tokens), pre-tokenized into words, and
// each word encoded by the model; encode_with_special_tokens adds the post-processor's tokens
// around that. Anything else is refused with the JSON path of what is not supported yet, never
// encoded wrongly.
#include "tokenizer/hf_tokenizer.h"

#include <charconv>

#include <simdjson.h>

#include "tokenizer/added_vocabulary.h"
#include "tokenizer/byte_level.h"
#include "tokenizer/hf_json.h"
#include "tokenizer/hf_model.h"
#include "tokenizer/hf_normalizer.h"
#include "tokenizer/hf_post_processor.h"
#include "tokenizer/hf_pre_tokenizer.h"
#include "tokenizer/regex_splitter.h"

namespace genai::tokenizer {
namespace {

using namespace hf;

class HfTokenizer final : public Tokenizer {
 public:
  explicit HfTokenizer(simdjson::dom::element root)
      : model_(load_model(root)),
        normalizer_(Normalizer::load(section(root, "normalizer"))),
        pre_tokenizer_(PreTokenizer::load(section(root, "pre_tokenizer"))),
        post_processor_(load_post_processor(root)) {
    load_added_tokens(root);
  }

  std::vector<uint32_t> encode(std::string_view raw_text) const override {
    const std::string text = valid_utf8(raw_text);
    std::vector<uint32_t> ids;
    for_each_between_added_tokens(text, /*normalized=*/false, ids, [&](std::string_view piece, size_t offset) {
      const std::string normalized = normalizer_.apply(piece);
      for_each_between_added_tokens(normalized, /*normalized=*/true, ids, [&](std::string_view part, size_t part_offset) {
        words_.clear();
        pre_tokenizer_.split(part, offset == 0 && part_offset == 0, words_);
        for (const std::string& word : words_) model_->encode_word(word, ids);
      });
    });
    return ids;
  }

  std::vector<uint32_t> encode_with_special_tokens(std::string_view text) const override {
    return post_processor_.apply(encode(text));
  }

  std::string decode(const std::vector<uint32_t>& ids) const override {
    std::string text;
    for (size_t index = 0; index < ids.size(); ++index) {
      const uint32_t id = ids[index];
      const bool added = id < added_text_.size() && !added_text_[id].empty();
      const std::string_view token = added ? added_text_[id] : model_->token(id);
      unsigned byte = 0;
      if (model_->byte_fallback() && token.size() == 6 && token.substr(0, 3) == "<0x" && token.back() == '>' &&
          std::from_chars(token.data() + 3, token.data() + 5, byte, 16).ptr == token.data() + 5) {
        text.push_back(static_cast<char>(byte));  // <0x41> is the byte 0x41; <0xZZ> is just text
      } else {
        model_->append_decoded(text, token, index);
      }
    }
    if (pre_tokenizer_.byte_level()) return from_byte_level(text);
    return normalizer_.undo(pre_tokenizer_.undo(std::move(text)));
  }

 private:
  static simdjson::dom::element section(simdjson::dom::element root, const char* key) {
    simdjson::dom::element value;
    if (root[key].get(value)) throw LoadError{std::string("$.") + key + ": missing (null where there is none)"};
    return value;
  }

  // Missing is read as null: Hugging Face writes the key always, but hand-made files omit it, and
  // it changes nothing but encode_with_special_tokens.
  static PostProcessor load_post_processor(simdjson::dom::element root) {
    simdjson::dom::element value;
    if (root["post_processor"].get(value)) return PostProcessor{};
    return PostProcessor::load(value);
  }

  static std::unique_ptr<Model> load_model(simdjson::dom::element root) {
    simdjson::dom::object model;
    if (root["model"].get(model)) throw LoadError{"$.model: missing"};
    return Model::load(model);
  }

  void load_added_tokens(simdjson::dom::element root) {
    simdjson::dom::array added;
    if (root["added_tokens"].get(added)) return;
    size_t index = 0;
    for (simdjson::dom::element entry : added) {
      simdjson::dom::object token;
      const std::string path = "$.added_tokens[" + std::to_string(index++) + "]";
      if (entry.get(token)) throw LoadError{path + ": expected an object"};
      for (const char* option : {"single_word", "lstrip", "rstrip"}) {
        if (flag(token, option)) throw LoadError{path + "." + option + ": true is not supported yet"};
      }
      uint64_t id = 0;
      if (token["id"].get(id) || id >= UINT32_MAX) throw LoadError{path + ".id: expected a number"};
      if (id >= kMaxTokenId) throw LoadError{path + ".id: " + std::to_string(id) + " is larger than any vocabulary's"};
      const std::string_view content = text_field(token, "content", path);
      const bool special = flag(token, "special");
      added_.add(content, static_cast<uint32_t>(id), flag(token, "normalized", !special));
      if (added_text_.size() <= id) added_text_.resize(id + 1);
      added_text_[id] = content;
    }
  }

  // Calls `encode_piece(piece, offset)` for the text between added tokens of the given kind and
  // appends the tokens' ids in between.
  template <class EncodePiece>
  void for_each_between_added_tokens(std::string_view text, bool normalized, std::vector<uint32_t>& ids,
                                     EncodePiece encode_piece) const {
    size_t from = 0;
    while (from < text.size()) {
      const auto match = added_.find(text, from, normalized);
      const size_t until = match ? match->at : text.size();
      if (until > from) encode_piece(text.substr(from, until - from), from);
      if (!match) break;
      ids.push_back(match->id);
      from = match->at + match->length;
    }
  }

  std::unique_ptr<Model> model_;
  Normalizer normalizer_;
  PreTokenizer pre_tokenizer_;
  PostProcessor post_processor_;
  AddedVocabulary added_;
  std::vector<std::string> added_text_;  // by id; empty where the id is not an added token
  static thread_local std::vector<std::string> words_;
};

thread_local std::vector<std::string> HfTokenizer::words_;

}  // namespace

Result<std::unique_ptr<Tokenizer>> load_hf_tokenizer(const std::string& path) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.load(path).get(root)) {
    return make_error("--model-tokenizer: cannot read '" + path + "' as JSON: " + simdjson::error_message(error));
  }
  try {
    return std::unique_ptr<Tokenizer>(std::make_unique<HfTokenizer>(root));
  } catch (const LoadError& error) {
    return make_error("--model-tokenizer: " + path + ": " + error.message);
  }
}

}  // namespace genai::tokenizer
