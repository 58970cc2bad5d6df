// Pre-tokenization by regex with PCRE2 (UTF, Unicode properties, JIT): the text is cut into the
// pattern's matches and, between them, whatever did not match ("Isolated" in Hugging Face's
// terms). Thread-safe: each call has its own match data.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace genai::tokenizer {

class RegexSplitter {
 public:
  static Result<RegexSplitter> compile(const std::string& pattern);
  // Pieces of `text` in order; together they are the whole text. `text` must be valid UTF-8.
  std::vector<std::string_view> split(std::string_view text) const;
  // The non-empty matches of the pattern, leftmost first, as [begin, end) byte offsets.
  std::vector<std::pair<size_t, size_t>> find_all(std::string_view text) const;

 private:
  struct Compiled;
  std::shared_ptr<const Compiled> compiled_;
};

// `pattern` with script properties (\p{Han}) written as PCRE2's Script-only form (\p{sc:Han}).
std::string with_script_only_properties(std::string_view pattern);

// Text as a JavaScript or Python string holds it: invalid UTF-8 bytes become U+FFFD.
std::string valid_utf8(std::string_view text);

}  // namespace genai::tokenizer
