#include "common/base64.h"

#include <openssl/evp.h>

namespace genai {

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(written));
  return out;
}

std::string base64_decode_prefix(std::string_view text) {
  const size_t whole = text.size() / 4 * 4;
  std::string out(whole / 4 * 3, '\0');
  const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(whole));
  if (written < 0) return {};
  size_t padding = 0;  // EVP_DecodeBlock counts '=' padding as zero bytes
  if (whole >= 1 && text[whole - 1] == '=') ++padding;
  if (whole >= 2 && text[whole - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(written) - padding);
  return out;
}

}  // namespace genai
