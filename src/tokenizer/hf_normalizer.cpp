#include "tokenizer/hf_normalizer.h"

#include "common/base64.h"
#include "tokenizer/hf_json.h"
#include "tokenizer/unicode_classes.h"

namespace genai::tokenizer::hf {
namespace {

// Rewrites `text` one character at a time: `each(c, out)` appends what c becomes.
template <class Each>
std::string map_characters(std::string_view text, Each each) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    size_t length = 1;
    const char32_t c = decode_utf8(text, at, length);
    each(c, out);
    at += length;
  }
  return out;
}

std::string lowercase(std::string_view text) {
  return map_characters(text, [](char32_t c, std::string& out) { append_lowercase(out, c); });
}

std::string strip(std::string_view text, bool left, bool right) {
  size_t begin = 0, end = text.size();
  size_t length = 1;
  while (left && begin < end && is_rust_whitespace(decode_utf8(text, begin, length))) begin += length;
  while (right && end > begin) {
    size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    if (!is_rust_whitespace(decode_utf8(text, start, length))) break;
    end = start;
  }
  return std::string(text.substr(begin, end - begin));
}

std::string without(std::string_view text, bool (*drop)(char32_t)) {
  return map_characters(text, [drop](char32_t c, std::string& out) {
    if (!drop(c)) append_utf8(out, c);
  });
}

std::string replace_matches(std::string_view text, const RegexSplitter& pattern, std::string_view replacement) {
  std::string replaced;
  size_t from = 0;
  for (auto [begin, end] : pattern.find_all(text)) {
    replaced.append(text.substr(from, begin - from)).append(replacement);
    from = end;
  }
  replaced.append(text.substr(from));
  return replaced;
}

// Standard base64 with padding, as Hugging Face requires.
PrecompiledCharsmap load_charsmap(std::string_view base64, const std::string& path) {
  const std::string bytes = base64_decode_prefix(base64);
  if (base64.size() % 4 != 0 || (bytes.empty() && !base64.empty())) throw LoadError{path + ": not valid base64"};
  auto charsmap = PrecompiledCharsmap::parse(bytes);
  if (!charsmap) throw LoadError{path + ": " + charsmap.error()};
  return std::move(*charsmap);
}

}  // namespace

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
    if (settings["pattern"].get(pattern)) throw LoadError{path + ".pattern: expected {\"String\": ...} or {\"Regex\": ...}"};
    step.kind = Step::Kind::replace;
    if (pattern["String"].get(from)) {
      auto compiled = RegexSplitter::compile(pattern_field(settings, path));
      if (!compiled) throw LoadError{path + ".pattern: " + compiled.error()};
      step.pattern = std::move(*compiled);
    }
    step.text = from;
    step.replacement = text_field(settings, "content", path);
  } else if (type == "Lowercase") {
    step.kind = Step::Kind::lowercase;
  } else if (type == "Strip") {
    step.kind = Step::Kind::strip;
    step.left = flag(settings, "strip_left", true);
    step.right = flag(settings, "strip_right", true);
  } else if (type == "StripAccents") {
    step.kind = Step::Kind::strip_accents;
  } else if (type == "BertNormalizer") {
    step.kind = Step::Kind::bert;
    step.clean_text = flag(settings, "clean_text", true);
    step.chinese_characters = flag(settings, "handle_chinese_chars", true);
    step.lowercase = flag(settings, "lowercase", true);
    step.strip_accents = flag(settings, "strip_accents", step.lowercase);  // null: as lowercase
  } else if (type == "Precompiled") {
    step.kind = Step::Kind::precompiled;
    step.charsmap = load_charsmap(text_field(settings, "precompiled_charsmap", path), path + ".precompiled_charsmap");
  } else {
    throw LoadError{path + ".type: '" + std::string(type) +
                    "' is not supported yet (supported: NFC, NFD, NFKC, NFKD, Prepend, Replace, Lowercase, Strip, "
                    "StripAccents, BertNormalizer, Precompiled, Sequence)"};
  }
  steps_.push_back(std::move(step));
}

std::string Normalizer::apply(std::string_view segment) const {
  std::string text(segment);
  for (const Step& step : steps_) text = apply_step(step, std::move(text));
  return text;
}

std::string Normalizer::apply_step(const Step& step, std::string text) {
  switch (step.kind) {
    case Step::Kind::unicode: return unicode_normalize(text, step.form);
    case Step::Kind::prepend:
      if (!text.empty()) text.insert(0, step.text);
      return text;
    case Step::Kind::replace:
      return step.pattern ? replace_matches(text, *step.pattern, step.replacement) : replace_all(text, step.text, step.replacement);
    case Step::Kind::lowercase: return lowercase(text);
    case Step::Kind::strip: return strip(text, step.left, step.right);
    case Step::Kind::strip_accents: return without(text, is_combining_mark);
    case Step::Kind::bert:
      if (step.clean_text) {
        text = map_characters(text, [](char32_t c, std::string& out) {
          if (c == 0 || c == 0xFFFD || is_bert_control(c)) return;
          if (is_rust_whitespace(c)) out.push_back(' ');
          else append_utf8(out, c);
        });
      }
      if (step.chinese_characters) {
        text = map_characters(text, [](char32_t c, std::string& out) {
          if (is_bert_chinese(c)) out.push_back(' ');
          append_utf8(out, c);
          if (is_bert_chinese(c)) out.push_back(' ');
        });
      }
      if (step.strip_accents) text = without(unicode_normalize(text, UnicodeForm::nfd), is_nonspacing_mark);
      if (step.lowercase) text = lowercase(text);
      return text;
    case Step::Kind::precompiled: return step.charsmap->apply(text);
  }
  return text;
}

std::string Normalizer::undo(std::string text) const {
  for (auto step = steps_.rbegin(); step != steps_.rend(); ++step) {
    if (step->kind == Step::Kind::replace && !step->pattern) {
      text = replace_all(text, step->replacement, step->text);
    } else if (step->kind == Step::Kind::prepend) {
      std::string prefix = step->text;
      for (const Step& later : steps_) {  // the prefix as later steps changed it, turned back
        if (later.kind == Step::Kind::replace && !later.pattern) prefix = replace_all(prefix, later.replacement, later.text);
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
