// UTF-8 validation shared by the decoders' fast path and the writers: the same rules simdjson
// applies (no overlong forms, no surrogates, nothing past U+10FFFF).
#pragma once

#include <cstddef>
#include <string_view>

namespace genai {

// Length (1-4) of the valid UTF-8 sequence starting at text[at], or 0 if it is not valid there.
size_t utf8_sequence_length(std::string_view text, size_t at);

}  // namespace genai
