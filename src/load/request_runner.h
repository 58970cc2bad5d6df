// Runs one request to completion on a user's connection, with retries for failures before the
// first byte (connection refused, reset or timed out before any response, 429, 5xx), each one
// counted and bounded by --max-retries, and fills its record.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/backend.h"
#include "auth/request_authorizer.h"
#include "load/authorized_request.h"
#include "load/response_recorder.h"
#include "metrics/record.h"
#include "net/http_connection.h"
#include "tokenizer/tokenizer.h"

namespace genai::load {

struct RetryPolicy {
  int max_retries = 3;
  std::vector<std::chrono::nanoseconds> backoff = {std::chrono::milliseconds(100), std::chrono::milliseconds(200),
                                                   std::chrono::milliseconds(400)};
  // A server's Retry-After is honoured up to this long (a longer wish is cut to it).
  std::chrono::nanoseconds max_retry_after = std::chrono::seconds(60);
  // The wait before retry number `retry` (0-based); the last value repeats.
  std::chrono::nanoseconds backoff_for(int retry) const;
  // The wait before retry number `retry` when the failed attempt's response said Retry-After:
  // the longer of the backoff and the server's wish, the wish capped at max_retry_after.
  std::chrono::nanoseconds wait_before(int retry, std::optional<std::chrono::nanoseconds> retry_after) const;
};

struct PreparedRequest {
  std::string bytes;                 // the whole serialised HTTP request
  int64_t estimated_input_tokens = 0;
  int64_t prompt_chars = 0;
  metrics::CountSource input_count_source = metrics::CountSource::estimate;  // of estimated_input_tokens
  // Backends authorised per request (signed, or with a refreshed token): the parts to authorise
  // again when `bytes` were authorised longer ago than the authorizer allows, and when they were.
  std::shared_ptr<const RequestParts> parts;
  std::chrono::system_clock::time_point authorized_at{};
  std::string authorization_error;   // not empty: `bytes` are not authorised (tried again at sending)
};

// What one simulated user owns: its connection, decoder and timers, reused request after request.
struct UserSlot {
  UserSlot(boost::asio::any_io_executor executor, std::shared_ptr<const net::ClientContext> client,
           const api::Backend& backend, bool collect_text);
  net::HttpConnection connection;
  std::unique_ptr<api::EventDecoder> decoder;
  ResponseRecorder recorder;
  boost::asio::steady_timer backoff_timer;
  bool generates = true;  // the backend's: false for embeddings and rerank
  bool streams = true;    // the backend's: responses are SSE streams
};

struct RequestContext {
  const RetryPolicy* retry = nullptr;
  net::Clock::time_point experiment_start{};
  const std::atomic<bool>* stop_requested = nullptr;  // no retry once set
  std::string secret;                                  // masked out of error messages
  const tokenizer::Tokenizer* tokenizer = nullptr;     // counts output when there is no usage
  const auth::RequestAuthorizer* authorizer = nullptr; // signs requests built too long ago again
  std::string host_header;                             // as the requests send it (for signing again)
};

// `record` arrives with run_index, request_index and t_sched_ns set; the rest is filled here.
boost::asio::awaitable<void> run_request(UserSlot& slot, const PreparedRequest& request, const RequestContext& context,
                                         metrics::RequestRecord& record);

}  // namespace genai::load
