#define PCRE2_CODE_UNIT_WIDTH 8
#include "tokenizer/regex_splitter.h"

#include <pcre2.h>

#include "common/utf8.h"

namespace genai::tokenizer {

struct RegexSplitter::Compiled {
  ~Compiled() { pcre2_code_free(code); }
  pcre2_code* code = nullptr;
};

namespace {

// The Unicode general categories, which PCRE2 takes by their one- and two-letter names, its own
// classes, and the binary properties the pre-tokenizers use (not scripts either).
bool is_category_or_pcre2_special(std::string_view name) {
  return name.size() <= 2 || name == "Any" || name == "Xan" || name == "Xps" || name == "Xsp" || name == "Xwd" ||
         name == "Xuc" || name == "Alphabetic" || name == "White_Space" || name == "Join_Control" ||
         name.find(':') != std::string_view::npos || name.find('=') != std::string_view::npos;
}

}  // namespace

// Oniguruma (Hugging Face) and Rust's regex (tiktoken) read \p{Han} as the Script property;
// PCRE2 10.40 on reads it as Script_Extensions, which also takes in shared punctuation such as
// "。" (U+3002). Writing \p{sc:Han} keeps the references' meaning.
std::string with_script_only_properties(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size());
  for (size_t at = 0; at < pattern.size(); ++at) {
    const char c = pattern[at];
    out.push_back(c);
    if (c != '\\' || at + 1 >= pattern.size()) continue;
    const char next = pattern[++at];
    out.push_back(next);
    if ((next != 'p' && next != 'P') || at + 1 >= pattern.size() || pattern[at + 1] != '{') continue;
    const size_t close = pattern.find('}', at + 2);
    if (close == std::string_view::npos) continue;
    std::string_view name = pattern.substr(at + 2, close - at - 2);
    const bool negated = !name.empty() && name[0] == '^';
    if (negated) name.remove_prefix(1);
    out.append("{").append(negated ? "^" : "").append(is_category_or_pcre2_special(name) ? "" : "sc:").append(name).append("}");
    at = close;
  }
  return out;
}

Result<RegexSplitter> RegexSplitter::compile(const std::string& given_pattern) {
  const std::string pattern = with_script_only_properties(given_pattern);
  auto compiled = std::make_shared<Compiled>();
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  compiled->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), PCRE2_UTF | PCRE2_UCP,
                                 &error_code, &error_offset, nullptr);
  if (compiled->code == nullptr) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error_code, message, sizeof message);
    return make_error("pattern does not compile at offset " + std::to_string(error_offset) + ": " +
                      reinterpret_cast<const char*>(message));
  }
  pcre2_jit_compile(compiled->code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter
  RegexSplitter splitter;
  splitter.compiled_ = std::move(compiled);
  return splitter;
}

std::vector<std::pair<size_t, size_t>> RegexSplitter::find_all(std::string_view text) const {
  std::vector<std::pair<size_t, size_t>> matches;
  pcre2_match_data* match = pcre2_match_data_create_from_pattern(compiled_->code, nullptr);
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  size_t offset = 0;
  while (offset < text.size()) {
    // NO_UTF_CHECK: callers pass valid UTF-8 (see valid_utf8).
    if (pcre2_match(compiled_->code, subject, text.size(), offset, PCRE2_NO_UTF_CHECK, match, nullptr) < 0) break;
    const PCRE2_SIZE* bounds = pcre2_get_ovector_pointer(match);
    if (bounds[1] == bounds[0]) {  // an empty match: step over one character, never loop forever
      offset = bounds[0] + std::max<size_t>(1, utf8_sequence_length(text, bounds[0]));
      continue;
    }
    matches.emplace_back(bounds[0], bounds[1]);
    offset = bounds[1];
  }
  pcre2_match_data_free(match);
  return matches;
}

std::vector<std::string_view> RegexSplitter::split(std::string_view text) const {
  std::vector<std::string_view> pieces;
  size_t unmatched_from = 0;
  for (auto [begin, end] : find_all(text)) {
    if (begin > unmatched_from) pieces.push_back(text.substr(unmatched_from, begin - unmatched_from));
    pieces.push_back(text.substr(begin, end - begin));
    unmatched_from = end;
  }
  if (unmatched_from < text.size()) pieces.push_back(text.substr(unmatched_from));
  return pieces;
}

std::string valid_utf8(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const size_t length = utf8_sequence_length(text, at);
    if (length == 0) {
      clean.append("\xEF\xBF\xBD");
      at += utf8_invalid_length(text, at);
    } else {
      clean.append(text.substr(at, length));
      at += length;
    }
  }
  return clean;
}

}  // namespace genai::tokenizer
