// The "normalizer" of a tokenizer.json: Unicode forms (NFC, NFD, NFKC, NFKD), Prepend, Replace
// (a string or a regex), Lowercase, Strip, StripAccents, BERT's (BertNormalizer: control
// characters removed, whitespace to spaces, CJK ideographs spaced, accents stripped, lowercase)
// and SentencePiece's (Precompiled: its charsmap), alone or in a Sequence. Applied to each piece
// of text between added tokens.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/precompiled_charsmap.h"
#include "tokenizer/regex_splitter.h"
#include "tokenizer/unicode_normalizer.h"

namespace genai::tokenizer::hf {

class Normalizer {
 public:
  // `settings` is $.normalizer (null: none). Throws LoadError naming the JSON path.
  static Normalizer load(simdjson::dom::element settings);
  std::string apply(std::string_view text) const;
  // Decoding: the replacements turned back and the prepended prefix removed (Unicode forms and
  // the charsmap's rewrites stay).
  std::string undo(std::string text) const;

 private:
  struct Step {
    enum class Kind { unicode, prepend, replace, lowercase, strip, strip_accents, bert, precompiled } kind = Kind::unicode;
    UnicodeForm form = UnicodeForm::nfc;
    std::string text;         // prepend: what; replace: the string replaced
    std::string replacement;  // replace: by what
    std::optional<RegexSplitter> pattern;  // replace: a regex instead of `text`
    std::optional<PrecompiledCharsmap> charsmap;  // precompiled
    bool left = false, right = false;      // strip: which ends
    // bert: each of its four steps
    bool clean_text = true, chinese_characters = true, strip_accents = true, lowercase = true;
  };
  void add(simdjson::dom::object settings, const std::string& path);
  static std::string apply_step(const Step& step, std::string text);

  std::vector<Step> steps_;
};

std::string replace_all(std::string_view text, std::string_view from, std::string_view to);

}  // namespace genai::tokenizer::hf
