#define PCRE2_CODE_UNIT_WIDTH 8
#include "tokenizer/regex_splitter.h"

#include <pcre2.h>

#include "common/utf8.h"

namespace genai::tokenizer {

struct RegexSplitter::Compiled {
  ~Compiled() { pcre2_code_free(code); }
  pcre2_code* code = nullptr;
};

Result<RegexSplitter> RegexSplitter::compile(const std::string& pattern) {
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

std::vector<std::string_view> RegexSplitter::split(std::string_view text) const {
  std::vector<std::string_view> pieces;
  pcre2_match_data* match = pcre2_match_data_create_from_pattern(compiled_->code, nullptr);
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  size_t offset = 0, unmatched_from = 0;
  while (offset < text.size()) {
    // NO_UTF_CHECK: callers pass valid UTF-8 (see valid_utf8).
    if (pcre2_match(compiled_->code, subject, text.size(), offset, PCRE2_NO_UTF_CHECK, match, nullptr) < 0) break;
    const PCRE2_SIZE* bounds = pcre2_get_ovector_pointer(match);
    if (bounds[1] == bounds[0]) {  // an empty match: step over one character, never loop forever
      offset = bounds[0] + std::max<size_t>(1, utf8_sequence_length(text, bounds[0]));
      continue;
    }
    if (bounds[0] > unmatched_from) pieces.push_back(text.substr(unmatched_from, bounds[0] - unmatched_from));
    pieces.push_back(text.substr(bounds[0], bounds[1] - bounds[0]));
    offset = unmatched_from = bounds[1];
  }
  if (unmatched_from < text.size()) pieces.push_back(text.substr(unmatched_from));
  pcre2_match_data_free(match);
  return pieces;
}

std::string valid_utf8(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const size_t length = utf8_sequence_length(text, at);
    if (length == 0) {
      clean.append("\xEF\xBF\xBD");
      ++at;
    } else {
      clean.append(text.substr(at, length));
      at += length;
    }
  }
  return clean;
}

}  // namespace genai::tokenizer
