// `genai-bench mock-server`: serves the mock in the foreground until Ctrl-C.
#pragma once

#include <CLI/App.hpp>

namespace genai::app {

struct MockServerFlags {
  std::vector<std::string> hosts = {"127.0.0.1"};  // --host, a comma-separated list
  std::vector<std::string> ports = {"8000"};       // --port, repeated; each a port or a range A-B
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
  // --dialect and the test credentials it verifies requests against
  std::string dialect = "openai";
  std::string aws_access_key_id, aws_secret_access_key, aws_region = "us-east-1";
  std::string google_client_email, google_public_key_file;
  int64_t token_lifetime_s = 3600;
  std::string oci_key_id, oci_public_key_file;
  std::string oci_instance_identity;
  bool record_writes = false;  // a folder holding cert.pem, key.pem and intermediate.pem
};

void add_mock_server_flags(CLI::App& command, MockServerFlags& flags);
int run_mock_server_command(const MockServerFlags& flags);

}  // namespace genai::app
