// Turns one response's bytes into measurements: the stream's events are split (SSE, or AWS
// event-stream for Bedrock), each is decoded by the backend, and content events are timestamped
// with the time their bytes were read. A raw body (text-to-speech audio) is counted, its first
// byte timed.
// The glue between net/ (bytes) and api/ (meaning); one per connection, reused per request.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/backend.h"
#include "net/clock.h"
#include "net/event_stream_decoder.h"
#include "net/http_connection.h"
#include "net/padded_buffer.h"
#include "net/sse_decoder.h"

namespace genai::load {

class ResponseRecorder final : public net::ResponseConsumer {
 public:
  // `collect_text`: keep the generated text, to count its tokens when the server sends no usage.
  ResponseRecorder(api::EventDecoder& decoder, bool streaming, bool collect_text,
                   api::StreamFraming framing = api::StreamFraming::sse)
      : decoder_(decoder), streaming_(streaming), collect_text_(collect_text), framing_(framing) {}

  // Clears everything for a new attempt whose clock starts at t_start.
  void begin(net::Clock::time_point t_start);
  void on_status(int status) override;
  void on_body(std::string_view bytes, net::Clock::time_point t_read) override;
  // The response is complete: flush the last event, or decode the whole body.
  void finish();

  int status() const { return status_; }
  bool has_first_content() const { return !content_offsets_ns_.empty(); }
  net::Clock::time_point t_first() const { return t_first_; }
  const std::vector<int64_t>& content_offsets_ns() const { return content_offsets_ns_; }
  int64_t content_events() const { return static_cast<int64_t>(content_offsets_ns_.size()); }
  int64_t content_chars() const { return content_chars_; }
  // Text-to-speech: the audio bytes of a raw body; text-to-image: the images of the response.
  int64_t audio_bytes() const { return audio_bytes_; }
  int64_t images() const { return images_; }
  std::optional<int64_t> usage_prompt_tokens() const { return prompt_tokens_; }
  std::optional<int64_t> usage_completion_tokens() const { return completion_tokens_; }
  const std::optional<std::string>& error_message() const { return error_message_; }
  // The provider's name for the error (overloaded_error, throttlingException), when it gave one.
  const std::optional<std::string>& error_type() const { return error_type_; }
  // The error the body reported means: too many requests.
  bool throttled() const { return throttled_; }
  const std::string& generated_text() const { return text_; }
  bool malformed() const { return malformed_; }
  // Why the stream could not be read, when the framing (not an event's JSON) was broken.
  const std::optional<std::string>& malformed_reason() const { return malformed_reason_; }
  // The stream's end marker ([DONE]) arrived.
  bool stream_ended() const { return stream_ended_; }
  // The start of an error response's body, for the record's message.
  std::string body_excerpt() const;

 private:
  void take_event(const api::DecodedEvent& event, net::Clock::time_point t_read);
  void take_error(const api::DecodedEvent& event);
  void take_stream_bytes(std::string_view bytes, net::Clock::time_point t_read);

  api::EventDecoder& decoder_;
  bool streaming_;
  bool collect_text_;
  api::StreamFraming framing_;
  std::string text_;  // generated text, when collected
  net::SseDecoder sse_;
  net::EventStreamDecoder event_stream_;
  net::PaddedBuffer body_;  // non-streamed or error bodies
  net::Clock::time_point t_start_{}, t_first_{}, last_read_{};
  int status_ = 0;
  std::vector<int64_t> content_offsets_ns_;
  int64_t content_chars_ = 0;
  int64_t audio_bytes_ = 0;
  int64_t images_ = 0;
  std::optional<int64_t> prompt_tokens_, completion_tokens_;
  std::optional<std::string> error_message_, error_type_, malformed_reason_;
  bool throttled_ = false;
  bool malformed_ = false;
  bool stream_ended_ = false;
};

}  // namespace genai::load
