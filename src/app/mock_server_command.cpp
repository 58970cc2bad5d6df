#include "app/mock_server_command.h"

#include <CLI/CLI.hpp>
#include <charconv>
#include <csignal>
#include <fstream>
#include <iterator>
#include <iostream>
#include <thread>

#include "cli/flag_checks.h"
#include "mock/mock_server.h"

namespace genai::app {
namespace {
volatile std::sig_atomic_t g_mock_stop = 0;
extern "C" void on_mock_stop(int) { g_mock_stop = 1; }

// "8000" or "8000-8007" (at most 1024 ports a range).
Result<std::vector<uint16_t>> parse_port_range(const std::string& text) {
  const auto number = [](std::string_view digits, int& value) {
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return error == std::errc() && end == digits.data() + digits.size() && value >= 0 && value <= 65535;
  };
  const size_t dash = text.find('-');
  int first = 0, last = 0;
  const std::string_view view(text);
  if (dash == std::string::npos) {
    if (!number(view, first)) return make_error("--port '" + text + "': not a port (0-65535) or a range A-B");
    return std::vector<uint16_t>{static_cast<uint16_t>(first)};
  }
  if (!number(view.substr(0, dash), first) || !number(view.substr(dash + 1), last) || first == 0 || last < first) {
    return make_error("--port '" + text + "': a range is A-B with 1 <= A <= B <= 65535");
  }
  if (last - first >= 1024) return make_error("--port '" + text + "': at most 1024 ports in a range");
  std::vector<uint16_t> ports;
  for (int port = first; port <= last; ++port) ports.push_back(static_cast<uint16_t>(port));
  return ports;
}
}  // namespace

void add_mock_server_flags(CLI::App& command, MockServerFlags& flags) {
  command.add_option("--host", flags.hosts, "addresses to listen on, comma-separated (each with every --port)")
      ->delimiter(',')
      ->capture_default_str();
  command.add_option("--port", flags.ports,
                     "port to listen on (0: any free port); repeat it, or give a range 8000-8007, to listen on more")
      ->capture_default_str();
  command.add_option("--ttft-ms", flags.ttft_ms, "time to first token")->check(cli::non_negative())->capture_default_str();
  command.add_option("--itl-ms", flags.itl, "time between content events: MS or normal:MEAN,SD")->capture_default_str();
  command.add_option("--tokens-per-chunk", flags.tokens_per_chunk, "tokens in each content event")
      ->check(cli::positive())->capture_default_str();
  command.add_option("--error-rate", flags.error_rate, "fraction of requests answered with HTTP 500")
      ->check(cli::between(0.0, 1.0))->capture_default_str();
  command.add_option("--require-key", flags.required_key,
                     "answer 401, quoting the key sent, unless the request carries this bearer key");
  command.add_option("--fault-rate", flags.fault_rate, "fraction of requests for each --fault given without its own rate")
      ->check(cli::between(0.0, 1.0))->capture_default_str();
  command.add_option("--fault", flags.faults,
                     "KIND[:RATE], repeatable: disconnect, error-event or malformed (half-way through a stream), "
                     "reset (RST before any response byte); default disconnect at --fault-rate");
  command.add_flag("--no-usage", flags.no_usage, "send no usage (token counts), as some servers do");
  command.add_option("--threads", flags.threads, "event-loop threads")->check(cli::positive())->capture_default_str();
  command.add_option("--max-batch", flags.max_batch,
                     "queueing model: at most this many requests generate at once, others wait (0: no limit)")
      ->check(cli::non_negative())->capture_default_str();
  command.add_option("--prefill-ms-per-1k", flags.prefill_ms_per_1k, "extra time to first token per 1,000 prompt tokens")
      ->check(cli::non_negative())->capture_default_str();
  command.add_option("--seed", flags.seed, "seed for latency draws and injected errors")->capture_default_str();
  command.add_flag("--record-writes", flags.record_writes,
                   "keep each request's content write times (by its X-Request-Id) for GET /mock/writes (calibrate)");

  const std::string group = "Provider dialects (test credentials the mock verifies requests against)";
  command.add_option("--dialect", flags.dialect, "the API to speak: openai, anthropic, azure, bedrock, vertex, oci or cohere")
      ->check(CLI::IsMember({"openai", "anthropic", "azure", "bedrock", "vertex", "oci", "cohere"}))
      ->capture_default_str()->group(group);
  command.add_option("--aws-access-key-id", flags.aws_access_key_id, "bedrock: the access key id requests must be signed with")->group(group);
  command.add_option("--aws-secret-access-key", flags.aws_secret_access_key, "bedrock: its secret (SigV4 is recomputed)")->group(group);
  command.add_option("--aws-region", flags.aws_region, "bedrock: the signing region")->capture_default_str()->group(group);
  command.add_option("--google-client-email", flags.google_client_email, "vertex: the service account whose JWT grants POST /token accepts")
      ->group(group);
  command.add_option("--google-public-key", flags.google_public_key_file, "vertex: PEM file of that account's public key")
      ->check(CLI::ExistingFile)->group(group);
  command.add_option("--token-lifetime-s", flags.token_lifetime_s, "vertex: lifetime of the access tokens /token issues")
      ->check(cli::positive())->capture_default_str()->group(group);
  command.add_option("--oci-key-id", flags.oci_key_id, "oci: the keyId requests must be signed with")->group(group);
  command.add_option("--oci-public-key", flags.oci_public_key_file, "oci: PEM file of the public key their signatures verify with")
      ->check(CLI::ExistingFile)->group(group);
  command.add_option("--oci-instance-identity", flags.oci_instance_identity,
                     "oci: a folder with an instance's cert.pem, key.pem and intermediate.pem: serve the metadata service "
                     "(/opc/v2) and the federation endpoint (/v1/x509) for instance principals")
      ->check(CLI::ExistingDirectory)->group(group);
}

namespace {

std::string read_file_or_empty(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

}  // namespace

int run_mock_server_command(const MockServerFlags& flags) {
  mock::MockOptions options;
  std::vector<uint16_t> ports;
  for (const std::string& text : flags.ports) {
    auto range = parse_port_range(text);
    if (!range) {
      std::cerr << "genai-bench mock-server: " << range.error() << "\n";
      return 2;
    }
    ports.insert(ports.end(), range->begin(), range->end());
  }
  if (ports.empty() || flags.hosts.empty()) {
    std::cerr << "genai-bench mock-server: --host and --port need a value\n";
    return 2;
  }
  options.host = flags.hosts.front();
  options.more_hosts.assign(flags.hosts.begin() + 1, flags.hosts.end());
  options.port = ports.front();
  options.more_ports.assign(ports.begin() + 1, ports.end());
  options.ttft = {flags.ttft_ms, 0};
  auto itl = mock::parse_latency_model(flags.itl);
  if (!itl) {
    std::cerr << "genai-bench mock-server: --itl-ms: " << itl.error() << "\n";
    return 2;
  }
  options.itl = *itl;
  options.tokens_per_chunk = flags.tokens_per_chunk;
  options.error_rate = flags.error_rate;
  options.required_key = flags.required_key;
  const std::vector<std::string> faults = flags.faults.empty() ? std::vector<std::string>{"disconnect"} : flags.faults;
  double total_rate = 0;
  for (const std::string& text : faults) {
    auto fault = mock::parse_fault(text, flags.fault_rate);
    if (!fault) {
      std::cerr << "genai-bench mock-server: " << fault.error() << "\n";
      return 2;
    }
    total_rate += fault->rate;
    options.faults.push_back(*fault);
  }
  if (total_rate > 1) {
    std::cerr << "genai-bench mock-server: --fault: the rates add up to more than 1\n";
    return 2;
  }
  options.send_usage = !flags.no_usage;
  options.threads = flags.threads;
  options.seed = flags.seed;
  options.max_batch = flags.max_batch;
  options.prefill_ms_per_1k = flags.prefill_ms_per_1k;
  options.record_writes = flags.record_writes;
  options.dialect = flags.dialect;
  options.provider_auth = {flags.aws_access_key_id, flags.aws_secret_access_key, flags.aws_region,
                           flags.google_client_email, read_file_or_empty(flags.google_public_key_file),
                           flags.token_lifetime_s, flags.oci_key_id, read_file_or_empty(flags.oci_public_key_file)};
  if (!flags.oci_instance_identity.empty()) {
    const std::string& folder = flags.oci_instance_identity;
    options.provider_auth.oci_instance_certificate_pem = read_file_or_empty(folder + "/cert.pem");
    options.provider_auth.oci_instance_key_pem = read_file_or_empty(folder + "/key.pem");
    options.provider_auth.oci_instance_intermediate_pem = read_file_or_empty(folder + "/intermediate.pem");
  }
  auto server = mock::MockServer::listen(options);
  if (!server) {
    std::cerr << "genai-bench mock-server: " << server.error() << "\n";
    return 1;
  }
  std::signal(SIGINT, on_mock_stop);
  std::signal(SIGTERM, on_mock_stop);
  std::signal(SIGPIPE, SIG_IGN);
  // Tests read this line to learn the port (the first address is the first URL).
  std::cout << "mock server listening on";
  for (const std::string& url : (*server)->urls()) std::cout << " " << url;
  std::cout << std::endl;
  (*server)->start();
  while (!g_mock_stop) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  (*server)->stop();
  std::cout << (*server)->send_truth_summary() << std::endl;
  return 0;
}

}  // namespace genai::app
