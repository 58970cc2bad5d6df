// GPT-2's byte-level alphabet, used by byte-level BPE tokenizer.json files (GPT-2, Llama 3, Qwen,
// DeepSeek): every byte is written as one printable Unicode character, so vocabularies and merges
// are text. Bytes 33-126, 161-172 and 174-255 stand for themselves; the others map to U+0100 on.
#pragma once

#include <string>
#include <string_view>

namespace genai::tokenizer {

// Appends the byte-level form of `bytes` (UTF-8 of the mapped characters).
void append_byte_level(std::string& out, std::string_view bytes);
// The bytes that a byte-level string stands for; characters outside the alphabet are kept as is.
std::string from_byte_level(std::string_view text);

}  // namespace genai::tokenizer
