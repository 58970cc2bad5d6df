// What the mock server is told to do: where to listen, how slow to be, how often to fail.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace genai::mock {

// A latency in milliseconds: fixed, or drawn per gap from a normal distribution (clamped at 0).
struct LatencyModel {
  double mean_ms = 0;
  double stddev_ms = 0;  // 0: fixed
};
// "10" -> fixed 10 ms; "normal:10,2" -> mean 10 ms, sd 2 ms.
Result<LatencyModel> parse_latency_model(const std::string& text);

struct MockOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8000;              // 0: any free port (printed at start)
  // More addresses to listen on as well (--host a list, --port repeated or a range): every host
  // with every port. One port's worth of connections from one client address is about 28,000
  // (the ephemeral range); each further port or host is as many again.
  std::vector<std::string> more_hosts;
  std::vector<uint16_t> more_ports;
  LatencyModel ttft{100, 0};         // from the request's arrival to the first content event
  LatencyModel itl{10, 0};           // between consecutive content events
  int tokens_per_chunk = 1;          // tokens in each content event
  double error_rate = 0;             // fraction of requests answered with HTTP 500
  // Not empty: requests without "Authorization: Bearer <this>" get 401, and the message quotes
  // the key they sent, as OpenAI's API does; tests check that the client masks it everywhere.
  std::string required_key;
  // Faults, each in its own fraction of requests (drawn once per request, so at most one each).
  // Mid-stream, in streamed responses after half the tokens: close the connection (disconnect),
  // send vLLM's {"error": ...} event (error-event), or an event that is not JSON (malformed).
  // Before any response byte, in any request: reset the connection (reset: RST after reading it).
  // throttle: the provider's "too many requests" answer before the stream (HTTP 429; Anthropic's
  // 529 overloaded_error; Bedrock's 429 ThrottlingException).
  enum class Fault { disconnect, error_event, malformed, reset, throttle };
  struct FaultRate {
    Fault fault = Fault::disconnect;
    double rate = 0;
  };
  std::vector<FaultRate> faults;
  int threads = 1;
  uint64_t seed = 1;
  int64_t default_max_tokens = 128;  // output length when a request names none
  bool send_usage = true;            // false: no usage anywhere, as some servers behave
  // A queueing model: at most max_batch requests generate at once (0: no limit), the others wait
  // for a slot; and prefill: the first token comes prefill_ms_per_1k ms per 1,000 prompt tokens
  // later. TTFT = queue wait + ttft + prefill.
  int max_batch = 0;
  double prefill_ms_per_1k = 0;
  // Keep every request's content write times for GET /mock/writes (mock/write_log): what
  // `genai-bench calibrate` sets the client's records against.
  bool record_writes = false;

  // Which provider's API the mock speaks: openai (default), anthropic, azure, bedrock, vertex, oci
  // or cohere. Each checks its auth as the provider would (see mock/dialect.h).
  std::string dialect = "openai";
  // The credentials the dialects verify requests against (test credentials only).
  struct ProviderAuth {
    std::string aws_access_key_id, aws_secret_access_key, aws_region = "us-east-1";  // bedrock: SigV4
    std::string google_client_email, google_public_key_pem;  // vertex: JWT grants at POST /token
    int64_t google_token_lifetime_s = 3600;                  // vertex: the tokens /token issues
    std::string oci_key_id, oci_public_key_pem;              // oci: HTTP signatures
    // oci: instance principals. Set: the mock also plays the instance metadata service and the
    // auth service's federation endpoint with this leaf certificate (mock/oci_identity_service),
    // and accepts requests signed with the session tokens it issued.
    std::string oci_instance_certificate_pem, oci_instance_key_pem, oci_instance_intermediate_pem;
  } provider_auth;
};

// "disconnect", "error-event", "malformed" or "reset", optionally with its own rate:
// "reset:0.01". Without one, `default_rate` (--fault-rate) applies.
Result<MockOptions::FaultRate> parse_fault(const std::string& text, double default_rate);

}  // namespace genai::mock
