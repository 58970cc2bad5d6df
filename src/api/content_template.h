// The fast path of stream decoding. Within one stream, consecutive content events are
// byte-for-byte the same except inside the generated text (same id, created, model and trailing
// fields). After the full parser has decoded a pure content event, we keep the bytes before its
// text string and the bytes after it. A later event with the same prefix, then a valid JSON
// string, then the same suffix is provably the same JSON structure with another text, so its one
// fact we need (the text's length) is read without a parser: two memcmp and a short scan.
// Anything else (a \u escape, a changed finish_reason, usage, errors) falls back to the parser.
// Checked against the full parser by a differential fuzz test (tests/api/content_template_test.cpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace genai::api {

// Scans a JSON string body starting just after its opening quote. Returns the position of the
// closing quote and sets `unescaped_bytes`, or nothing when the string is invalid or uses an
// escape this scanner leaves to the full parser (\u). Validates UTF-8 as simdjson does.
std::optional<size_t> scan_json_string(std::string_view text, size_t start, size_t& unescaped_bytes);
// Appends a JSON string body that scan_json_string accepted, with its escapes resolved.
void append_unescaped(std::string& out, std::string_view body);

class ContentTemplate {
 public:
  // Learns from an event the full parser decoded as pure content, whose text string token
  // starts at `string_start` (the opening quote). Returns false (and forgets) if it cannot.
  bool learn(std::string_view event, size_t string_start);
  // The text's unescaped length if `event` matches the template, else nothing. When `text` is
  // given, the unescaped text is appended to it.
  std::optional<size_t> match(std::string_view event, std::string* text = nullptr) const;
  void forget() { valid_ = false; }

 private:
  std::string prefix_;  // up to and including the opening quote
  std::string suffix_;  // after the closing quote
  bool valid_ = false;
};

}  // namespace genai::api
