// Fuzzes the YAML config reader (cli/yaml_config): any text is a config or a one-line error
// naming the file, never a crash or an escaped exception, and an accepted config holds what the
// format promises.
// Input: the YAML file's contents.
#include <cstdint>
#include <string>

#include "cli/yaml_config.h"
#include "fuzz_check.h"
#include "memory_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static genai::fuzz::MemoryFile file;
  const std::string& path = file.write(data, size);
  auto config = genai::cli::load_yaml_config(path);
  if (!config) {
    FUZZ_CHECK(config.error().find(path) != std::string::npos, "the error does not name the file: %s",
               config.error().c_str());
    return 0;
  }
  FUZZ_CHECK(!config->cases.empty() && config->runs >= 1 && !config->num_concurrent_requests.empty(),
             "an accepted config without cases, runs or concurrency");
  FUZZ_CHECK(config->save_format == "csv" || config->save_format == "jsonl", "save_format '%s'",
             config->save_format.c_str());
  for (const genai::cli::YamlCase& entry : config->cases) {
    FUZZ_CHECK(entry.input_tokens >= 1 && entry.output_tokens >= 1, "a case below one token");
  }
  for (int64_t concurrency : config->num_concurrent_requests) FUZZ_CHECK(concurrency >= 1, "concurrency below 1");
  return 0;
}
