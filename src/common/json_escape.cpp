#include "common/json_escape.h"

#include <cstdio>

#include "common/utf8.h"

namespace genai {

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  size_t plain_from = 0;  // copy runs of plain characters in one append
  size_t at = 0;
  auto flush = [&] { out.append(text.substr(plain_from, at - plain_from)); };
  while (at < text.size()) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++at;
      continue;
    }
    if (c >= 0x80) {
      const size_t length = utf8_sequence_length(text, at);
      if (length != 0) {
        at += length;
        continue;
      }
    }
    flush();
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out.append(escaped);
    } else {
      out.append("\\ufffd");  // a byte that starts no valid UTF-8 sequence
    }
    plain_from = ++at;
  }
  flush();
  out.push_back('"');
}

}  // namespace genai
