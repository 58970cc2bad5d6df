// Hugging Face tokenizer.json, BPE in its two common shapes: byte-level (GPT-2, Llama 3, Qwen,
// DeepSeek: Split-regex and ByteLevel pre-tokenizers) and SentencePiece-style with byte fallback
// (Llama 2: a Prepend/Replace "▁" normalizer, no pre-tokenizer, characters missing from the
// vocabulary written as <0xXX> byte tokens). Added tokens are split out first, then the
// normalizer, the pre-tokenizers and the BPE model with its merges. Anything else is refused with
// the JSON path of what is not supported yet, never encoded wrongly.
#include <simdjson.h>

#include <cstdio>
#include <optional>
#include <unordered_map>

#include "common/utf8.h"
#include "tokenizer/byte_level.h"
#include "tokenizer/byte_pair_merge.h"
#include "tokenizer/hf_tokenizer.h"
#include "tokenizer/regex_splitter.h"
#include "tokenizer/unicode_normalizer.h"

namespace genai::tokenizer {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
using TextMap = std::unordered_map<std::string, uint32_t, TransparentHash, std::equal_to<>>;

// GPT-2's own pre-tokenization, used by ByteLevel when "use_regex" is true.
constexpr const char* kGpt2Pattern = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

struct AddedToken {
  std::string content;
  uint32_t id = 0;
};

struct PreTokenizerStep {
  std::optional<RegexSplitter> split;  // a regex split (Split, or ByteLevel with use_regex)
  bool byte_level = false;             // map bytes to the byte-level alphabet
};

struct NormalizerStep {
  enum class Kind { nfc, prepend, replace } kind = Kind::nfc;
  std::string text;         // prepend: what; replace: the string replaced
  std::string replacement;  // replace: by what
};

struct LoadError {
  std::string message;
};

std::string_view text_field(object parent, const char* key, const std::string& path) {
  std::string_view value;
  if (parent[key].get(value)) throw LoadError{path + "." + key + ": expected a string"};
  return value;
}

bool flag(object parent, const char* key, bool fallback = false) {
  bool value = fallback;
  if (parent[key].get(value)) return fallback;
  return value;
}

// Normalizers and pre-tokenizers are one object, or a {"type": "Sequence"} listing several under
// `list_key`: calls `add` for each with its JSON path.
template <class Add>
void for_each_in_sequence(object settings, const char* list_key, const std::string& path, Add add) {
  if (text_field(settings, "type", path) != "Sequence") {
    add(settings, path);
    return;
  }
  array steps;
  if (settings[list_key].get(steps)) throw LoadError{path + "." + list_key + ": expected an array"};
  size_t index = 0;
  for (element step : steps) {
    object step_settings;
    const std::string step_path = path + "." + list_key + "[" + std::to_string(index++) + "]";
    if (step.get(step_settings)) throw LoadError{step_path + ": expected an object"};
    add(step_settings, step_path);
  }
}

class HfBpeTokenizer final : public Tokenizer {
 public:
  static std::unique_ptr<Tokenizer> load(element root) {
    auto tokenizer = std::unique_ptr<HfBpeTokenizer>(new HfBpeTokenizer());
    tokenizer->load_model(root);
    tokenizer->load_added_tokens(root);
    tokenizer->load_normalizer(root);
    tokenizer->load_pre_tokenizer(root);
    return tokenizer;
  }

  std::vector<uint32_t> encode(std::string_view raw_text) const override {
    const std::string text = valid_utf8(raw_text);
    std::vector<uint32_t> ids;
    size_t from = 0;
    while (from < text.size()) {  // added tokens are found in the raw text first
      auto [at, token] = next_added_token(text, from);
      encode_ordinary(std::string_view(text).substr(from, at - from), ids);
      if (token == nullptr) break;
      ids.push_back(token->id);
      from = at + token->content.size();
    }
    return ids;
  }

  std::string decode(const std::vector<uint32_t>& ids) const override {
    std::string text;
    for (uint32_t id : ids) {
      if (id >= token_of_id_.size()) continue;
      const std::string& token = token_of_id_[id];
      if (!byte_level_ && token.size() == 6 && token.rfind("<0x", 0) == 0 && token.back() == '>') {
        text.push_back(static_cast<char>(std::stoi(token.substr(3, 2), nullptr, 16)));  // byte fallback
      } else {
        text += token;
      }
    }
    if (byte_level_) return from_byte_level(text);
    // Undo the normalizer, last step first: replacements back, then the prepended prefix.
    for (auto step = normalizers_.rbegin(); step != normalizers_.rend(); ++step) {
      if (step->kind == NormalizerStep::Kind::replace) {
        text = replace_all(text, step->replacement, step->text);
      } else if (step->kind == NormalizerStep::Kind::prepend) {
        std::string prefix = step->text;
        for (const NormalizerStep& later : normalizers_) {  // the prefix as later steps changed it back
          if (later.kind == NormalizerStep::Kind::replace) prefix = replace_all(prefix, later.replacement, later.text);
        }
        if (text.rfind(prefix, 0) == 0) text.erase(0, prefix.size());
      }
    }
    return text;
  }

 private:
  void load_model(element root) {
    object model;
    if (root["model"].get(model)) throw LoadError{"$.model: missing"};
    const std::string_view type = text_field(model, "type", "$.model");
    if (type != "BPE") throw LoadError{"$.model.type: '" + std::string(type) + "' is not supported yet (supported: BPE)"};
    byte_fallback_ = flag(model, "byte_fallback");
    for (const char* affix : {"continuing_subword_prefix", "end_of_word_suffix"}) {
      std::string_view value;
      if (!model[affix].get(value) && !value.empty()) {
        throw LoadError{std::string("$.model.") + affix + ": a non-empty value is not supported yet"};
      }
    }
    ignore_merges_ = flag(model, "ignore_merges");
    object vocab;
    if (model["vocab"].get(vocab)) throw LoadError{"$.model.vocab: expected an object"};
    for (auto [token, id_value] : vocab) {
      uint64_t id = 0;
      if (id_value.get(id)) throw LoadError{"$.model.vocab['" + std::string(token) + "']: expected an id"};
      vocab_.emplace(std::string(token), static_cast<uint32_t>(id));
      if (token_of_id_.size() <= id) token_of_id_.resize(id + 1);
      token_of_id_[id] = std::string(token);
    }
    array merges;
    if (model["merges"].get(merges)) throw LoadError{"$.model.merges: expected an array"};
    uint32_t rank = 0;
    for (element merge : merges) {
      std::string key;  // "left right": byte-level symbols never contain a space
      std::string_view both;
      array pair;
      if (!merge.get(both)) {
        key = std::string(both);  // older format: "left right"
      } else if (!merge.get(pair) && pair.size() == 2) {
        std::string_view left, right;
        if (pair.at(0).get(left) || pair.at(1).get(right)) throw LoadError{"$.model.merges[" + std::to_string(rank) + "]: expected two strings"};
        key.append(left).append(" ").append(right);
      } else {
        throw LoadError{"$.model.merges[" + std::to_string(rank) + "]: expected \"a b\" or [\"a\", \"b\"]"};
      }
      merges_.emplace(std::move(key), rank++);
    }
  }

  void load_added_tokens(element root) {
    array added;
    if (root["added_tokens"].get(added)) return;
    size_t index = 0;
    for (element entry : added) {
      object token;
      const std::string path = "$.added_tokens[" + std::to_string(index++) + "]";
      if (entry.get(token)) throw LoadError{path + ": expected an object"};
      for (const char* option : {"single_word", "lstrip", "rstrip"}) {
        if (flag(token, option)) throw LoadError{path + "." + option + ": true is not supported yet"};
      }
      uint64_t id = 0;
      if (token["id"].get(id)) throw LoadError{path + ".id: expected a number"};
      AddedToken added_token{std::string(text_field(token, "content", path)), static_cast<uint32_t>(id)};
      if (token_of_id_.size() <= id) token_of_id_.resize(id + 1);
      token_of_id_[id] = added_token.content;
      if (!added_token.content.empty()) added_tokens_.push_back(std::move(added_token));
    }
  }

  void load_normalizer(element root) {
    element normalizer = root["normalizer"];
    if (normalizer.is_null()) return;
    object settings;
    if (normalizer.get(settings)) throw LoadError{"$.normalizer: expected an object or null"};
    for_each_in_sequence(settings, "normalizers", "$.normalizer",
                         [this](object step, const std::string& path) { add_normalizer(step, path); });
  }

  void add_normalizer(object settings, const std::string& path) {
    const std::string_view type = text_field(settings, "type", path);
    NormalizerStep step;
    if (type == "NFC") {
      step.kind = NormalizerStep::Kind::nfc;
    } else if (type == "Prepend") {
      step.kind = NormalizerStep::Kind::prepend;
      step.text = text_field(settings, "prepend", path);
    } else if (type == "Replace") {
      object pattern;
      std::string_view from;
      if (settings["pattern"].get(pattern) || pattern["String"].get(from)) {
        throw LoadError{path + ".pattern: only {\"String\": ...} patterns are supported yet"};
      }
      step.kind = NormalizerStep::Kind::replace;
      step.text = from;
      step.replacement = text_field(settings, "content", path);
    } else {
      throw LoadError{path + ".type: '" + std::string(type) + "' is not supported yet (supported: NFC, Prepend, Replace)"};
    }
    normalizers_.push_back(std::move(step));
  }

  static std::string replace_all(const std::string& text, const std::string& from, const std::string& to) {
    if (from.empty()) return text;
    std::string replaced;
    size_t start = 0;
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, start)) {
      replaced.append(text, start, at - start).append(to);
      start = at + from.size();
    }
    replaced.append(text, start);
    return replaced;
  }

  std::string normalize(std::string_view segment) const {
    std::string text(segment);
    for (const NormalizerStep& step : normalizers_) {
      switch (step.kind) {
        case NormalizerStep::Kind::nfc: text = nfc(text); break;
        case NormalizerStep::Kind::prepend:
          if (!text.empty()) text.insert(0, step.text);
          break;
        case NormalizerStep::Kind::replace: text = replace_all(text, step.text, step.replacement); break;
      }
    }
    return text;
  }

  void load_pre_tokenizer(element root) {
    element pre_element = root["pre_tokenizer"];
    if (pre_element.is_null()) {  // SentencePiece-style: each normalized segment is one word
      if (!byte_fallback_) throw LoadError{"$.pre_tokenizer: null is supported only with byte_fallback BPE yet"};
      return;
    }
    object pre;
    if (pre_element.get(pre)) throw LoadError{"$.pre_tokenizer: expected an object or null"};
    for_each_in_sequence(pre, "pretokenizers", "$.pre_tokenizer",
                         [this](object step, const std::string& path) { add_step(step, path); });
    if (steps_.empty() || !steps_.back().byte_level) {
      throw LoadError{"$.pre_tokenizer: only byte-level pre-tokenization (ending in ByteLevel) is supported yet"};
    }
    byte_level_ = true;
  }

  void add_step(object settings, const std::string& path) {
    const std::string_view type = text_field(settings, "type", path);
    PreTokenizerStep step;
    if (type == "Split") {
      object pattern;
      std::string_view regex;
      if (settings["pattern"].get(pattern) || pattern["Regex"].get(regex)) {
        throw LoadError{path + ".pattern: only {\"Regex\": ...} patterns are supported yet"};
      }
      if (text_field(settings, "behavior", path) != "Isolated" || flag(settings, "invert")) {
        throw LoadError{path + ".behavior: only Isolated, not inverted, is supported yet"};
      }
      auto compiled = RegexSplitter::compile(std::string(regex));
      if (!compiled) throw LoadError{path + ".pattern.Regex: " + compiled.error()};
      step.split.emplace(std::move(*compiled));
    } else if (type == "ByteLevel") {
      if (flag(settings, "add_prefix_space")) throw LoadError{path + ".add_prefix_space: true is not supported yet"};
      if (flag(settings, "use_regex", true)) step.split.emplace(std::move(*RegexSplitter::compile(kGpt2Pattern)));
      step.byte_level = true;
    } else {
      throw LoadError{path + ".type: '" + std::string(type) + "' is not supported yet (supported: Split, ByteLevel)"};
    }
    steps_.push_back(std::move(step));
  }

  // The earliest added token at or after `from` (the longest one where several start there).
  std::pair<size_t, const AddedToken*> next_added_token(std::string_view text, size_t from) const {
    size_t best_at = text.size();
    const AddedToken* best = nullptr;
    for (const AddedToken& token : added_tokens_) {
      const size_t at = text.find(token.content, from);
      if (at == std::string_view::npos) continue;
      if (at < best_at || (at == best_at && best != nullptr && token.content.size() > best->content.size())) {
        best_at = at;
        best = &token;
      }
    }
    return {best_at, best};
  }

  void encode_ordinary(std::string_view segment, std::vector<uint32_t>& ids) const {
    if (segment.empty()) return;
    const std::string normalized = normalize(segment);
    std::vector<std::string> pieces = {normalized};
    for (const PreTokenizerStep& step : steps_) {
      std::vector<std::string> next;
      for (const std::string& piece : pieces) {
        if (!step.split) {
          next.push_back(piece);
          continue;
        }
        for (std::string_view part : step.split->split(piece)) next.emplace_back(part);
      }
      if (step.byte_level) {
        for (std::string& piece : next) {
          std::string mapped;
          append_byte_level(mapped, piece);
          piece = std::move(mapped);
        }
      }
      pieces = std::move(next);
    }
    for (const std::string& piece : pieces) encode_piece(piece, ids);
  }

  void encode_piece(std::string_view piece, std::vector<uint32_t>& ids) const {
    if (ignore_merges_) {
      if (auto found = vocab_.find(piece); found != vocab_.end()) {
        ids.push_back(found->second);
        return;
      }
    }
    std::vector<size_t> boundaries;  // one symbol per character
    for (size_t at = 0; at < piece.size(); at += std::max<size_t>(1, utf8_sequence_length(piece, at))) {
      boundaries.push_back(at);
    }
    boundaries.push_back(piece.size());
    std::string key;
    byte_pair_merge(piece, boundaries, [&](std::string_view left, std::string_view right) -> std::optional<uint32_t> {
      key.assign(left).append(" ").append(right);
      auto found = merges_.find(key);
      if (found == merges_.end()) return std::nullopt;
      return found->second;
    });
    for (size_t i = 0; i + 1 < boundaries.size(); ++i) {
      const std::string_view symbol = piece.substr(boundaries[i], boundaries[i + 1] - boundaries[i]);
      if (auto found = vocab_.find(symbol); found != vocab_.end()) {
        ids.push_back(found->second);
      } else if (byte_fallback_) {  // not in the vocabulary: its bytes, as <0xXX> tokens
        for (char byte : symbol) {
          char name[8];
          std::snprintf(name, sizeof name, "<0x%02X>", static_cast<unsigned char>(byte));
          if (auto byte_token = vocab_.find(std::string_view(name)); byte_token != vocab_.end()) {
            ids.push_back(byte_token->second);
          }
        }
      }
    }
  }

  TextMap vocab_;
  TextMap merges_;  // "left right" -> rank
  std::vector<std::string> token_of_id_;
  std::vector<AddedToken> added_tokens_;
  std::vector<PreTokenizerStep> steps_;
  std::vector<NormalizerStep> normalizers_;
  bool ignore_merges_ = false;
  bool byte_fallback_ = false;
  bool byte_level_ = false;
};

}  // namespace

Result<std::unique_ptr<Tokenizer>> load_hf_tokenizer(const std::string& path) {
  simdjson::dom::parser parser;
  element root;
  if (auto error = parser.load(path).get(root)) {
    return make_error("--model-tokenizer: cannot read '" + path + "' as JSON: " + simdjson::error_message(error));
  }
  try {
    return HfBpeTokenizer::load(root);
  } catch (const LoadError& error) {
    return make_error("--model-tokenizer: " + path + ": " + error.message);
  }
}

}  // namespace genai::tokenizer
