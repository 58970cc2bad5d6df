// Anthropic's Messages API events (message_start, content_block_delta, message_delta, error, ...)
// and whole responses, decoded wherever they arrive: the Anthropic API's own SSE stream, Claude
// on Vertex AI (the same SSE), and Claude on Bedrock's InvokeModelWithResponseStream (the same
// JSON inside event-stream chunks).
#pragma once

#include <simdjson.h>

#include <memory>
#include <string>
#include <string_view>

#include "api/backend.h"

namespace genai::api {

// One event's JSON (padded). Text is the `text_delta` / `thinking_delta` of content_block_delta;
// input tokens come from message_start's usage, output tokens from message_delta's cumulative
// usage (and from Bedrock's amazon-bedrock-invocationMetrics on message_stop); message_stop is
// the end.
DecodedEvent decode_anthropic_event(simdjson::ondemand::parser& parser, std::string_view json, std::string* text);

// A whole (non-streamed) Messages response, or an error body {"type":"error","error":{...}}.
DecodedEvent decode_anthropic_response(simdjson::ondemand::parser& parser, std::string_view json, std::string* text);

// The decoder of a Messages API stream and response (both of the above).
std::unique_ptr<EventDecoder> make_anthropic_decoder();

// overloaded_error (HTTP 529) and rate_limit_error (429) mean: too many requests.
bool is_anthropic_throttle(std::string_view error_type);

}  // namespace genai::api
