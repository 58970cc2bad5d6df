#include "load/request_runner.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <algorithm>

#include "common/secrets.h"

namespace genai::load {

namespace asio = boost::asio;

std::chrono::nanoseconds RetryPolicy::backoff_for(int retry) const {
  if (backoff.empty()) return std::chrono::nanoseconds(0);
  return backoff[std::min(static_cast<size_t>(retry), backoff.size() - 1)];
}

std::chrono::nanoseconds RetryPolicy::wait_before(int retry, std::optional<std::chrono::nanoseconds> retry_after) const {
  const std::chrono::nanoseconds backoff_wait = backoff_for(retry);
  if (!retry_after) return backoff_wait;
  return std::max(backoff_wait, std::min(*retry_after, max_retry_after));
}

UserSlot::UserSlot(asio::any_io_executor executor, std::shared_ptr<const net::ClientContext> client,
                   const api::Backend& backend, bool collect_text)
    : connection(executor, std::move(client)),
      decoder(backend.make_decoder()),
      recorder(*decoder, backend.streams(), collect_text, backend.framing()),
      backoff_timer(executor),
      generates(backend.generates()),
      streams(backend.streams()) {}

namespace {

struct AttemptOutcome {
  std::string error_kind;  // empty: success
  std::string message;
  bool retryable = false;
};

AttemptOutcome classify(const net::ExchangeResult& result, ResponseRecorder& recorder, bool streaming) {
  if (result.failure != net::Failure::none) {
    // Only failures before any response byte are retried: the server sent nothing, so at most it
    // did work we will not see. A first-byte timeout is not: the server may still be generating.
    const bool before_first_byte =
        !result.received_bytes && (result.failure == net::Failure::connect || result.failure == net::Failure::timeout_connect ||
                                   result.failure == net::Failure::disconnected);
    return {std::string(net::to_string(result.failure)), result.message, before_first_byte};
  }
  recorder.finish();
  if (result.framing == net::BodyFraming::until_close && result.status == 200) {
    // Ended by the connection's close: only the content can say whether it was all there.
    if (streaming && !recorder.stream_ended()) {
      return {"disconnected", "connection closed before the stream's end marker (a body delimited by the close)", false};
    }
    if (!streaming && recorder.malformed()) {
      return {"disconnected", "connection closed before the response body was complete (a body delimited by the close)",
              false};
    }
  }
  if (result.status != 200) {
    std::string message = recorder.error_message().value_or(recorder.body_excerpt());
    // Throttling is one kind whatever the provider calls it: HTTP 429, Anthropic's 529
    // overloaded_error, or a throttling error named in the body.
    const bool throttled = result.status == 429 || result.status == 529 || recorder.throttled();
    return {throttled ? "throttled" : "http_" + std::to_string(result.status),
            "HTTP " + std::to_string(result.status) + ": " + message, throttled || result.status >= 500};
  }
  if (recorder.error_message() && !recorder.malformed_reason()) {
    return {recorder.throttled() ? "throttled" : "stream_error", *recorder.error_message(), false};
  }
  if (recorder.malformed()) {
    return {"malformed_response", recorder.malformed_reason().value_or("a response event is not the JSON expected"), false};
  }
  return {};
}

int64_t since(net::Clock::time_point origin, net::Clock::time_point t) { return net::nanoseconds_between(origin, t); }

}  // namespace

asio::awaitable<void> run_request(UserSlot& slot, const PreparedRequest& request, const RequestContext& context,
                                  metrics::RequestRecord& record) {
  const net::Clock::time_point t_start = net::Clock::now();
  record.t_start_ns = since(context.experiment_start, t_start);
  if (record.t_sched_ns == metrics::kNoTime) record.t_sched_ns = record.t_start_ns;

  net::ExchangeResult result;
  AttemptOutcome outcome;
  std::string authorized_again;
  for (int attempt = 0;; ++attempt) {
    slot.recorder.begin(t_start);  // offsets stay relative to the first attempt's start
    std::string_view bytes = request.bytes;
    if (request.parts && context.authorizer != nullptr) {
      const auto now = std::chrono::system_clock::now();
      if (!request.authorization_error.empty() || now - request.authorized_at > context.authorizer->reusable_for()) {
        Result<std::string> fresh = serialize_authorized(*request.parts, context.host_header, *context.authorizer, now);
        if (!fresh) {
          result = net::ExchangeResult{};
          result.t_end = net::Clock::now();
          outcome = {"auth", "cannot authorise the request: " + fresh.error(), false};
          break;
        }
        authorized_again = std::move(*fresh);
        bytes = authorized_again;
      }
    }
    result = co_await slot.connection.exchange(bytes, slot.recorder);
    outcome = classify(result, slot.recorder, slot.streams);
    const bool stopping = context.stop_requested && context.stop_requested->load(std::memory_order_relaxed);
    if (outcome.error_kind.empty() || !outcome.retryable || attempt >= context.retry->max_retries || stopping) break;
    slot.backoff_timer.expires_after(context.retry->wait_before(attempt, result.retry_after));
    boost::system::error_code ignored;
    co_await slot.backoff_timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    // Stopped during the wait (Ctrl-C, or a failed write of the records): no further attempt;
    // the record keeps this attempt's failure.
    if (context.stop_requested && context.stop_requested->load(std::memory_order_relaxed)) break;
    record.retry_error_kinds.push_back(outcome.error_kind);
  }

  record.attempts = static_cast<uint32_t>(record.retry_error_kinds.size() + 1);
  record.http_status = result.status;
  record.read_delay_max_us = static_cast<uint32_t>(std::min<int64_t>(result.max_read_delay_ns / 1000, UINT32_MAX));
  record.t_end_ns = since(context.experiment_start, result.t_end);
  if (result.t_connected != net::Clock::time_point{}) {
    record.t_connected_ns = since(context.experiment_start, result.t_connected);
  }
  if (result.t_sent != net::Clock::time_point{}) record.t_sent_ns = since(context.experiment_start, result.t_sent);
  record.error_kind = outcome.error_kind;
  record.error_message = mask_secret(outcome.message, context.secret);
  if (!outcome.error_kind.empty() && slot.recorder.error_type()) record.error_type = *slot.recorder.error_type();

  ResponseRecorder& recorder = slot.recorder;
  if (recorder.has_first_content()) record.t_first_ns = since(context.experiment_start, recorder.t_first());
  const std::vector<int64_t>& offsets = recorder.content_offsets_ns();
  if (!offsets.empty()) {
    record.itl_us.reserve(offsets.size() - 1);
    auto whole_us = [](int64_t ns) { return (ns + 500) / 1000; };
    for (size_t i = 1; i < offsets.size(); ++i) {
      const int64_t gap_us = std::max<int64_t>(0, whole_us(offsets[i]) - whole_us(offsets[i - 1]));  // never wrapped
      record.itl_us.push_back(static_cast<uint32_t>(std::min<int64_t>(gap_us, UINT32_MAX)));
    }
  }
  record.output_chars = recorder.content_chars();
  record.audio_bytes = recorder.audio_bytes();
  record.images = recorder.images();
  record.input_chars = request.prompt_chars;
  if (auto prompt_tokens = recorder.usage_prompt_tokens()) {
    record.input_tokens = *prompt_tokens;
    record.input_source = metrics::CountSource::usage;
  } else {
    record.input_tokens = request.estimated_input_tokens;
    record.input_source = request.input_count_source;
  }
  if (!slot.generates) {
    record.output_tokens = 0;
    record.output_source = metrics::CountSource::none;  // nothing is generated: no count applies
  } else if (auto completion_tokens = recorder.usage_completion_tokens()) {
    record.output_tokens = *completion_tokens;
    record.output_source = metrics::CountSource::usage;
  } else if (context.tokenizer != nullptr && record.ok()) {
    record.output_tokens = static_cast<int64_t>(context.tokenizer->count(recorder.generated_text()));
    record.output_source = metrics::CountSource::tokenizer;
  } else {
    record.output_tokens = static_cast<int64_t>(offsets.size());
    record.output_source = metrics::CountSource::events;
  }
}

}  // namespace genai::load
