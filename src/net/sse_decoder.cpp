#include "net/sse_decoder.h"

#include <cstring>

namespace genai::net {
namespace {

std::string_view strip_trailing_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

void SseDecoder::reset() {
  input_ = input_end_ = nullptr;
  carried_line_.clear();
  data_.clear();
  data_view_ = {};
  has_data_ = data_is_owned_ = reset_pending_ = overflowed_ = false;
  event_type_.clear();
}

std::optional<SseEvent> SseDecoder::next() {
  if (reset_pending_) {
    data_.clear();
    data_view_ = {};
    has_data_ = data_is_owned_ = reset_pending_ = false;
    event_type_.clear();
  }
  while (!overflowed_ && input_ != input_end_) {
    if (auto event = next_single_line_event()) return event;
    const auto remaining = static_cast<size_t>(input_end_ - input_);
    const char* newline = static_cast<const char*>(std::memchr(input_, '\n', remaining));
    if (newline == nullptr) {
      // The line continues in the next push: keep it, and move any data view out of the input.
      carried_line_.append(input_, remaining);
      input_ = input_end_;
      if (carried_line_.size() > max_event_bytes_) overflowed_ = true;
      break;
    }
    std::optional<SseEvent> event;
    if (carried_line_.empty()) {
      event = take_line(strip_trailing_cr({input_, static_cast<size_t>(newline - input_)}), LineOrigin::input);
    } else {
      carried_line_.append(input_, static_cast<size_t>(newline - input_));
      event = take_line(strip_trailing_cr(carried_line_), LineOrigin::carried);
      carried_line_.clear();
    }
    input_ = newline + 1;
    if (event) return event;
  }
  // The pushed bytes are used up and will not outlive the next push(): an unfinished event's
  // data must not stay a view into them.
  if (has_data_ && !data_is_owned_) own_data();
  return std::nullopt;
}

// The shape nearly every LLM server sends, "data: {...}\n\n" (or with CRLF), taken in one step:
// one memchr and no per-line bookkeeping. Anything else goes through the general line path.
std::optional<SseEvent> SseDecoder::next_single_line_event() {
  if (has_data_ || !carried_line_.empty() || !event_type_.empty()) return std::nullopt;
  const auto remaining = static_cast<size_t>(input_end_ - input_);
  constexpr std::string_view kData = "data: ";
  if (remaining < kData.size() + 2 || std::memcmp(input_, kData.data(), kData.size()) != 0) return std::nullopt;
  const char* value = input_ + kData.size();
  const char* newline = static_cast<const char*>(std::memchr(value, '\n', static_cast<size_t>(input_end_ - value)));
  if (newline == nullptr) return std::nullopt;
  const char* value_end = newline;
  size_t blank_line = 0;  // length of the blank line that must follow
  if (value_end > value && value_end[-1] == '\r') {
    --value_end;
    if (input_end_ - newline >= 3 && newline[1] == '\r' && newline[2] == '\n') blank_line = 2;
  } else if (input_end_ - newline >= 2 && newline[1] == '\n') {
    blank_line = 1;
  }
  if (blank_line == 0) return std::nullopt;
  input_ = newline + 1 + blank_line;
  return SseEvent{{}, {value, static_cast<size_t>(value_end - value)}};
}

std::optional<SseEvent> SseDecoder::finish() {
  if (overflowed_) return std::nullopt;
  if (auto event = next()) return event;
  if (!carried_line_.empty()) {
    std::string line;
    line.swap(carried_line_);
    if (auto event = take_line(strip_trailing_cr(line), LineOrigin::carried)) return event;
  }
  return dispatch();
}

std::optional<SseEvent> SseDecoder::take_line(std::string_view line, LineOrigin origin) {
  if (line.empty()) return dispatch();
  if (line.front() == ':') return std::nullopt;  // comment, e.g. ": keep-alive"

  const size_t colon = line.find(':');
  const std::string_view field = line.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }

  if (field == "data") {
    if (!has_data_) {
      has_data_ = true;
      if (origin == LineOrigin::input) {
        data_view_ = value;
      } else {
        data_is_owned_ = true;
        data_.append(value);
      }
    } else {
      if (!data_is_owned_) own_data();
      data_.push_back('\n');
      data_.append(value);
    }
    if (data_is_owned_ && data_.size() > max_event_bytes_) overflowed_ = true;
  } else if (field == "event") {
    event_type_.assign(value);
  }
  return std::nullopt;
}

void SseDecoder::own_data() {
  data_.clear();
  data_.append(data_view_);
  data_is_owned_ = true;
}

std::optional<SseEvent> SseDecoder::dispatch() {
  if (!has_data_) {
    event_type_.clear();  // an event with no data is not dispatched (WHATWG SSE)
    return std::nullopt;
  }
  reset_pending_ = true;
  return SseEvent{event_type_, data_is_owned_ ? data_.view() : data_view_};
}

}  // namespace genai::net
