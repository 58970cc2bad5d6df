// AWS Bedrock Runtime as the mock speaks it: POST /model/{id}/converse-stream (and converse,
// invoke-with-response-stream, invoke), each request's SigV4 signature recomputed with the test
// credentials (403 InvalidSignatureException when it does not match, as AWS answers); responses
// in AWS event-stream frames; throttling as 429 ThrottlingException before the stream and a
// throttlingException frame inside it.
#include <boost/json.hpp>
#include <charconv>

#include "auth/sigv4.h"
#include "common/base64.h"
#include "common/json_escape.h"
#include "mock/anthropic_events.h"
#include "mock/dialect.h"
#include "mock/openai_mock_responses.h"
#include "net/event_stream_encoder.h"

namespace genai::mock {
namespace {

std::string bedrock_error(int status, std::string_view reason, std::string_view type, std::string_view message) {
  std::string json = "{\"message\":";
  append_json_string(json, message);
  return http_response(status, reason, "application/json", json + "}",
                       "x-amzn-ErrorType: " + std::string(type) + ":http://internal.amazon.com/coral/com.amazon.bedrock/\r\n");
}

std::string percent_decoded(std::string_view text) {
  std::string decoded;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned value = 0;
    if (text[i] == '%' && i + 2 < text.size() &&
        std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr == text.data() + i + 3) {
      decoded.push_back(static_cast<char>(value));
      i += 2;
    } else {
      decoded.push_back(text[i]);
    }
  }
  return decoded;
}

enum class Operation { converse, invoke };
enum class Family { claude, titan, llama, other };

class BedrockResponse final : public DialectResponse {
 public:
  BedrockResponse(Operation operation, Family family) : operation_(operation), family_(family) {}

  std::string stream_start(int64_t prompt_tokens) override {
    std::string start = chunked_head("application/vnd.amazon.eventstream");
    if (operation_ == Operation::converse) {
      start += frame("messageStart", R"({"p":"abcdefgh","role":"assistant"})");
    } else if (family_ == Family::claude) {
      start += chunk(anthropic_message_start_json(prompt_tokens));
      start += chunk(R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})");
    }
    return start;
  }

  std::string content(std::string_view text) override {
    std::string json;
    if (operation_ == Operation::converse) {
      json = R"({"contentBlockIndex":0,"delta":{"text":)";
      append_json_string(json, text);
      return frame("contentBlockDelta", json + R"(},"p":"abcd"})");
    }
    if (family_ == Family::claude) return chunk(anthropic_text_delta_json(text));
    json = family_ == Family::titan ? R"({"outputText":)" : family_ == Family::llama ? R"({"generation":)" : R"({"text":)";
    append_json_string(json, text);
    return chunk(json + "}");
  }

  std::string stream_end(int64_t prompt_tokens, int64_t completion_tokens) override {
    const std::string input = std::to_string(prompt_tokens), output = std::to_string(completion_tokens);
    std::string end;
    if (operation_ == Operation::converse) {
      end = frame("contentBlockStop", R"({"contentBlockIndex":0,"p":"ab"})") +
            frame("messageStop", R"({"p":"abc","stopReason":"max_tokens"})") +
            frame("metadata", R"({"metrics":{"latencyMs":10},"p":"a","usage":{"inputTokens":)" + input +
                                  ",\"outputTokens\":" + output + ",\"totalTokens\":" +
                                  std::to_string(prompt_tokens + completion_tokens) + "}}");
    } else {
      const std::string metrics = R"("amazon-bedrock-invocationMetrics":{"inputTokenCount":)" + input +
                                  ",\"outputTokenCount\":" + output + R"(,"invocationLatency":10,"firstByteLatency":5})";
      if (family_ == Family::claude) {
        end = chunk(R"({"type":"content_block_stop","index":0})") + chunk(anthropic_message_delta_json(completion_tokens)) +
              chunk(R"({"type":"message_stop",)" + metrics + "}");
      } else {
        end = chunk("{" + metrics + "}");
      }
    }
    return end + "0\r\n\r\n";
  }

  std::string stream_error() override {
    return http_chunk(net::encode_exception("throttlingException",
                                            R"({"message":"Too many requests, please wait before trying again."})")) +
           "0\r\n\r\n";
  }

  std::string whole_response(std::string_view text, int64_t prompt_tokens, int64_t completion_tokens) override {
    std::string json;
    if (operation_ == Operation::converse) {
      json = R"({"output":{"message":{"role":"assistant","content":[{"text":)";
      append_json_string(json, text);
      json += R"(}]}},"stopReason":"max_tokens","usage":{"inputTokens":)" + std::to_string(prompt_tokens) +
              ",\"outputTokens\":" + std::to_string(completion_tokens) + "}}";
    } else {
      json = R"({"type":"message","role":"assistant","content":[{"type":"text","text":)";
      append_json_string(json, text);
      json += R"(}],"usage":{"input_tokens":)" + std::to_string(prompt_tokens) + ",\"output_tokens\":" +
              std::to_string(completion_tokens) + "}}";
    }
    return http_response(200, "OK", "application/json", json);
  }

  std::string throttled() override {
    return bedrock_error(429, "Too Many Requests", "ThrottlingException", "Too many requests, please wait before trying again.");
  }
  std::string server_error() override {
    return bedrock_error(500, "Internal Server Error", "InternalServerException", "mock injected failure");
  }

 private:
  static std::string frame(std::string_view event_type, std::string_view json) {
    return http_chunk(net::encode_event(event_type, json));
  }
  // InvokeModelWithResponseStream: the model's JSON, base64, in a `chunk` event.
  static std::string chunk(std::string_view model_json) {
    return frame("chunk", "{\"bytes\":\"" + base64_encode(model_json) + "\"}");
  }

  Operation operation_;
  Family family_;
};

class BedrockDialect final : public Dialect {
 public:
  explicit BedrockDialect(const MockOptions& options) : options_(options) {}

  std::variant<std::unique_ptr<DialectResponse>, std::string> accept(const ReceivedRequest& request) override {
    const size_t query_start = request.target.find('?');
    const std::string_view path = request.target.substr(0, query_start);
    // /model/{modelId}/{operation}
    const size_t operation_start = path.rfind('/');
    if (request.method != "POST" || !path.starts_with("/model/") || operation_start <= 7) {
      return bedrock_error(404, "Not Found", "UnknownOperationException", "no such route");
    }
    const std::string_view operation = path.substr(operation_start + 1);
    const std::string model = percent_decoded(path.substr(7, operation_start - 7));
    const bool converse = operation == "converse-stream" || operation == "converse";
    const bool invoke = operation == "invoke-with-response-stream" || operation == "invoke";
    if (!converse && !invoke) return bedrock_error(404, "Not Found", "UnknownOperationException", "no such operation");
    if (auto refusal = check_signature(request, path, query_start)) return *refusal;

    boost::system::error_code error;
    const boost::json::value json = boost::json::parse(request.body, error);
    if (error || !json.is_object()) return bedrock_error(400, "Bad Request", "ValidationException", "Malformed input request");
    const auto& object = json.as_object();
    const Family family = model.find("claude") != std::string::npos  ? Family::claude
                          : model.find("titan") != std::string::npos ? Family::titan
                          : model.find("llama") != std::string::npos ? Family::llama
                                                                     : Family::other;
    auto response = std::make_unique<BedrockResponse>(converse ? Operation::converse : Operation::invoke, family);
    response->stream = operation == "converse-stream" || operation == "invoke-with-response-stream";
    response->max_tokens = options_.default_max_tokens;
    auto read_max = [&](const boost::json::object& holder, const char* key) {
      if (const auto* value = holder.if_contains(key); value && value->is_int64()) response->max_tokens = value->as_int64();
    };
    if (converse) {
      if (!object.contains("messages")) return bedrock_error(400, "Bad Request", "ValidationException", "messages is required");
      if (const auto* config = object.if_contains("inferenceConfig"); config && config->is_object()) read_max(config->as_object(), "maxTokens");
      response->prompt_chars = text_chars(object.at("messages"));
      if (const auto* system = object.if_contains("system")) response->prompt_chars += text_chars(*system);
    } else if (family == Family::claude) {
      if (!object.contains("anthropic_version") || !object.contains("messages") || !object.contains("max_tokens")) {
        return bedrock_error(400, "Bad Request", "ValidationException", "anthropic_version, messages and max_tokens are required");
      }
      read_max(object, "max_tokens");
      response->prompt_chars = text_chars(object.at("messages"));
    } else if (family == Family::titan) {
      if (const auto* config = object.if_contains("textGenerationConfig"); config && config->is_object()) {
        read_max(config->as_object(), "maxTokenCount");
      }
      response->prompt_chars = text_chars(object);
    } else {
      read_max(object, family == Family::llama ? "max_gen_len" : "max_tokens");
      response->prompt_chars = text_chars(object);
    }
    return response;
  }

 private:
  // As AWS checks it: the signature recomputed over the headers the request says it signed.
  std::optional<std::string> check_signature(const ReceivedRequest& request, std::string_view path, size_t query_start) const {
    const std::string_view authorization = request.header("authorization");
    if (authorization.empty()) {
      return bedrock_error(403, "Forbidden", "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    if (authorization.find("Credential=" + options_.provider_auth.aws_access_key_id + "/") == std::string_view::npos) {
      return bedrock_error(403, "Forbidden", "UnrecognizedClientException", "The security token included in the request is invalid.");
    }
    auth::SigV4Request received{request.method, path,
                                query_start == std::string_view::npos ? std::string_view() : request.target.substr(query_start + 1),
                                {}, request.body};
    received.headers = request.headers;
    auth::SigV4Scope scope;
    scope.region = options_.provider_auth.aws_region;
    scope.service = "bedrock";
    const auth::AwsCredentials expected{options_.provider_auth.aws_access_key_id,
                                        options_.provider_auth.aws_secret_access_key, ""};
    if (auto mismatch = auth::sigv4_verify(received, expected, scope)) {
      return bedrock_error(403, "Forbidden", "InvalidSignatureException",
                           "The request signature we calculated does not match the signature you provided. (" + *mismatch + ")");
    }
    return std::nullopt;
  }

  const MockOptions& options_;
};

}  // namespace

std::unique_ptr<Dialect> make_bedrock_dialect(const MockOptions& options) { return std::make_unique<BedrockDialect>(options); }

}  // namespace genai::mock
