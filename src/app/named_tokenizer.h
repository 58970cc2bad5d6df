// --model-tokenizer as Python genai-bench users give it: a file or folder, a tiktoken encoding
// name (cl100k_base, o200k_base: tiktoken's cache, else its download), or a Hugging Face id
// (the Hugging Face cache, else a download of tokenizer.json into it). Done before any clock.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/result.h"
#include "hub/hub_cache.h"
#include "tokenizer/tokenizer.h"

namespace genai::app {

Result<std::unique_ptr<tokenizer::Tokenizer>> load_named_tokenizer(
    const std::string& given, const std::function<void(const std::string&)>& progress,
    const hub::HubEnvironment& environment = hub::hub_environment());

// Where tiktoken keeps an encoding's file: TIKTOKEN_CACHE_DIR, else DATA_GYM_CACHE_DIR, else
// $TMPDIR/data-gym-cache (or /tmp), named by the SHA-1 of the file's URL.
std::string tiktoken_cache_path(const std::string& url, const std::function<const char*(const char*)>& getenv_fn = ::getenv);

}  // namespace genai::app
