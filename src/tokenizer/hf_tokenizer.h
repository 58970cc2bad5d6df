// Loads a Hugging Face tokenizer.json (byte-level BPE so far).
#pragma once

#include "tokenizer/tokenizer.h"

namespace genai::tokenizer {

Result<std::unique_ptr<Tokenizer>> load_hf_tokenizer(const std::string& path);

}  // namespace genai::tokenizer
