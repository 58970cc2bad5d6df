// The cache file of a prompt pool (--prompt-source api), one JSON object per line.
#pragma once

#include <string>

#include "common/result.h"
#include "workload/prompt_pool.h"

namespace genai::app {

using workload::PromptPool;

// Reads a cache file; an error names the file, line and field.
Result<PromptPool> read_prompt_pool(const std::string& path);
// Writes it whole (to a temporary name, then renamed).
Status write_prompt_pool(const PromptPool& pool, const std::string& path);

}  // namespace genai::app
