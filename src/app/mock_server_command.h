// `genai-bench mock-server`: serves the mock in the foreground until Ctrl-C.
#pragma once

#include <CLI/App.hpp>

namespace genai::app {

struct MockServerFlags {
  std::string host = "127.0.0.1";
  int port = 8000;
  double ttft_ms = 100;
  std::string itl = "10";
  int tokens_per_chunk = 1;
  double error_rate = 0;
  std::string required_key;
  double fault_rate = 0;
  bool no_usage = false;
  std::vector<std::string> faults;
  int threads = 1;
  uint64_t seed = 1;
  int max_batch = 0;
  double prefill_ms_per_1k = 0;
};

void add_mock_server_flags(CLI::App& command, MockServerFlags& flags);
int run_mock_server_command(const MockServerFlags& flags);

}  // namespace genai::app
