// Everything `genai-bench benchmark` can be told, from flags or a YAML config, before it is
// checked and turned into an experiment plan.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace genai::cli {

struct BenchmarkOptions {
  // Target
  std::string api_backend = "openai";
  std::string api_base;  // empty: benchmark the built-in mock server
  std::string api_key;   // flag, else $API_KEY, else $OPENAI_API_KEY
  std::string api_model_name;
  std::string api_endpoint = "chat";
  std::string model_tokenizer;
  std::string task = "text-to-text";
  bool no_stream = false;
  bool ignore_eos = false;
  std::string extra_body;
  bool insecure = false;

  // Workload and load
  std::vector<std::string> traffic_scenarios;
  std::vector<int64_t> num_concurrency;
  std::string max_time_per_run = "1";  // plain number: minutes, as in Python genai-bench
  uint64_t max_requests_per_run = 100;
  double warmup_ratio = 0;
  double cooldown_ratio = 0;
  std::string dataset_path;
  uint64_t seed = 42;
  int threads = 0;  // 0: all cores
  bool no_preconnect = false;

  // Timeouts and retries
  std::string connect_timeout = "10s";
  std::string first_byte_timeout = "300s";
  std::string read_timeout = "60s";
  std::string request_timeout = "30m";
  int max_retries = 3;
  std::string retry_backoff = "100ms,200ms,400ms";
  std::string shutdown_grace = "10s";

  // Output
  std::string output_dir = "experiments";
  std::string experiment_name;
  bool no_ui = false;

  // The built-in mock, used when no --api-base is given
  double mock_ttft_ms = 20;
  double mock_itl_ms = 2;

  std::string config_path;  // --config: the YAML format of docs (see cli/yaml_config.h)
};

}  // namespace genai::cli
