#include "tokenizer/wordpiece_model.h"

#include "tokenizer/hf_json.h"
#include "tokenizer/tokenizer.h"

namespace genai::tokenizer::hf {
namespace {

bool is_continuation_byte(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

size_t character_count(std::string_view text) {
  size_t count = 0;
  for (char byte : text) count += is_continuation_byte(byte) ? 0 : 1;
  return count;
}

}  // namespace

std::unique_ptr<WordPieceModel> WordPieceModel::load(simdjson::dom::object model) {
  auto wordpiece = std::make_unique<WordPieceModel>();
  simdjson::dom::object vocab;
  if (model["vocab"].get(vocab)) throw LoadError{"$.model.vocab: expected an object"};
  std::vector<std::pair<std::string_view, uint32_t>> entries;
  entries.reserve(vocab.size());
  for (auto [token, id_value] : vocab) {
    uint64_t id = 0;
    if (id_value.get(id) || id >= kMaxTokenId) {
      throw LoadError{"$.model.vocab['" + std::string(token) + "']: expected an id below " + std::to_string(kMaxTokenId)};
    }
    entries.emplace_back(token, static_cast<uint32_t>(id));
  }
  wordpiece->vocab_ = TokenTable::build(entries);
  const std::string_view unknown = text_field(model, "unk_token", "$.model");
  const auto unknown_id = wordpiece->vocab_.id_of(unknown);
  // Hugging Face fails the encode that meets an unknown word then; refusing the file says it once.
  if (!unknown_id) throw LoadError{"$.model.unk_token: '" + std::string(unknown) + "' is not in the vocabulary"};
  wordpiece->unknown_id_ = *unknown_id;
  std::string_view prefix = "##";
  if (!model["continuing_subword_prefix"].get(prefix)) wordpiece->prefix_ = prefix;
  else wordpiece->prefix_ = "##";
  if (model["max_input_chars_per_word"].get(wordpiece->max_chars_)) wordpiece->max_chars_ = 100;
  return wordpiece;
}

void WordPieceModel::encode_word(std::string_view word, std::vector<uint32_t>& ids) const {
  if (word.empty()) return;
  if (character_count(word) > max_chars_) {
    ids.push_back(unknown_id_);
    return;
  }
  const size_t first_piece = ids.size();
  thread_local std::string candidate;
  size_t start = 0;
  while (start < word.size()) {
    // The longest entry first: no entry is longer than the longest text in the vocabulary, so
    // the search starts there (on a character boundary) rather than at the word's end.
    size_t end = std::min(word.size(), start + vocab_.longest());
    while (end < word.size() && is_continuation_byte(word[end])) --end;
    std::optional<uint32_t> piece;
    while (end > start) {
      const std::string_view text = word.substr(start, end - start);
      if (start == 0) {
        piece = vocab_.id_of(text);
      } else {
        candidate.assign(prefix_).append(text);
        piece = vocab_.id_of(candidate);
      }
      if (piece) break;
      do --end; while (end > start && is_continuation_byte(word[end]));
    }
    if (!piece) {
      ids.resize(first_piece);  // any part unknown: the whole word is one unknown token
      ids.push_back(unknown_id_);
      return;
    }
    ids.push_back(*piece);
    start = end;
  }
}

void WordPieceModel::append_decoded(std::string& text, std::string_view token, size_t index) const {
  if (index > 0) {
    if (token.substr(0, prefix_.size()) == prefix_) token.remove_prefix(prefix_.size());
    else text.push_back(' ');
  }
  text += token;
}

}  // namespace genai::tokenizer::hf
