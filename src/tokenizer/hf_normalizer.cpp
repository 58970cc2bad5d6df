#include "tokenizer/hf_normalizer.h"

#include "tokenizer/hf_json.h"

namespace genai::tokenizer::hf {

Normalizer Normalizer::load(simdjson::dom::element settings) {
  Normalizer normalizer;
  if (settings.is_null()) return normalizer;
  simdjson::dom::object object;
  if (settings.get(object)) throw LoadError{"$.normalizer: expected an object or null"};
  for_each_in_sequence(object, "normalizers", "$.normalizer",
                       [&](simdjson::dom::object step, const std::string& path) { normalizer.add(step, path); });
  return normalizer;
}

void Normalizer::add(simdjson::dom::object settings, const std::string& path) {
  const std::string_view type = text_field(settings, "type", path);
  Step step;
  if (type == "NFC" || type == "NFD" || type == "NFKC" || type == "NFKD") {
    step.kind = Step::Kind::unicode;
    step.form = type == "NFC" ? UnicodeForm::nfc : type == "NFD" ? UnicodeForm::nfd
              : type == "NFKC" ? UnicodeForm::nfkc : UnicodeForm::nfkd;
  } else if (type == "Prepend") {
    step.kind = Step::Kind::prepend;
    step.text = text_field(settings, "prepend", path);
  } else if (type == "Replace") {
    simdjson::dom::object pattern;
    std::string_view from;
    if (settings["pattern"].get(pattern) || pattern["String"].get(from)) {
      throw LoadError{path + ".pattern: only {\"String\": ...} patterns are supported yet"};
    }
    step.kind = Step::Kind::replace;
    step.text = from;
    step.replacement = text_field(settings, "content", path);
  } else {
    throw LoadError{path + ".type: '" + std::string(type) +
                    "' is not supported yet (supported: NFC, NFD, NFKC, NFKD, Prepend, Replace, Sequence)"};
  }
  steps_.push_back(std::move(step));
}

std::string Normalizer::apply(std::string_view segment) const {
  std::string text(segment);
  for (const Step& step : steps_) {
    switch (step.kind) {
      case Step::Kind::unicode: text = unicode_normalize(text, step.form); break;
      case Step::Kind::prepend:
        if (!text.empty()) text.insert(0, step.text);
        break;
      case Step::Kind::replace: text = replace_all(text, step.text, step.replacement); break;
    }
  }
  return text;
}

std::string Normalizer::undo(std::string text) const {
  for (auto step = steps_.rbegin(); step != steps_.rend(); ++step) {
    if (step->kind == Step::Kind::replace) {
      text = replace_all(text, step->replacement, step->text);
    } else if (step->kind == Step::Kind::prepend) {
      std::string prefix = step->text;
      for (const Step& later : steps_) {  // the prefix as later steps changed it, turned back
        if (later.kind == Step::Kind::replace) prefix = replace_all(prefix, later.replacement, later.text);
      }
      if (text.rfind(prefix, 0) == 0) text.erase(0, prefix.size());
    }
  }
  return text;
}

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
  if (from.empty()) return std::string(text);
  std::string replaced;
  size_t start = 0;
  for (size_t at = text.find(from); at != std::string_view::npos; at = text.find(from, start)) {
    replaced.append(text, start, at - start).append(to);
    start = at + from.size();
  }
  replaced.append(text, start);
  return replaced;
}

}  // namespace genai::tokenizer::hf
