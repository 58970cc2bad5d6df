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
  body_.clear();
  content_offsets_ns_.clear();
  content_chars_ = 0;
  prompt_tokens_.reset();
  completion_tokens_.reset();
  error_message_.reset();
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
  sse_.push(bytes);
  std::string* text = collect_text_ ? &text_ : nullptr;
  while (auto event = sse_.next()) take_event(decoder_.decode_stream_event(event->data, text), t_read);
}

void ResponseRecorder::finish() {
  if (status_ == 200 && streaming_) {
    std::string* text = collect_text_ ? &text_ : nullptr;
    while (auto event = sse_.finish()) take_event(decoder_.decode_stream_event(event->data, text), last_read_);
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
    prompt_tokens_ = event.prompt_tokens;
    completion_tokens_ = event.completion_tokens;
    if (event.error_message) error_message_ = event.error_message;
    return;
  }
  // An error status: keep the server's message if the body says one.
  const api::DecodedEvent event = decoder_.decode_response(body_.view());
  if (event.error_message) error_message_ = event.error_message;
}

void ResponseRecorder::take_event(const api::DecodedEvent& event, net::Clock::time_point t_read) {
  if (event.done) {
    stream_ended_ = true;
    return;
  }
  if (event.malformed) {
    malformed_ = true;
    return;
  }
  if (event.error_message && !error_message_) error_message_ = event.error_message;
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
