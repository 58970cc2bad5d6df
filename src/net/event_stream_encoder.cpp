// AWS event-stream encoding: string headers, prelude and the two CRC32s (see event_stream_encoder.h).
#include "net/event_stream_encoder.h"

#include <zlib.h>

#include <cstdint>
#include <initializer_list>
#include <stdexcept>

namespace genai::net {
namespace {

constexpr uint8_t kStringType = 7;

void append_u32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift & 0xff));
}

uint32_t crc32_of(uint32_t crc, std::string_view bytes) {
  return static_cast<uint32_t>(
      ::crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

void append_string_header(std::string& out, std::string_view name, std::string_view value) {
  if (name.size() > 0xff) throw std::length_error("event-stream header name over 255 bytes");
  if (value.size() > 0xffff) throw std::length_error("event-stream header value over 65535 bytes");
  out.push_back(static_cast<char>(name.size()));
  out.append(name);
  out.push_back(static_cast<char>(kStringType));
  out.push_back(static_cast<char>(value.size() >> 8));
  out.push_back(static_cast<char>(value.size() & 0xff));
  out.append(value);
}

std::string encode(std::initializer_list<std::pair<std::string_view, std::string_view>> headers,
                   std::string_view payload) {
  std::string header_bytes;
  for (const auto& [name, value] : headers) append_string_header(header_bytes, name, value);
  return frame_event_stream_message(header_bytes, payload);
}

}  // namespace

std::string frame_event_stream_message(std::string_view header_bytes, std::string_view payload) {
  const size_t total_length = 16 + header_bytes.size() + payload.size();
  if (total_length > UINT32_MAX) throw std::length_error("event-stream message over 4 GiB");
  std::string out;
  out.reserve(total_length);
  append_u32(out, static_cast<uint32_t>(total_length));
  append_u32(out, static_cast<uint32_t>(header_bytes.size()));
  append_u32(out, crc32_of(0, out));
  out.append(header_bytes);
  out.append(payload);
  append_u32(out, crc32_of(0, out));
  return out;
}

std::string encode_event_stream_message(const std::vector<std::pair<std::string, std::string>>& string_headers,
                                        std::string_view payload) {
  std::string header_bytes;
  for (const auto& [name, value] : string_headers) append_string_header(header_bytes, name, value);
  return frame_event_stream_message(header_bytes, payload);
}

// Header order as in Bedrock's own chunk events.
std::string encode_event(std::string_view event_type, std::string_view json_payload) {
  return encode({{":event-type", event_type}, {":content-type", "application/json"}, {":message-type", "event"}},
                json_payload);
}

std::string encode_exception(std::string_view exception_type, std::string_view message_json) {
  return encode(
      {{":exception-type", exception_type}, {":content-type", "application/json"}, {":message-type", "exception"}},
      message_json);
}

std::string encode_error(std::string_view error_code, std::string_view error_message) {
  return encode({{":error-code", error_code}, {":error-message", error_message}, {":message-type", "error"}}, {});
}

}  // namespace genai::net
