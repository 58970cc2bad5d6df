// Unicode normalization for tokenizers whose tokenizer.json names a normalizer (Qwen: NFC).
// ICU does it: normalization needs Unicode's composition tables, which nobody should hand-write.
#pragma once

#include <string>
#include <string_view>

namespace genai::tokenizer {

std::string nfc(std::string_view utf8);

}  // namespace genai::tokenizer
