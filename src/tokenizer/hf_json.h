// Reading tokenizer.json sections: every part of the Hugging Face tokenizer (normalizer,
// pre-tokenizer, model, added tokens) is loaded from its JSON object with these helpers, and any
// problem is a LoadError naming the JSON path, so an unsupported file is refused, never misread.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

namespace genai::tokenizer::hf {

struct LoadError {
  std::string message;
};

inline std::string_view text_field(simdjson::dom::object parent, const char* key, const std::string& path) {
  std::string_view value;
  if (parent[key].get(value)) throw LoadError{path + "." + key + ": expected a string"};
  return value;
}

inline bool flag(simdjson::dom::object parent, const char* key, bool fallback = false) {
  bool value = fallback;
  if (parent[key].get(value)) return fallback;
  return value;
}

// Normalizers and pre-tokenizers are one object, or a {"type": "Sequence"} listing several under
// `list_key`: calls `add` for each with its JSON path.
template <class Add>
void for_each_in_sequence(simdjson::dom::object settings, const char* list_key, const std::string& path, Add add) {
  if (text_field(settings, "type", path) != "Sequence") {
    add(settings, path);
    return;
  }
  simdjson::dom::array steps;
  if (settings[list_key].get(steps)) throw LoadError{path + "." + list_key + ": expected an array"};
  size_t index = 0;
  for (simdjson::dom::element step : steps) {
    simdjson::dom::object step_settings;
    const std::string step_path = path + "." + list_key + "[" + std::to_string(index++) + "]";
    if (step.get(step_settings)) throw LoadError{step_path + ": expected an object"};
    add(step_settings, step_path);
  }
}

// A {"String": "..."} or {"Regex": "..."} pattern as a PCRE2 pattern (a string is escaped).
std::string pattern_field(simdjson::dom::object parent, const std::string& path);
// A PCRE2 pattern matching `text` literally.
std::string literal_pattern(std::string_view text);

}  // namespace genai::tokenizer::hf
