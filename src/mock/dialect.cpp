#include "mock/dialect.h"

#include <strings.h>

#include "mock/openai_mock_responses.h"

namespace genai::mock {

std::string_view ReceivedRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  }
  return {};
}

std::string http_response(int status, std::string_view reason, std::string_view content_type, std::string_view body,
                          std::string_view extra_headers) {
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\nContent-Type: " +
         std::string(content_type) + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         std::string(extra_headers) + "Connection: keep-alive\r\n\r\n" + std::string(body);
}

std::string chunked_head(std::string_view content_type) {
  return "HTTP/1.1 200 OK\r\nContent-Type: " + std::string(content_type) +
         "\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n";
}

std::string sse_chunk(std::string_view event_name, std::string_view json) {
  std::string event;
  if (!event_name.empty()) event = "event: " + std::string(event_name) + "\n";
  event += "data: " + std::string(json) + "\n\n";
  return http_chunk(event);
}

int64_t text_chars(const boost::json::value& value) {
  if (value.is_string()) return static_cast<int64_t>(value.as_string().size());
  int64_t chars = 0;
  if (value.is_array()) {
    for (const auto& element : value.as_array()) chars += text_chars(element);
  } else if (value.is_object()) {
    for (const char* key : {"text", "content", "parts", "message", "inputText", "prompt"}) {
      if (const auto* field = value.as_object().if_contains(key)) chars += text_chars(*field);
    }
  }
  return chars;
}

void read_chat_fields(const boost::json::object& body, int64_t default_max_tokens, DialectResponse& response) {
  response.max_tokens = default_max_tokens;
  if (const auto* max_tokens = body.if_contains("max_tokens"); max_tokens && max_tokens->is_int64()) {
    response.max_tokens = max_tokens->as_int64();
  }
  if (const auto* messages = body.if_contains("messages")) response.prompt_chars = text_chars(*messages);
  const auto* stream = body.if_contains("stream");
  response.stream = stream != nullptr && stream->is_bool() && stream->as_bool();
}

namespace {

class PoolingResponse final : public DialectResponse {
 public:
  PoolingResponse(int64_t count, std::function<std::string(int64_t, int64_t)> body_of, std::unique_ptr<DialectResponse> errors)
      : count_(count), body_of_(std::move(body_of)), errors_(std::move(errors)) {}
  std::string stream_start(int64_t) override { return {}; }
  std::string content(std::string_view) override { return {}; }
  std::string stream_end(int64_t, int64_t) override { return {}; }
  std::string stream_error() override { return errors_->stream_error(); }
  std::string whole_response(std::string_view, int64_t prompt_tokens, int64_t) override {
    return http_response(200, "OK", "application/json", body_of_(count_, prompt_tokens));
  }
  std::string throttled() override { return errors_->throttled(); }
  std::string server_error() override { return errors_->server_error(); }

 private:
  int64_t count_;
  std::function<std::string(int64_t, int64_t)> body_of_;
  std::unique_ptr<DialectResponse> errors_;
};

}  // namespace

std::unique_ptr<DialectResponse> pooling_response(int64_t count, int64_t prompt_chars,
                                                  std::function<std::string(int64_t count, int64_t prompt_tokens)> body_of,
                                                  std::unique_ptr<DialectResponse> errors) {
  auto response = std::make_unique<PoolingResponse>(count, std::move(body_of), std::move(errors));
  response->max_tokens = 0;
  response->prompt_chars = prompt_chars;
  response->stream = false;
  return response;
}

Result<std::unique_ptr<Dialect>> make_dialect(const MockOptions& options) {
  const std::string& name = options.dialect;
  if (name == "anthropic") return make_anthropic_dialect(options);
  if (name == "azure") return make_azure_dialect(options);
  if (name == "bedrock") return make_bedrock_dialect(options);
  if (name == "vertex") return make_vertex_dialect(options);
  if (name == "oci") return make_oci_dialect(options);
  if (name == "cohere") return make_cohere_dialect(options);
  return make_error("--dialect: unknown dialect '" + name + "' (expected openai, anthropic, azure, bedrock, vertex, oci or cohere)");
}

}  // namespace genai::mock
