// AWS event-stream framing: prelude and CRC checks, header walking, and the carry of a message
// split across pushes (see event_stream_decoder.h).
#include "net/event_stream_decoder.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>

namespace genai::net {
namespace {

constexpr size_t kPreludeBytes = 12;  // total length, headers length, prelude CRC
constexpr size_t kMinimumMessageBytes = kPreludeBytes + 4;

uint32_t read_u16(const char* bytes) {
  const auto* b = reinterpret_cast<const unsigned char*>(bytes);
  return static_cast<uint32_t>(b[0]) << 8 | b[1];
}

uint32_t read_u32(const char* bytes) {
  const auto* b = reinterpret_cast<const unsigned char*>(bytes);
  return static_cast<uint32_t>(b[0]) << 24 | static_cast<uint32_t>(b[1]) << 16 | static_cast<uint32_t>(b[2]) << 8 |
         b[3];
}

uint32_t crc32_of(uint32_t crc, const char* bytes, size_t count) {
  return static_cast<uint32_t>(::crc32(crc, reinterpret_cast<const Bytef*>(bytes), static_cast<uInt>(count)));
}

std::string crc_mismatch(const char* what, uint32_t in_message, uint32_t computed) {
  char text[96];
  std::snprintf(text, sizeof text, "%s CRC mismatch (0x%08x in the message, 0x%08x computed)", what, in_message,
                computed);
  return text;
}

// Bytes of a header value of `type` that follow the type byte; -1 for a type the format lacks.
// Bytes (6) and string (7) are counted separately: their 2-byte length comes first.
int fixed_value_size(unsigned type) {
  switch (type) {
    case 0: case 1: return 0;  // bool true, bool false: the type is the value
    case 2: return 1;          // byte
    case 3: return 2;          // int16
    case 4: return 4;          // int32
    case 5: case 8: return 8;  // int64, timestamp (ms since the epoch)
    case 9: return 16;         // uuid
    default: return -1;
  }
}

}  // namespace

void EventStreamDecoder::reset() {
  input_ = input_end_ = nullptr;
  carried_.clear();
  carried_total_length_ = 0;
  carried_returned_ = corrupt_ = false;
  messages_ = offset_ = 0;
  corruption_.clear();
}

bool EventStreamDecoder::has_partial_message() const {
  return !corrupt_ && (input_ != input_end_ || (!carried_returned_ && !carried_.empty()));
}

std::optional<EventStreamMessage> EventStreamDecoder::next() {
  if (carried_returned_) {
    carried_.clear();
    carried_returned_ = false;
  }
  if (corrupt_) return std::nullopt;
  return carried_.empty() ? next_in_input() : next_carried();
}

std::optional<EventStreamMessage> EventStreamDecoder::finish() {
  if (auto message = next()) return message;
  if (has_partial_message()) {
    const std::string expected = carried_total_length_ != 0 ? std::to_string(carried_total_length_) + "-byte message"
                                                            : "12-byte prelude";
    fail("stream ended inside a message (" + std::to_string(carried_.size()) + " bytes of its " + expected + ")");
  }
  return std::nullopt;
}

// The common case: the whole message is in the pushed bytes and is returned as views into them.
std::optional<EventStreamMessage> EventStreamDecoder::next_in_input() {
  const auto available = static_cast<size_t>(input_end_ - input_);
  if (available == 0) return std::nullopt;
  if (available < kPreludeBytes) {
    carry(available);
    return std::nullopt;
  }
  const std::optional<uint32_t> total_length = read_prelude(input_);
  if (!total_length) return std::nullopt;
  if (available < *total_length) {
    carried_total_length_ = *total_length;
    carry(available);
    return std::nullopt;
  }
  const char* message = input_;
  input_ += *total_length;
  return decode_message(message, *total_length);
}

// A message begun in an earlier push: its prelude first (to learn its length), then the rest.
std::optional<EventStreamMessage> EventStreamDecoder::next_carried() {
  const auto available = [this] { return static_cast<size_t>(input_end_ - input_); };
  if (carried_total_length_ == 0) {
    carry(std::min(kPreludeBytes - carried_.size(), available()));
    if (carried_.size() < kPreludeBytes) return std::nullopt;
    const std::optional<uint32_t> total_length = read_prelude(carried_.data());
    if (!total_length) return std::nullopt;
    carried_total_length_ = *total_length;
  }
  carry(std::min(carried_total_length_ - carried_.size(), available()));
  if (carried_.size() < carried_total_length_) return std::nullopt;
  const uint32_t total_length = carried_total_length_;
  carried_total_length_ = 0;
  carried_returned_ = true;  // the views below point into carried_: keep it until the next call
  return decode_message(carried_.data(), total_length);
}

// Grown as the bytes arrive rather than reserved from the announced length: a message announced
// at the size limit and never sent costs no more than the bytes that did come.
void EventStreamDecoder::carry(size_t count) {
  carried_.append({input_, count});
  input_ += count;
}

// Checks the prelude's CRC before trusting its lengths, so a corrupted length is reported as
// what it is rather than as whatever impossible size it happens to read as.
std::optional<uint32_t> EventStreamDecoder::read_prelude(const char* message) {
  const uint32_t total_length = read_u32(message);
  const uint32_t headers_length = read_u32(message + 4);
  const uint32_t prelude_crc = read_u32(message + 8);
  const uint32_t computed = crc32_of(0, message, 8);
  if (prelude_crc != computed) {
    fail(crc_mismatch("prelude", prelude_crc, computed));
  } else if (total_length < kMinimumMessageBytes) {
    fail("message length " + std::to_string(total_length) + " is under the 16-byte minimum");
  } else if (total_length > max_message_bytes_) {
    fail("message of " + std::to_string(total_length) + " bytes is over the limit of " +
         std::to_string(max_message_bytes_));
  } else if (headers_length > total_length - kMinimumMessageBytes) {
    fail("headers length " + std::to_string(headers_length) + " does not fit in a message of " +
         std::to_string(total_length) + " bytes");
  } else {
    return total_length;
  }
  return std::nullopt;
}

// `message` holds total_length bytes whose prelude read_prelude() accepted.
std::optional<EventStreamMessage> EventStreamDecoder::decode_message(const char* message, uint32_t total_length) {
  // The message CRC covers the prelude too: continue from the prelude's CRC rather than rereading it.
  const uint32_t message_crc = read_u32(message + total_length - 4);
  const uint32_t computed = crc32_of(read_u32(message + 8), message + 8, total_length - 12);
  if (message_crc != computed) {
    fail(crc_mismatch("message", message_crc, computed));
    return std::nullopt;
  }
  const uint32_t headers_length = read_u32(message + 4);
  EventStreamMessage decoded;
  if (!read_headers({message + kPreludeBytes, headers_length}, decoded)) return std::nullopt;
  decoded.payload = {message + kPreludeBytes + headers_length, total_length - kMinimumMessageBytes - headers_length};
  ++messages_;
  offset_ += total_length;
  return decoded;
}

// Walks every header, whatever its type, so that a malformed one is caught even where the
// headers we report come before it. Of repeated names the last one counts.
bool EventStreamDecoder::read_headers(std::string_view headers, EventStreamMessage& message) {
  std::string_view event_type, exception_type, error_code;
  size_t at = 0;
  while (at < headers.size()) {
    const size_t header_start = at;
    const auto cut_off = [&] {
      fail("header at byte " + std::to_string(header_start) + " of the headers runs past their end");
      return false;
    };
    const size_t name_length = static_cast<unsigned char>(headers[at]);
    if (headers.size() - at < 2 + name_length) return cut_off();
    const std::string_view name = headers.substr(at + 1, name_length);
    const auto type = static_cast<unsigned char>(headers[at + 1 + name_length]);
    at += 2 + name_length;
    size_t value_size = 0;
    if (type == 6 || type == 7) {
      if (headers.size() - at < 2) return cut_off();
      value_size = read_u16(headers.data() + at);
      at += 2;
    } else if (const int size = fixed_value_size(type); size >= 0) {
      value_size = static_cast<size_t>(size);
    } else {
      fail("header at byte " + std::to_string(header_start) + " of the headers has unknown value type " +
           std::to_string(type));
      return false;
    }
    if (headers.size() - at < value_size) return cut_off();
    const std::string_view value = headers.substr(at, value_size);
    at += value_size;
    if (type != 7) continue;
    if (name == ":message-type") message.message_type = value;
    else if (name == ":event-type") event_type = value;
    else if (name == ":exception-type") exception_type = value;
    else if (name == ":error-code") error_code = value;
    else if (name == ":error-message") message.error_message = value;
  }
  message.event_type = message.message_type == "exception" ? exception_type
                       : message.message_type == "error"   ? error_code
                                                           : event_type;
  return true;
}

void EventStreamDecoder::fail(std::string reason) {
  corrupt_ = true;
  corruption_ = std::move(reason) + " in message " + std::to_string(messages_ + 1) + " (at byte " +
                std::to_string(offset_) + " of the stream)";
  carried_.clear();
  carried_total_length_ = 0;
  carried_returned_ = false;
  input_ = input_end_;
}

}  // namespace genai::net
