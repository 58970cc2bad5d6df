#include "tokenizer/byte_level.h"

#include <array>
#include <unordered_map>

namespace genai::tokenizer {
namespace {

struct Alphabet {
  std::array<std::string, 256> character_of_byte;
  std::unordered_map<uint32_t, unsigned char> byte_of_code_point;

  Alphabet() {
    uint32_t next_extra = 256;
    for (uint32_t byte = 0; byte < 256; ++byte) {
      const bool printable = (byte >= 33 && byte <= 126) || (byte >= 161 && byte <= 172) || (byte >= 174);
      const uint32_t code_point = printable ? byte : next_extra++;
      std::string utf8;
      if (code_point < 0x80) {
        utf8.push_back(static_cast<char>(code_point));
      } else {  // every code point here is below U+0800: two bytes
        utf8.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
        utf8.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
      }
      character_of_byte[byte] = utf8;
      byte_of_code_point[code_point] = static_cast<unsigned char>(byte);
    }
  }
};

const Alphabet& alphabet() {
  static const Alphabet table;
  return table;
}

}  // namespace

void append_byte_level(std::string& out, std::string_view bytes) {
  const Alphabet& table = alphabet();
  for (char byte : bytes) out += table.character_of_byte[static_cast<unsigned char>(byte)];
}

std::string from_byte_level(std::string_view text) {
  const Alphabet& table = alphabet();
  std::string bytes;
  for (size_t at = 0; at < text.size();) {
    const auto lead = static_cast<unsigned char>(text[at]);
    uint32_t code_point = lead;
    size_t length = 1;
    if (lead >= 0xC0 && lead < 0xE0 && at + 1 < text.size()) {
      code_point = ((lead & 0x1Fu) << 6) | (static_cast<unsigned char>(text[at + 1]) & 0x3Fu);
      length = 2;
    }
    auto found = table.byte_of_code_point.find(code_point);
    if (found != table.byte_of_code_point.end()) {
      bytes.push_back(static_cast<char>(found->second));
    } else {
      bytes.append(text.substr(at, length));
    }
    at += length;
  }
  return bytes;
}

}  // namespace genai::tokenizer
