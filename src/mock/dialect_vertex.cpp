// GCP Vertex AI as the mock speaks it: Gemini's streamGenerateContent?alt=sse (and
// generateContent), Claude's streamRawPredict (Anthropic's body and events), and an OAuth token
// endpoint, POST /token, that issues access tokens only for a JWT grant signed by the test
// service account's key (--google-public-key). Requests must carry x-goog-api-key equal to
// --require-key, or a Bearer token it issued that has not expired. Images in Gemini's contents are
// checked and billed (gemini_image_tokens).
#include <boost/json.hpp>
#include <chrono>
#include <mutex>
#include <unordered_map>

#include "auth/google_credentials.h"
#include "common/json_escape.h"
#include "mock/anthropic_events.h"
#include "mock/dialect.h"
#include "mock/media_responses.h"

namespace genai::mock {
namespace {

using Clock = std::chrono::steady_clock;

std::string google_error(int code, std::string_view reason, std::string_view status, std::string_view message) {
  std::string json = "{\"error\":{\"code\":" + std::to_string(code) + ",\"message\":";
  append_json_string(json, message);
  json += ",\"status\":\"" + std::string(status) + "\"}}";
  return http_response(code, reason, "application/json", json);
}

// :predict for text embeddings: each prediction's statistics count its tokens (the mock spreads
// the inputs' count over them, the remainder on the first).
std::string vertex_embeddings_json(int64_t count, int64_t prompt_tokens) {
  std::string json = R"({"predictions":[)";
  for (int64_t i = 0; i < count; ++i) {
    const int64_t tokens = prompt_tokens / count + (i == 0 ? prompt_tokens % count : 0);
    json += (i == 0 ? "" : ",") + std::string(R"({"embeddings":{"values":[0.5,-0.25,0.125],"statistics":{"truncated":false,"token_count":)") +
            std::to_string(tokens) + "}}}";
  }
  return json + R"(],"metadata":{"billableCharacterCount":1}})";
}

// The images of Gemini's contents, billed as Vertex AI documents it for Gemini 2: 258 tokens an
// image whose sides are both at most 384 pixels, else 258 a 768 x 768 tile. inlineData must carry
// a mimeType and base64 data (a PNG is sized from its header; other types count as one tile);
// fileData a fileUri. Nothing when a part is malformed: Gemini refuses the request.
std::optional<int64_t> gemini_image_tokens(const boost::json::value& contents) {
  constexpr int64_t kTileTokens = 258;
  int64_t tokens = 0;
  if (!contents.is_array()) return tokens;
  for (const auto& content : contents.as_array()) {
    const auto* parts = content.is_object() ? content.as_object().if_contains("parts") : nullptr;
    if (parts == nullptr || !parts->is_array()) continue;
    for (const auto& part : parts->as_array()) {
      if (!part.is_object()) continue;
      if (const auto* inline_data = part.as_object().if_contains("inlineData")) {
        const auto* object = inline_data->if_object();
        const auto* type = object != nullptr ? object->if_contains("mimeType") : nullptr;
        const auto* data = object != nullptr ? object->if_contains("data") : nullptr;
        if (type == nullptr || !type->is_string() || !type->as_string().starts_with("image/") || data == nullptr ||
            !data->is_string() || data->as_string().empty()) {
          return std::nullopt;
        }
        if (type->as_string() != "image/png") {
          tokens += kTileTokens;
          continue;
        }
        const std::optional<PixelSize> size = base64_png_size(data->as_string());
        if (!size) return std::nullopt;
        const bool small = size->width <= 384 && size->height <= 384;
        tokens += small ? kTileTokens : ((size->width + 767) / 768) * ((size->height + 767) / 768) * kTileTokens;
      } else if (const auto* file_data = part.as_object().if_contains("fileData")) {
        const auto* object = file_data->if_object();
        const auto* uri = object != nullptr ? object->if_contains("fileUri") : nullptr;
        if (uri == nullptr || !uri->is_string()) return std::nullopt;
        tokens += kTileTokens;
      }
    }
  }
  return tokens;
}

class GeminiResponse final : public DialectResponse {
 public:
  std::string stream_start(int64_t prompt_tokens) override {
    prompt_tokens_ = prompt_tokens;
    return chunked_head("text/event-stream");
  }
  std::string content(std::string_view text) override {
    return sse_chunk("", candidate_json(text, "") + ",\"usageMetadata\":{\"promptTokenCount\":" +
                             std::to_string(prompt_tokens_) + "},\"modelVersion\":\"mock\"}");
  }
  std::string stream_end(int64_t prompt_tokens, int64_t completion_tokens) override {
    return sse_chunk("", candidate_json("", "MAX_TOKENS") + "," + usage_json(prompt_tokens, completion_tokens) +
                             ",\"modelVersion\":\"mock\"}") +
           "0\r\n\r\n";
  }
  std::string stream_error() override {
    return sse_chunk("", R"({"error":{"code":429,"message":"Resource exhausted (mock).","status":"RESOURCE_EXHAUSTED"}})") +
           "0\r\n\r\n";
  }
  std::string whole_response(std::string_view text, int64_t prompt_tokens, int64_t completion_tokens) override {
    return http_response(200, "OK", "application/json",
                         candidate_json(text, "MAX_TOKENS") + "," + usage_json(prompt_tokens, completion_tokens) + "}");
  }
  std::string throttled() override {
    return google_error(429, "Too Many Requests", "RESOURCE_EXHAUSTED", "Resource exhausted. Please try again later. (mock)");
  }
  std::string server_error() override { return google_error(500, "Internal Server Error", "INTERNAL", "mock injected failure"); }

 private:
  // {"candidates":[...] without the closing brace of the response.
  static std::string candidate_json(std::string_view text, std::string_view finish_reason) {
    std::string json = R"({"candidates":[{"content":{"role":"model","parts":[{"text":)";
    append_json_string(json, text);
    json += "}]}";
    if (!finish_reason.empty()) json += ",\"finishReason\":\"" + std::string(finish_reason) + "\"";
    return json + "}]";
  }
  static std::string usage_json(int64_t prompt_tokens, int64_t completion_tokens) {
    return "\"usageMetadata\":{\"promptTokenCount\":" + std::to_string(prompt_tokens) +
           ",\"candidatesTokenCount\":" + std::to_string(completion_tokens) +
           ",\"totalTokenCount\":" + std::to_string(prompt_tokens + completion_tokens) + "}";
  }
  int64_t prompt_tokens_ = 0;
};

class VertexDialect final : public Dialect {
 public:
  explicit VertexDialect(const MockOptions& options) : options_(options) {}

  std::variant<std::unique_ptr<DialectResponse>, std::string> accept(const ReceivedRequest& request) override {
    const size_t query_start = request.target.find('?');
    const std::string_view path = request.target.substr(0, query_start);
    const std::string_view query = query_start == std::string_view::npos ? "" : request.target.substr(query_start + 1);
    if (request.method == "POST" && path == "/token") return issue_token(request.body);
    const bool gemini_stream = path.ends_with(":streamGenerateContent"), gemini = gemini_stream || path.ends_with(":generateContent");
    const bool claude_stream = path.ends_with(":streamRawPredict"), claude = claude_stream || path.ends_with(":rawPredict");
    const bool predict = path.ends_with(":predict");
    // Under a project and location, or (Vertex's express mode, with an API key) /v1/publishers/...
    const bool routed = path.starts_with("/v1/projects/") || path.starts_with("/v1/publishers/");
    if (request.method != "POST" || !routed || (!gemini && !claude && !predict)) {
      return google_error(404, "Not Found", "NOT_FOUND", "no such route");
    }
    if (auto refusal = check_authorization(request)) return *refusal;
    if (gemini_stream && query.find("alt=sse") == std::string_view::npos) {
      return google_error(400, "Bad Request", "INVALID_ARGUMENT", "mock: streamGenerateContent is served as SSE only (alt=sse)");
    }
    if (predict) {  // text embeddings: {"instances": [{"content": ...}, ...]}
      boost::system::error_code error;
      const boost::json::value json = boost::json::parse(request.body, error);
      const auto* instances = json.is_object() ? json.as_object().if_contains("instances") : nullptr;
      if (error || instances == nullptr || !instances->is_array()) {
        return google_error(400, "Bad Request", "INVALID_ARGUMENT", "instances is required");
      }
      return pooling_response(static_cast<int64_t>(instances->as_array().size()), text_chars(*instances),
                              vertex_embeddings_json, std::make_unique<GeminiResponse>());
    }
    if (claude) {
      auto accepted = read_anthropic_body(request.body, options_.default_max_tokens);
      if (auto* response = std::get_if<std::unique_ptr<DialectResponse>>(&accepted)) (*response)->stream = claude_stream;
      return accepted;
    }
    boost::system::error_code error;
    const boost::json::value json = boost::json::parse(request.body, error);
    if (error || !json.is_object() || !json.as_object().contains("contents")) {
      return google_error(400, "Bad Request", "INVALID_ARGUMENT", "contents is required");
    }
    const auto& object = json.as_object();
    auto response = std::make_unique<GeminiResponse>();
    response->stream = gemini_stream;
    response->max_tokens = options_.default_max_tokens;
    if (const auto* config = object.if_contains("generationConfig"); config && config->is_object()) {
      if (const auto* max = config->as_object().if_contains("maxOutputTokens"); max && max->is_int64()) {
        response->max_tokens = max->as_int64();
      }
    }
    const std::optional<int64_t> image_tokens = gemini_image_tokens(object.at("contents"));
    if (!image_tokens) return google_error(400, "Bad Request", "INVALID_ARGUMENT", "Unable to process input image.");
    response->image_tokens = *image_tokens;
    response->prompt_chars = text_chars(object.at("contents"));
    if (const auto* system = object.if_contains("systemInstruction")) response->prompt_chars += text_chars(*system);
    return response;
  }

 private:
  std::optional<std::string> check_authorization(const ReceivedRequest& request) {
    if (!options_.required_key.empty() && request.header("x-goog-api-key") == options_.required_key) return std::nullopt;
    const std::string_view authorization = request.header("authorization");
    if (authorization.starts_with("Bearer ")) {
      std::lock_guard lock(mutex_);
      auto found = tokens_.find(std::string(authorization.substr(7)));
      if (found != tokens_.end() && Clock::now() < found->second) return std::nullopt;
      if (found != tokens_.end()) {
        return google_error(401, "Unauthorized", "UNAUTHENTICATED", "Request had invalid authentication credentials: the access token expired.");
      }
    }
    return google_error(401, "Unauthorized", "UNAUTHENTICATED",
                        "Request had invalid authentication credentials. Expected OAuth 2 access token or API key.");
  }

  std::string issue_token(std::string_view form_body) {
    const auto& auth = options_.provider_auth;
    if (auto refusal = auth::verify_jwt_bearer_grant(form_body, auth.google_client_email, auth.google_public_key_pem,
                                                     std::chrono::system_clock::now())) {
      std::string json = "{\"error\":\"invalid_grant\",\"error_description\":";
      append_json_string(json, *refusal);
      return http_response(400, "Bad Request", "application/json", json + "}");
    }
    std::lock_guard lock(mutex_);
    const std::string token = "ya29.mock-" + std::to_string(++issued_);
    tokens_[token] = Clock::now() + std::chrono::seconds(auth.google_token_lifetime_s);
    return http_response(200, "OK", "application/json",
                         "{\"access_token\":\"" + token + "\",\"expires_in\":" + std::to_string(auth.google_token_lifetime_s) +
                             ",\"token_type\":\"Bearer\"}");
  }

  const MockOptions& options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Clock::time_point> tokens_;  // issued access tokens and their expiry
  uint64_t issued_ = 0;
};

}  // namespace

std::unique_ptr<Dialect> make_vertex_dialect(const MockOptions& options) { return std::make_unique<VertexDialect>(options); }

}  // namespace genai::mock
