// Anthropic's Messages API answers, shared by the mock's anthropic dialect and Claude on Vertex
// (the same body, events and errors); Bedrock's invoke dialect reuses the event JSON.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "mock/dialect.h"

namespace genai::mock {

// {"type":"error","error":{"type":..., "message":...}} with its status.
std::string anthropic_error_response(int status, std::string_view type, std::string_view message);

// The event JSONs (no SSE framing).
std::string anthropic_message_start_json(int64_t prompt_tokens);
std::string anthropic_text_delta_json(std::string_view text);
std::string anthropic_message_delta_json(int64_t completion_tokens);

// Reads a Messages body (max_tokens required, messages, system, stream): the response to serve
// it, or a 400 naming what is wrong.
std::variant<std::unique_ptr<DialectResponse>, std::string> read_anthropic_body(std::string_view body,
                                                                                int64_t default_max_tokens);

}  // namespace genai::mock
