#include "api/content_template.h"

#include <cstring>

#include "common/utf8.h"

namespace genai::api {
std::optional<size_t> scan_json_string(std::string_view text, size_t start, size_t& unescaped_bytes) {
  size_t count = 0;
  size_t at = start;
  while (at < text.size()) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (c == '"') {
      unescaped_bytes = count;
      return at;
    }
    if (c == '\\') {
      if (at + 1 >= text.size()) return std::nullopt;
      switch (text[at + 1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          ++count;
          at += 2;
          continue;
        default:
          return std::nullopt;  // \u (and invalid escapes): the full parser decides
      }
    }
    if (c < 0x20) return std::nullopt;  // control characters must be escaped in JSON
    if (c < 0x80) {
      ++count;
      ++at;
      continue;
    }
    const size_t length = utf8_sequence_length(text, at);
    if (length == 0) return std::nullopt;
    count += length;
    at += length;
  }
  return std::nullopt;  // unterminated
}

void append_unescaped(std::string& out, std::string_view body) {
  for (size_t at = 0; at < body.size(); ++at) {
    if (body[at] != '\\' || at + 1 >= body.size()) {
      out.push_back(body[at]);
      continue;
    }
    switch (body[++at]) {
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      default: out.push_back(body[at]); break;  // " \ and /
    }
  }
}

bool ContentTemplate::learn(std::string_view event, size_t string_start) {
  valid_ = false;
  if (string_start >= event.size() || event[string_start] != '"') return false;
  size_t ignored = 0;
  const auto end = scan_json_string(event, string_start + 1, ignored);
  if (!end) return false;
  prefix_.assign(event.substr(0, string_start + 1));
  suffix_.assign(event.substr(*end));  // from the closing quote on
  valid_ = true;
  return true;
}

std::optional<size_t> ContentTemplate::match(std::string_view event, std::string* text) const {
  if (!valid_ || event.size() < prefix_.size() + suffix_.size()) return std::nullopt;
  if (std::memcmp(event.data(), prefix_.data(), prefix_.size()) != 0) return std::nullopt;
  size_t unescaped = 0;
  const auto end = scan_json_string(event, prefix_.size(), unescaped);
  if (!end || event.size() - *end != suffix_.size()) return std::nullopt;
  if (std::memcmp(event.data() + *end, suffix_.data(), suffix_.size()) != 0) return std::nullopt;
  if (text != nullptr) append_unescaped(*text, event.substr(prefix_.size(), *end - prefix_.size()));
  return unescaped;
}

}  // namespace genai::api
