#include "load/response_recorder.h"

namespace genai::load {
namespace {
constexpr size_t kMaxErrorBody = 64 * 1024;
}

void ResponseRecorder::begin(net::Clock::time_point t_start) {
  t_start_ = t_start;
  t_first_ = last_read_ = {};
  status_ = 0;
  sse_.reset();
  event_stream_.reset();
  body_.clear();
  content_offsets_ns_.clear();
  content_chars_ = 0;
  audio_bytes_ = 0;
  images_ = 0;
  prompt_tokens_.reset();
  completion_tokens_.reset();
  error_message_.reset();
  error_type_.reset();
  malformed_reason_.reset();
  throttled_ = false;
  malformed_ = false;
  stream_ended_ = false;
  text_.clear();
}

void ResponseRecorder::on_status(int status) { status_ = status; }

void ResponseRecorder::on_body(std::string_view bytes, net::Clock::time_point t_read) {
  last_read_ = t_read;
  if (status_ != 200 || !streaming_) {
    if (status_ == 200 || body_.size() < kMaxErrorBody) body_.append(bytes);
    return;
  }
  take_stream_bytes(bytes, t_read);
}

void ResponseRecorder::take_stream_bytes(std::string_view bytes, net::Clock::time_point t_read) {
  if (framing_ == api::StreamFraming::raw) {  // the body is the content: its first byte is the first content
    if (audio_bytes_ == 0 && !bytes.empty()) {
      t_first_ = t_read;
      content_offsets_ns_.push_back(net::nanoseconds_between(t_start_, t_read));
    }
    audio_bytes_ += static_cast<int64_t>(bytes.size());
    return;
  }
  std::string* text = collect_text_ ? &text_ : nullptr;
  if (framing_ == api::StreamFraming::sse) {
    sse_.push(bytes);
    while (auto event = sse_.next()) take_event(decoder_.decode_event({event->type, event->data, false}, text), t_read);
    return;
  }
  event_stream_.push(bytes);
  while (auto message = event_stream_.next()) {
    const bool exception = message->message_type == "exception" || message->message_type == "error";
    const std::string_view data = message->message_type == "error" ? message->error_message : message->payload;
    take_event(decoder_.decode_event({message->event_type, data, exception}, text), t_read);
  }
  if (event_stream_.corrupt() && !malformed_reason_) {
    malformed_ = true;
    malformed_reason_.emplace("AWS event-stream: " + event_stream_.corruption());
  }
}

void ResponseRecorder::finish() {
  if (status_ == 200 && streaming_ && framing_ == api::StreamFraming::raw) {
    stream_ended_ = true;  // no end marker: the HTTP framing ends a raw body
    return;
  }
  if (status_ == 200 && streaming_ && framing_ == api::StreamFraming::aws_event_stream) {
    if (event_stream_.has_partial_message() && !malformed_reason_) {
      malformed_ = true;
      malformed_reason_.emplace("AWS event-stream: the stream ended inside a message");
    }
    return;
  }
  if (status_ == 200 && streaming_) {
    std::string* text = collect_text_ ? &text_ : nullptr;
    while (auto event = sse_.finish()) take_event(decoder_.decode_event({event->type, event->data, false}, text), last_read_);
    if (sse_.overflowed()) {
      malformed_ = true;
      error_message_.emplace("a stream event exceeded 16 MiB");
    }
    return;
  }
  if (status_ == 200) {
    const api::DecodedEvent event = decoder_.decode_response(body_.view(), collect_text_ ? &text_ : nullptr);
    malformed_ = malformed_ || event.malformed;
    content_chars_ = static_cast<int64_t>(event.content_chars);
    images_ = event.images;
    prompt_tokens_ = event.prompt_tokens;
    completion_tokens_ = event.completion_tokens;
    take_error(event);
    return;
  }
  // An error status: keep the server's message if the body says one.
  take_error(decoder_.decode_response(body_.view()));
}

void ResponseRecorder::take_error(const api::DecodedEvent& event) {
  if (!event.error_message || error_message_) return;  // the first error is the cause
  error_message_ = event.error_message;
  error_type_ = event.error_type;
  throttled_ = event.throttled;
}

void ResponseRecorder::take_event(const api::DecodedEvent& event, net::Clock::time_point t_read) {
  // The end marker may carry the last counts (Bedrock's invocation metrics on message_stop).
  if (event.done) stream_ended_ = true;
  if (event.malformed) {
    malformed_ = true;
    return;
  }
  take_error(event);
  if (event.prompt_tokens) prompt_tokens_ = event.prompt_tokens;
  if (event.completion_tokens) completion_tokens_ = event.completion_tokens;
  if (event.content_chars > 0) {
    if (content_offsets_ns_.empty()) t_first_ = t_read;
    content_offsets_ns_.push_back(net::nanoseconds_between(t_start_, t_read));
    content_chars_ += static_cast<int64_t>(event.content_chars);
  }
}

std::string ResponseRecorder::body_excerpt() const {
  std::string excerpt(body_.view().substr(0, 200));
  for (char& c : excerpt) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return excerpt;
}

}  // namespace genai::load
