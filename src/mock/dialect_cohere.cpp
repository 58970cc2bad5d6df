// Cohere's v2 chat as the mock speaks it: POST /v2/chat with Authorization: Bearer (compared with
// --require-key); named SSE events message-start ... message-end, whose usage counts the tokens.
#include <boost/json.hpp>

#include "common/json_escape.h"
#include "mock/dialect.h"
#include "mock/media_responses.h"

namespace genai::mock {
namespace {

std::string cohere_error(int status, std::string_view reason, std::string_view message) {
  std::string json = "{\"id\":\"mock\",\"message\":";
  append_json_string(json, message);
  return http_response(status, reason, "application/json", json + "}");
}

// /v2/embed: float embeddings, and the input tokens billed.
std::string cohere_embed_json(int64_t count, int64_t prompt_tokens) {
  std::string json = R"({"id":"mock","embeddings":{"float":[)";
  for (int64_t i = 0; i < count; ++i) json += i == 0 ? "[0.5,-0.25,0.125]" : ",[0.5,-0.25,0.125]";
  return json + R"(]},"texts":[],"meta":{"api_version":{"version":"2"},"billed_units":{"input_tokens":)" +
         std::to_string(prompt_tokens) + "}}}";
}

// /v2/rerank: results best first; rerank bills search units, not tokens.
std::string cohere_rerank_json(int64_t count, int64_t) {
  std::string json = R"({"id":"mock","results":[)";
  for (int64_t i = 0; i < count; ++i) {
    json += (i == 0 ? "" : ",") + std::string(R"({"index":)") + std::to_string(i) + R"(,"relevance_score":)" +
            std::to_string(1.0 / static_cast<double>(i + 1)) + "}";
  }
  return json + R"(],"meta":{"api_version":{"version":"2"},"billed_units":{"search_units":1}}})";
}

class CohereResponse final : public DialectResponse {
 public:
  std::string stream_start(int64_t) override {
    return chunked_head("text/event-stream") +
           sse_chunk("message-start", R"({"id":"mock","type":"message-start","delta":{"message":{"role":"assistant","content":[],"tool_plan":"","tool_calls":[],"citations":[]}}})") +
           sse_chunk("content-start", R"({"type":"content-start","index":0,"delta":{"message":{"content":{"type":"text","text":""}}}})");
  }
  std::string content(std::string_view text) override {
    std::string json = R"({"type":"content-delta","index":0,"delta":{"message":{"content":{"text":)";
    append_json_string(json, text);
    return sse_chunk("content-delta", json + "}}}}");
  }
  std::string stream_end(int64_t prompt_tokens, int64_t completion_tokens) override {
    const std::string counts = "{\"input_tokens\":" + std::to_string(prompt_tokens) + ",\"output_tokens\":" +
                               std::to_string(completion_tokens) + "}";
    return sse_chunk("content-end", R"({"type":"content-end","index":0})") +
           sse_chunk("message-end", R"({"type":"message-end","delta":{"finish_reason":"MAX_TOKENS","usage":{"billed_units":)" +
                                        counts + ",\"tokens\":" + counts + "}}}") +
           "0\r\n\r\n";
  }
  std::string stream_error() override {
    return sse_chunk("", R"({"message":"mock injected mid-stream failure"})") + "0\r\n\r\n";
  }
  std::string whole_response(std::string_view text, int64_t prompt_tokens, int64_t completion_tokens) override {
    std::string json = R"({"id":"mock","finish_reason":"MAX_TOKENS","message":{"role":"assistant","content":[{"type":"text","text":)";
    append_json_string(json, text);
    const std::string counts = "{\"input_tokens\":" + std::to_string(prompt_tokens) + ",\"output_tokens\":" +
                               std::to_string(completion_tokens) + "}";
    json += "}]},\"usage\":{\"billed_units\":" + counts + ",\"tokens\":" + counts + "}}";
    return http_response(200, "OK", "application/json", json);
  }
  std::string throttled() override {
    return cohere_error(429, "Too Many Requests", "You are using a Trial key, which is limited to 10 API calls / minute (mock).");
  }
  std::string server_error() override { return cohere_error(500, "Internal Server Error", "mock injected failure"); }
};

class CohereDialect final : public Dialect {
 public:
  explicit CohereDialect(const MockOptions& options) : options_(options) {}

  std::variant<std::unique_ptr<DialectResponse>, std::string> accept(const ReceivedRequest& request) override {
    const std::string_view path = request.target.substr(0, request.target.find('?'));
    const bool embed = path.ends_with("/v2/embed"), rerank = path.ends_with("/v2/rerank");
    if (request.method != "POST" || !(path.ends_with("/v2/chat") || embed || rerank)) {
      return cohere_error(404, "Not Found", "no such route");
    }
    const std::string_view authorization = request.header("authorization");
    if (!options_.required_key.empty() &&
        !(authorization.starts_with("Bearer ") && authorization.substr(7) == options_.required_key)) {
      return cohere_error(401, "Unauthorized", "invalid api token");
    }
    boost::system::error_code error;
    const boost::json::value json = boost::json::parse(request.body, error);
    const auto* images = embed && json.is_object() ? json.as_object().if_contains("images") : nullptr;
    if (images != nullptr) {  // image-to-embeddings: PNG data URLs, counted as a vision encoder's patches
      if (!images->is_array() || images->as_array().empty()) return cohere_error(400, "Bad Request", "invalid request: images is empty");
      int64_t tokens = 0;
      for (const auto& image : images->as_array()) {
        const auto counted = image.is_string() ? png_data_url_tokens(image.as_string()) : std::nullopt;
        if (!counted) return cohere_error(400, "Bad Request", "invalid request: images must be PNG data URIs");
        tokens += *counted;
      }
      // The billed tokens are the images' (4 prompt characters a token, as the mock counts them).
      return pooling_response(static_cast<int64_t>(images->as_array().size()), tokens * 4, cohere_embed_json,
                              std::make_unique<CohereResponse>());
    }
    if (embed || rerank) {
      const auto* texts = json.is_object() ? json.as_object().if_contains(embed ? "texts" : "documents") : nullptr;
      if (error || texts == nullptr || !texts->is_array()) {
        return cohere_error(400, "Bad Request", embed ? "invalid request: texts is required" : "invalid request: documents is required");
      }
      int64_t chars = text_chars(*texts);
      if (const auto* query = json.as_object().if_contains("query"); rerank && query != nullptr) chars += text_chars(*query);
      const auto count = static_cast<int64_t>(texts->as_array().size());
      return pooling_response(count, chars, embed ? cohere_embed_json : cohere_rerank_json, std::make_unique<CohereResponse>());
    }
    if (error || !json.is_object() || !json.as_object().contains("messages") || !json.as_object().contains("model")) {
      return cohere_error(400, "Bad Request", "invalid request: model and messages are required");
    }
    const auto& object = json.as_object();
    auto response = std::make_unique<CohereResponse>();
    read_chat_fields(object, options_.default_max_tokens, *response);
    return response;
  }

 private:
  const MockOptions& options_;
};

}  // namespace

std::unique_ptr<Dialect> make_cohere_dialect(const MockOptions& options) { return std::make_unique<CohereDialect>(options); }

}  // namespace genai::mock
