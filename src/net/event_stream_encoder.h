// Builds AWS event-stream messages (application/vnd.amazon.eventstream), the framing
// net::EventStreamDecoder reads: what the mock server sends to play Bedrock, and test frames.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace genai::net {

// One message with string-typed (type 7) headers, in the given order. Throws std::length_error
// for a header name over 255 bytes or a value over 65535 (the format's u8 and u16 lengths).
std::string encode_event_stream_message(const std::vector<std::pair<std::string, std::string>>& string_headers,
                                        std::string_view payload);

// One message around headers already encoded (any value types): prelude, CRCs and payload.
std::string frame_event_stream_message(std::string_view header_bytes, std::string_view payload);

// Bedrock's shapes: an event of a stream member (e.g. "chunk", payload {"bytes":"<base64>"}),
// a modeled exception (e.g. "throttlingException", payload {"message":"..."}), and an unmodeled
// error, which has no payload and carries its code and message in headers.
std::string encode_event(std::string_view event_type, std::string_view json_payload);
std::string encode_exception(std::string_view exception_type, std::string_view message_json);
std::string encode_error(std::string_view error_code, std::string_view error_message);

}  // namespace genai::net
