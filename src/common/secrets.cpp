#include "common/secrets.h"

namespace genai {

std::string mask_secret(std::string text, std::string_view secret) {
  if (secret.size() < 4) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

std::string redact_key(std::string_view key) {
  if (key.empty()) return "";
  if (key.size() <= 8) return std::string(key.size(), '*');
  return std::string(key.size() - 3, '*') + std::string(key.substr(key.size() - 3));
}

}  // namespace genai
