// The "normalizer" of a tokenizer.json: Unicode forms (NFC, NFD, NFKC, NFKD), Prepend and
// string Replace, alone or in a Sequence. Applied to each piece of text between added tokens.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/unicode_normalizer.h"

namespace genai::tokenizer::hf {

class Normalizer {
 public:
  // `settings` is $.normalizer (null: none). Throws LoadError naming the JSON path.
  static Normalizer load(simdjson::dom::element settings);
  std::string apply(std::string_view text) const;
  // Decoding: the replacements turned back and the prepended prefix removed (Unicode forms stay).
  std::string undo(std::string text) const;

 private:
  struct Step {
    enum class Kind { unicode, prepend, replace } kind = Kind::unicode;
    UnicodeForm form = UnicodeForm::nfc;
    std::string text;         // prepend: what; replace: the string replaced
    std::string replacement;  // replace: by what
  };
  void add(simdjson::dom::object settings, const std::string& path);

  std::vector<Step> steps_;
};

std::string replace_all(std::string_view text, std::string_view from, std::string_view to);

}  // namespace genai::tokenizer::hf
