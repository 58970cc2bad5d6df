// Loads a tiktoken rank file ("base64-token rank" per line) with its encoding's pattern.
#pragma once

#include "tokenizer/tokenizer.h"

namespace genai::tokenizer {

enum class TiktokenEncoding { cl100k_base, o200k_base };

Result<std::unique_ptr<Tokenizer>> load_tiktoken(const std::string& path, TiktokenEncoding encoding);

}  // namespace genai::tokenizer
