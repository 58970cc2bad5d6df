// Base64 (RFC 4648, with padding), through OpenSSL's EVP_EncodeBlock / EVP_DecodeBlock: images go
// out as data URLs, and the mock reads their headers back.
#pragma once

#include <string>
#include <string_view>

namespace genai {

std::string base64_encode(std::string_view bytes);
// Decodes whole 4-character groups of `text` (the rest ignored); empty on invalid input.
std::string base64_decode_prefix(std::string_view text);

}  // namespace genai
