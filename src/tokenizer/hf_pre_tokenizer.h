// The "pre_tokenizer" of a tokenizer.json: cuts normalized text into the words the model encodes
// one by one. Split (regex or string pattern, every delimiter behavior, invert), ByteLevel
// (GPT-2's regex and byte alphabet), Metaspace (SentencePiece's "▁" for spaces), BERT's
// (whitespace removed, punctuation isolated), Whitespace (\w+ and other runs), WhitespaceSplit,
// Punctuation, Digits and CharDelimiterSplit, alone or in a Sequence; null leaves each piece whole.
#pragma once

#include <simdjson.h>

#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/regex_splitter.h"

namespace genai::tokenizer::hf {

class PreTokenizer {
 public:
  // `settings` is $.pre_tokenizer. Throws LoadError naming the JSON path.
  static PreTokenizer load(simdjson::dom::element settings);
  // Appends the words of one normalized piece of text. `at_text_start`: the piece begins the
  // encoded text (Metaspace's prepend_scheme "first" prepends only there).
  void split(std::string_view piece, bool at_text_start, std::vector<std::string>& words) const;
  // Words are in GPT-2's byte alphabet (a ByteLevel step ran).
  bool byte_level() const { return byte_level_; }
  // Decoding: Metaspace's "▁" back to spaces and its prepended one removed.
  std::string undo(std::string text) const;

 private:
  enum class Behavior { removed, isolated, merged_with_previous, merged_with_next, contiguous };
  enum class Prepend { always, first, never };
  struct Step {
    enum class Kind { split, byte_level, metaspace } kind = Kind::split;
    std::optional<RegexSplitter> pattern;  // split; byte_level with use_regex; metaspace with split
    bool (*character_class)(char32_t) = nullptr;  // split at each such character (instead of a pattern)
    char32_t delimiter = 0;                       // CharDelimiterSplit: the character
    bool word_runs = false;                       // Whitespace: runs of \w, runs of other non-space
    Behavior behavior = Behavior::isolated;
    bool invert = false;
    bool add_prefix_space = false;  // byte_level
    std::string replacement;        // metaspace
    Prepend prepend = Prepend::always;
  };
  struct Word {
    std::string text;
    bool at_text_start;
  };
  void add(simdjson::dom::object settings, const std::string& path);
  static Behavior behavior_named(std::string_view name, const std::string& path);
  void add_character_split(bool (*character_class)(char32_t), Behavior behavior);
  static std::vector<std::pair<size_t, size_t>> matches(const Step& step, std::string_view text);
  static void split_by_pattern(const Step& step, const Word& word, std::vector<Word>& out);

  std::vector<Step> steps_;
  bool byte_level_ = false;
};

}  // namespace genai::tokenizer::hf
