// The YAML config format users of an existing Rust benchmark tool already have, accepted as is:
//   base_url, api_key, model, output_prefix_name, output_dir, save_format (csv|jsonl),
//   stream_writing, runs, num_concurrent_requests (a number or a list),
//   cases: [{input_tokens, output_tokens}]
// and, as the flags of the same names, dataset_path, dataset_config, dataset_prompt_column,
// dataset_image_column, dataset_split (the cases' output lengths, the dataset's prompts).
// Each run sends num_concurrent_requests requests at once and waits for all (a burst), `runs`
// times per case. Unknown keys are errors naming the key and its line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace genai::cli {

struct YamlCase {
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
};

struct YamlConfig {
  std::string base_url;  // empty: the built-in mock
  std::string api_key;
  std::string model;
  std::string output_prefix_name = "benchmark";
  std::string output_dir = ".";
  std::string save_format = "csv";
  bool stream_writing = false;
  int64_t runs = 1;
  std::vector<int64_t> num_concurrent_requests = {1};
  std::vector<YamlCase> cases;
  std::string dataset_path, dataset_config, dataset_prompt_column, dataset_image_column, dataset_split;
};

Result<YamlConfig> load_yaml_config(const std::string& path);

}  // namespace genai::cli
