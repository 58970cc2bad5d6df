// Appends a string as a JSON string literal: quotes, backslashes and control characters
// escaped, invalid UTF-8 replaced by U+FFFD so the result always parses. Used where text is
// written per request and a JSON library's document would cost allocations for nothing.
#pragma once

#include <string>
#include <string_view>

namespace genai {

void append_json_string(std::string& out, std::string_view text);

}  // namespace genai
