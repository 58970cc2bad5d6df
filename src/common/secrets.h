// Keeps API keys out of everything we print or write: records, reports, error lines.
#pragma once

#include <string>
#include <string_view>

namespace genai {

// Replaces every occurrence of `secret` (when at least 4 characters) with "***".
std::string mask_secret(std::string text, std::string_view secret);
// "sk-abcdef123" -> "********123": enough to tell keys apart, never enough to use one.
std::string redact_key(std::string_view key);

}  // namespace genai
