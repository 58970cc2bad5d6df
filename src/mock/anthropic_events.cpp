#include "mock/anthropic_events.h"

#include <boost/json.hpp>

#include "common/json_escape.h"
#include "mock/openai_mock_responses.h"

namespace genai::mock {
namespace {

class AnthropicResponse final : public DialectResponse {
 public:
  std::string stream_start(int64_t prompt_tokens) override {
    return chunked_head("text/event-stream") + sse_chunk("message_start", anthropic_message_start_json(prompt_tokens)) +
           sse_chunk("content_block_start",
                     R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
           sse_chunk("ping", R"({"type": "ping"})");
  }
  std::string content(std::string_view text) override {
    return sse_chunk("content_block_delta", anthropic_text_delta_json(text));
  }
  std::string stream_end(int64_t, int64_t completion_tokens) override {
    return sse_chunk("content_block_stop", R"({"type":"content_block_stop","index":0})") +
           sse_chunk("message_delta", anthropic_message_delta_json(completion_tokens)) +
           sse_chunk("message_stop", R"({"type":"message_stop"})") + "0\r\n\r\n";
  }
  std::string stream_error() override {
    return sse_chunk("error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})") + "0\r\n\r\n";
  }
  std::string whole_response(std::string_view text, int64_t prompt_tokens, int64_t completion_tokens) override {
    std::string json = R"({"id":"msg_mock","type":"message","role":"assistant","model":"mock-model","content":[{"type":"text","text":)";
    append_json_string(json, text);
    json += R"(}],"stop_reason":"max_tokens","stop_sequence":null,"usage":{"input_tokens":)" + std::to_string(prompt_tokens) +
            ",\"output_tokens\":" + std::to_string(completion_tokens) + "}}";
    return http_response(200, "OK", "application/json", json);
  }
  std::string throttled() override { return anthropic_error_response(529, "overloaded_error", "Overloaded"); }
  std::string server_error() override { return anthropic_error_response(500, "api_error", "mock injected failure"); }
};

}  // namespace

std::string anthropic_error_response(int status, std::string_view type, std::string_view message) {
  std::string json = R"({"type":"error","error":{"type":)";
  append_json_string(json, type);
  json += ",\"message\":";
  append_json_string(json, message);
  json += "},\"request_id\":\"req_mock\"}";
  const std::string_view reason = status == 529 ? "Overloaded" : status == 404 ? "Not Found" : status == 401 ? "Unauthorized"
                                  : status == 400 ? "Bad Request" : "Error";
  return http_response(status, reason, "application/json", json);
}

std::string anthropic_message_start_json(int64_t prompt_tokens) {
  return R"({"type":"message_start","message":{"id":"msg_mock","type":"message","role":"assistant","model":"mock-model","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":)" +
         std::to_string(prompt_tokens) + R"(,"output_tokens":1}}})";
}

std::string anthropic_text_delta_json(std::string_view text) {
  std::string json = R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":)";
  append_json_string(json, text);
  json += "}}";
  return json;
}

std::string anthropic_message_delta_json(int64_t completion_tokens) {
  return R"({"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":)" +
         std::to_string(completion_tokens) + "}}";
}

std::variant<std::unique_ptr<DialectResponse>, std::string> read_anthropic_body(std::string_view body,
                                                                                int64_t default_max_tokens) {
  boost::system::error_code error;
  const boost::json::value json = boost::json::parse(body, error);
  if (error || !json.is_object()) return anthropic_error_response(400, "invalid_request_error", "malformed JSON body");
  const auto& object = json.as_object();
  const auto* max_tokens = object.if_contains("max_tokens");
  if (max_tokens == nullptr || !max_tokens->is_int64() || max_tokens->as_int64() < 0) {
    return anthropic_error_response(400, "invalid_request_error", "max_tokens: Field required");
  }
  const auto* messages = object.if_contains("messages");
  if (messages == nullptr || !messages->is_array()) {
    return anthropic_error_response(400, "invalid_request_error", "messages: Field required");
  }
  for (const auto& message : messages->as_array()) {
    const auto* role = message.is_object() ? message.as_object().if_contains("role") : nullptr;
    if (role == nullptr || !role->is_string() || (role->as_string() != "user" && role->as_string() != "assistant")) {
      return anthropic_error_response(400, "invalid_request_error",
                                      "messages: roles must be user or assistant (the system prompt is a field)");
    }
  }
  auto response = std::make_unique<AnthropicResponse>();
  response->max_tokens = max_tokens->as_int64() > 0 ? max_tokens->as_int64() : default_max_tokens;
  response->prompt_chars = text_chars(*messages);
  if (const auto* system = object.if_contains("system")) response->prompt_chars += text_chars(*system);
  const auto* stream = object.if_contains("stream");
  response->stream = stream != nullptr && stream->is_bool() && stream->as_bool();
  return response;
}

}  // namespace genai::mock
