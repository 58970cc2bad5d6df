// SHA-256, HMAC-SHA256 and lowercase hex through OpenSSL 3's EVP interface: the primitives that
// request signing (AWS SigV4, OCI) is built from. Bytes travel as std::string, so they compose.
#pragma once

#include <string>
#include <string_view>

namespace genai::auth {

// The 32 raw bytes of SHA-256(data).
std::string sha256_bytes(std::string_view data);
// SHA-256(data) as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);
// The 32 raw bytes of HMAC-SHA256 keyed with `key` (raw bytes, any length).
std::string hmac_sha256(std::string_view key, std::string_view data);
// Each byte as two lowercase hex digits.
std::string hex_lower(std::string_view bytes);

}  // namespace genai::auth
