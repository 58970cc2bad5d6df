#include "tokenizer/hf_json.h"

#include <cctype>

namespace genai::tokenizer::hf {

std::string pattern_field(simdjson::dom::object parent, const std::string& path) {
  simdjson::dom::object pattern;
  if (parent["pattern"].get(pattern)) throw LoadError{path + ".pattern: expected {\"String\": ...} or {\"Regex\": ...}"};
  std::string_view text;
  if (!pattern["Regex"].get(text)) return std::string(text);
  if (pattern["String"].get(text)) throw LoadError{path + ".pattern: expected {\"String\": ...} or {\"Regex\": ...}"};
  return literal_pattern(text);
}

std::string literal_pattern(std::string_view text) {
  std::string escaped;  // every ASCII character but letters and digits escaped, which PCRE2 always allows
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80 && !std::isalnum(byte)) escaped.push_back('\\');
    escaped.push_back(c);
  }
  return escaped;
}

}  // namespace genai::tokenizer::hf
