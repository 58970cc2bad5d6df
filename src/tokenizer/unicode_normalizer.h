// Unicode normalization for tokenizers whose tokenizer.json names a normalizer (Qwen: NFC; others
// NFKC, NFD, NFKD). ICU does it: normalization needs Unicode's composition and compatibility
// tables, which nobody should hand-write.
#pragma once

#include <string>
#include <string_view>

namespace genai::tokenizer {

enum class UnicodeForm { nfc, nfd, nfkc, nfkd };

std::string unicode_normalize(std::string_view utf8, UnicodeForm form);

}  // namespace genai::tokenizer
