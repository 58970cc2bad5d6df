// UTF-8 validation shared by the decoders' fast path and the writers: the same rules simdjson
// applies (no overlong forms, no surrogates, nothing past U+10FFFF).
#pragma once

#include <cstddef>
#include <string_view>

namespace genai {

// Length (1-4) of the valid UTF-8 sequence starting at text[at], or 0 if it is not valid there.
size_t utf8_sequence_length(std::string_view text, size_t at);

// Where text[at] starts no valid sequence: the length (1-3) of its "maximal subpart", the longest
// start of a valid sequence found there (Unicode 15, section 3.9, U+FFFD substitution). Decoders
// that follow it (Python's errors="replace", JavaScript's TextDecoder) write one U+FFFD per
// subpart, so a truncated 3-byte sequence is one U+FFFD, not two.
size_t utf8_invalid_length(std::string_view text, size_t at);

}  // namespace genai
