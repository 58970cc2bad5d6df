#include "tokenizer/hf_pre_tokenizer.h"

#include <algorithm>

#include "tokenizer/byte_level.h"
#include "tokenizer/hf_json.h"
#include "tokenizer/hf_normalizer.h"
#include "tokenizer/unicode_classes.h"

namespace genai::tokenizer::hf {
namespace {

// GPT-2's own pre-tokenization, used by ByteLevel when "use_regex" is true.
constexpr const char* kGpt2Pattern = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

RegexSplitter compile(const std::string& pattern, const std::string& path) {
  auto compiled = RegexSplitter::compile(pattern);
  if (!compiled) throw LoadError{path + ": " + compiled.error()};
  return std::move(*compiled);
}

struct Span {
  size_t begin, end;
  bool flag;  // in the input: the span matched; in the output: the span is removed
};

}  // namespace

PreTokenizer PreTokenizer::load(simdjson::dom::element settings) {
  PreTokenizer pre_tokenizer;
  if (settings.is_null()) return pre_tokenizer;
  simdjson::dom::object object;
  if (settings.get(object)) throw LoadError{"$.pre_tokenizer: expected an object or null"};
  for_each_in_sequence(object, "pretokenizers", "$.pre_tokenizer",
                       [&](simdjson::dom::object step, const std::string& path) { pre_tokenizer.add(step, path); });
  return pre_tokenizer;
}

void PreTokenizer::add(simdjson::dom::object settings, const std::string& path) {
  const std::string_view type = text_field(settings, "type", path);
  Step step;
  if (type == "Split") {
    step.kind = Step::Kind::split;
    step.pattern = compile(pattern_field(settings, path), path + ".pattern");
    step.behavior = behavior_named(text_field(settings, "behavior", path), path);
    step.invert = flag(settings, "invert");
  } else if (type == "ByteLevel") {
    step.kind = Step::Kind::byte_level;
    step.add_prefix_space = flag(settings, "add_prefix_space");
    if (flag(settings, "use_regex", true)) step.pattern = compile(kGpt2Pattern, path);
    byte_level_ = true;
  } else if (type == "Metaspace") {
    step.kind = Step::Kind::metaspace;
    step.replacement = text_field(settings, "replacement", path);
    std::string_view scheme = "always";
    if (settings["prepend_scheme"].get(scheme) && !flag(settings, "add_prefix_space", true)) scheme = "never";  // older files
    if (scheme == "always") step.prepend = Prepend::always;
    else if (scheme == "first") step.prepend = Prepend::first;
    else if (scheme == "never") step.prepend = Prepend::never;
    else throw LoadError{path + ".prepend_scheme: '" + std::string(scheme) + "' is not always, first or never"};
    if (flag(settings, "split", true)) {
      step.pattern = compile(literal_pattern(step.replacement), path + ".replacement");
      step.behavior = Behavior::merged_with_next;
    }
  } else if (type == "BertPreTokenizer") {
    add_character_split(is_rust_whitespace, Behavior::removed);
    add_character_split(is_bert_punctuation, Behavior::isolated);
    return;
  } else if (type == "WhitespaceSplit") {
    add_character_split(is_rust_whitespace, Behavior::removed);
    return;
  } else if (type == "Punctuation") {
    std::string_view behavior = "Isolated";  // when missing or null
    simdjson::dom::element value;
    if (!settings["behavior"].get(value) && !value.is_null() && value.get(behavior)) throw LoadError{path + ".behavior: expected a string"};
    add_character_split(is_bert_punctuation, behavior_named(behavior, path));
    return;
  } else if (type == "Digits") {
    add_character_split(is_rust_numeric, flag(settings, "individual_digits") ? Behavior::isolated : Behavior::contiguous);
    return;
  } else if (type == "Whitespace") {
    step.kind = Step::Kind::split;
    step.word_runs = true;
    step.behavior = Behavior::removed;
    step.invert = true;
  } else if (type == "CharDelimiterSplit") {
    const std::string_view delimiter = text_field(settings, "delimiter", path);
    size_t length = 0;
    if (delimiter.empty() || (step.delimiter = decode_utf8(delimiter, 0, length), length != delimiter.size())) {
      throw LoadError{path + ".delimiter: expected one character"};
    }
    step.kind = Step::Kind::split;
    step.behavior = Behavior::removed;
  } else {
    throw LoadError{path + ".type: '" + std::string(type) +
                    "' is not supported yet (supported: Split, ByteLevel, Metaspace, BertPreTokenizer, Whitespace, "
                    "WhitespaceSplit, Punctuation, Digits, CharDelimiterSplit, Sequence)"};
  }
  steps_.push_back(std::move(step));
}

PreTokenizer::Behavior PreTokenizer::behavior_named(std::string_view name, const std::string& path) {
  if (name == "Removed") return Behavior::removed;
  if (name == "Isolated") return Behavior::isolated;
  if (name == "MergedWithPrevious") return Behavior::merged_with_previous;
  if (name == "MergedWithNext") return Behavior::merged_with_next;
  if (name == "Contiguous") return Behavior::contiguous;
  throw LoadError{path + ".behavior: '" + std::string(name) + "' is not a split behavior"};
}

void PreTokenizer::add_character_split(bool (*character_class)(char32_t), Behavior behavior) {
  Step step;
  step.kind = Step::Kind::split;
  step.character_class = character_class;
  step.behavior = behavior;
  steps_.push_back(std::move(step));
}

void PreTokenizer::split(std::string_view piece, bool at_text_start, std::vector<std::string>& out) const {
  std::vector<Word> words{{std::string(piece), at_text_start}};
  std::vector<Word> next;
  for (const Step& step : steps_) {
    next.clear();
    for (Word& word : words) {
      if (step.kind == Step::Kind::byte_level && step.add_prefix_space && word.text.rfind(' ', 0) != 0) {
        word.text.insert(0, " ");
      } else if (step.kind == Step::Kind::metaspace) {
        word.text = replace_all(word.text, " ", step.replacement);
        const bool prepend = step.prepend == Prepend::always || (step.prepend == Prepend::first && word.at_text_start);
        if (prepend && word.text.rfind(step.replacement, 0) != 0) word.text.insert(0, step.replacement);
      }
      if (step.pattern || step.character_class || step.delimiter || step.word_runs) {
        split_by_pattern(step, word, next);
      } else {
        next.push_back(std::move(word));
      }
    }
    if (step.kind == Step::Kind::byte_level) {
      for (Word& word : next) {
        std::string mapped;
        append_byte_level(mapped, word.text);
        word.text = std::move(mapped);
      }
    }
    std::swap(words, next);
  }
  for (Word& word : words) out.push_back(std::move(word.text));
}

// Hugging Face's SplitDelimiterBehavior, applied to the spans the pattern matched and the gaps
// between them (with `invert`, the gaps are the delimiters).
void PreTokenizer::split_by_pattern(const Step& step, const Word& word, std::vector<Word>& out) {
  const std::string& text = word.text;
  std::vector<Span> spans;
  size_t gap_from = 0;
  for (auto [begin, end] : matches(step, text)) {
    if (begin > gap_from) spans.push_back({gap_from, begin, step.invert});
    spans.push_back({begin, end, !step.invert});
    gap_from = end;
  }
  if (gap_from < text.size()) spans.push_back({gap_from, text.size(), step.invert});

  std::vector<Span> pieces;
  bool previous_match = false;
  switch (step.behavior) {
    case Behavior::isolated:
      for (const Span& span : spans) pieces.push_back({span.begin, span.end, false});
      break;
    case Behavior::removed:
      pieces = spans;  // the matches are removed
      break;
    case Behavior::contiguous:
      for (const Span& span : spans) {
        if (span.flag == previous_match && !pieces.empty()) pieces.back().end = span.end;
        else pieces.push_back({span.begin, span.end, false});
        previous_match = span.flag;
      }
      break;
    case Behavior::merged_with_previous:
      for (const Span& span : spans) {
        if (span.flag && !previous_match && !pieces.empty()) pieces.back().end = span.end;
        else pieces.push_back({span.begin, span.end, false});
        previous_match = span.flag;
      }
      break;
    case Behavior::merged_with_next:
      for (auto span = spans.rbegin(); span != spans.rend(); ++span) {
        if (span->flag && !previous_match && !pieces.empty()) pieces.back().begin = span->begin;
        else pieces.push_back({span->begin, span->end, false});
        previous_match = span->flag;
      }
      std::reverse(pieces.begin(), pieces.end());
      break;
  }
  for (const Span& piece : pieces) {
    if (piece.flag || piece.end == piece.begin) continue;
    out.push_back({text.substr(piece.begin, piece.end - piece.begin), word.at_text_start && piece.begin == 0});
  }
}

// Where the step's delimiters are: the pattern's matches, or each character of the class (every
// one a match of its own, as Hugging Face's character patterns match).
std::vector<std::pair<size_t, size_t>> PreTokenizer::matches(const Step& step, std::string_view text) {
  if (step.pattern) return step.pattern->find_all(text);
  std::vector<std::pair<size_t, size_t>> found;
  if (step.word_runs) {
    // Whitespace's \w+|[^\w\s]+ (Rust's regex): the runs of word characters and the runs of
    // other non-space ones. By ICU's classes rather than a PCRE2 pattern: PCRE2 10.42's tables
    // are Unicode 14, ICU 72's Unicode 15, nearer the reference's.
    enum class Run { none, word, other } run = Run::none;
    for (size_t at = 0; at < text.size();) {
      size_t length = 1;
      const char32_t c = decode_utf8(text, at, length);
      const Run kind = is_regex_word(c) ? Run::word : is_rust_whitespace(c) ? Run::none : Run::other;
      if (kind != Run::none && kind == run) found.back().second = at + length;
      else if (kind != Run::none) found.emplace_back(at, at + length);
      run = kind;
      at += length;
    }
    return found;
  }
  for (size_t at = 0; at < text.size();) {
    size_t length = 1;
    const char32_t c = decode_utf8(text, at, length);
    if (step.character_class ? step.character_class(c) : c == step.delimiter) found.emplace_back(at, at + length);
    at += length;
  }
  return found;
}

std::string PreTokenizer::undo(std::string text) const {
  for (auto step = steps_.rbegin(); step != steps_.rend(); ++step) {
    if (step->kind != Step::Kind::metaspace) continue;
    text = replace_all(text, step->replacement, " ");
    if (step->prepend != Prepend::never && text.rfind(' ', 0) == 0) text.erase(0, 1);
  }
  return text;
}

}  // namespace genai::tokenizer::hf
