// OCI Generative AI as the mock speaks it: POST /20231130/actions/chat with apiFormat GENERIC,
// COHERE or COHEREV2, every request's HTTP signature verified against the test public key
// (401 NotAuthenticated when it does not verify, as OCI answers); each format's SSE events. Its
// OpenAI-compatible image and speech routes are checked here and served as the OpenAI mock's.
#include <boost/json.hpp>

#include "auth/oci_signature.h"
#include "common/json_escape.h"
#include "mock/dialect.h"
#include "mock/oci_identity_service.h"

namespace genai::mock {
namespace {

std::string oci_error(int status, std::string_view reason, std::string_view code, std::string_view message) {
  std::string json = "{\"code\":\"" + std::string(code) + "\",\"message\":";
  append_json_string(json, message);
  return http_response(status, reason, "application/json", json + "}");
}

enum class Format { generic, cohere, cohere_v2 };

// embedText and rerankText answers: no token counts in either.
std::string oci_embed_json(int64_t count, int64_t) {
  std::string json = R"({"id":"mock","modelId":"mock","embeddings":[)";
  for (int64_t i = 0; i < count; ++i) json += i == 0 ? "[0.5,-0.25,0.125]" : ",[0.5,-0.25,0.125]";
  return json + "]}";
}

std::string oci_rerank_json(int64_t count, int64_t) {
  std::string json = R"({"id":"mock","modelId":"mock","documentRanks":[)";
  for (int64_t i = 0; i < count; ++i) {
    json += (i == 0 ? "" : ",") + std::string(R"({"index":)") + std::to_string(i) + R"(,"relevanceScore":)" +
            std::to_string(1.0 / static_cast<double>(i + 1)) + "}";
  }
  return json + "]}";
}

class OciResponse final : public DialectResponse {
 public:
  OciResponse(Format format, bool include_usage) : format_(format), include_usage_(include_usage) {}

  std::string stream_start(int64_t) override { return chunked_head("text/event-stream"); }
  std::string content(std::string_view text) override {
    text_ += text;
    std::string json;
    if (format_ == Format::cohere) {
      json = R"({"apiFormat":"COHERE","text":)";
      append_json_string(json, text);
      return sse_chunk("", json + "}");
    }
    json = format_ == Format::generic ? R"({"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":)"
                                      : R"({"apiFormat":"COHEREV2","message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":)";
    append_json_string(json, text);
    return sse_chunk("", json + "}]}}");
  }
  std::string stream_end(int64_t prompt_tokens, int64_t completion_tokens) override {
    const std::string usage = "{\"promptTokens\":" + std::to_string(prompt_tokens) + ",\"completionTokens\":" +
                              std::to_string(completion_tokens) + ",\"totalTokens\":" +
                              std::to_string(prompt_tokens + completion_tokens) + "}";
    std::string end;
    if (format_ == Format::cohere) {  // the last event repeats the whole text, with the finish reason
      std::string json = R"({"apiFormat":"COHERE","text":)";
      append_json_string(json, text_);
      end = sse_chunk("", json + ",\"finishReason\":\"MAX_TOKENS\"}");
    } else if (format_ == Format::generic) {
      end = sse_chunk("", R"({"index":0,"finishReason":"length"})");
      if (include_usage_) end += sse_chunk("", "{\"usage\":" + usage + "}");
    } else {
      end = sse_chunk("", R"({"apiFormat":"COHEREV2","finishReason":"MAX_TOKENS")" +
                              (include_usage_ ? ",\"usage\":" + usage : std::string()) + "}");
    }
    return end + "0\r\n\r\n";
  }
  std::string stream_error() override {
    return sse_chunk("", R"({"code":"InternalServerError","message":"mock injected mid-stream failure"})") + "0\r\n\r\n";
  }
  std::string whole_response(std::string_view text, int64_t prompt_tokens, int64_t completion_tokens) override {
    std::string json = R"({"modelId":"mock","chatResponse":{)";
    std::string quoted;
    append_json_string(quoted, text);
    if (format_ == Format::cohere) {
      json += R"("apiFormat":"COHERE","text":)" + quoted + R"(,"finishReason":"MAX_TOKENS")";
    } else if (format_ == Format::generic) {
      json += R"("apiFormat":"GENERIC","choices":[{"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":)" +
              quoted + R"(}]},"finishReason":"length"}])";
    } else {
      json += R"("apiFormat":"COHEREV2","message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":)" + quoted +
              R"(}]},"finishReason":"MAX_TOKENS")";
    }
    json += ",\"usage\":{\"promptTokens\":" + std::to_string(prompt_tokens) + ",\"completionTokens\":" +
            std::to_string(completion_tokens) + "}}}";
    return http_response(200, "OK", "application/json", json);
  }
  std::string throttled() override { return oci_error(429, "Too Many Requests", "TooManyRequests", "Too many requests for the user (mock)"); }
  std::string server_error() override { return oci_error(500, "Internal Server Error", "InternalServerError", "mock injected failure"); }

 private:
  Format format_;
  bool include_usage_;
  std::string text_;  // COHERE's last event repeats it
};

class OciDialect final : public Dialect {
 public:
  OciDialect(const MockOptions& options, std::unique_ptr<OciIdentityService> identity)
      : options_(options), identity_(std::move(identity)) {}

  std::variant<std::unique_ptr<DialectResponse>, std::string> accept(const ReceivedRequest& request) override {
    if (identity_) {  // instance principals: the metadata service and the federation endpoint
      if (auto answer = identity_->answer(request.method, request.target, request.headers, request.body)) return *answer;
    }
    const std::string_view path = request.target.substr(0, request.target.find('?'));
    const bool embed = path.ends_with("/20231130/actions/embedText"), rerank = path.ends_with("/20231130/actions/rerankText");
    if (request.method != "POST" || !(path.ends_with("/20231130/actions/chat") || embed || rerank)) {
      return oci_error(404, "Not Found", "NotFound", "no such route");
    }
    if (auto refusal = verify_signature(request)) return *refusal;
    boost::system::error_code error;
    const boost::json::value json = boost::json::parse(request.body, error);
    const auto* object = json.if_object();
    if (embed || rerank) {
      const auto* texts = object != nullptr ? object->if_contains(embed ? "inputs" : "documents") : nullptr;
      if (error || texts == nullptr || !texts->is_array() || !object->contains("compartmentId") || !object->contains("servingMode")) {
        return oci_error(400, "Bad Request", "InvalidParameter", "compartmentId, servingMode and the texts are required");
      }
      int64_t chars = text_chars(*texts);
      if (const auto* query = object->if_contains("input"); rerank && query != nullptr) chars += text_chars(*query);
      return pooling_response(static_cast<int64_t>(texts->as_array().size()), chars, embed ? oci_embed_json : oci_rerank_json,
                              std::make_unique<OciResponse>(Format::generic, false));
    }
    const auto* chat = object != nullptr ? object->if_contains("chatRequest") : nullptr;
    if (error || chat == nullptr || !chat->is_object() || !object->contains("compartmentId") || !object->contains("servingMode")) {
      return oci_error(400, "Bad Request", "InvalidParameter", "compartmentId, servingMode and chatRequest are required");
    }
    const auto& request_fields = chat->as_object();
    const auto* format_name = request_fields.if_contains("apiFormat");
    const std::string_view format_text = format_name != nullptr && format_name->is_string() ? std::string_view(format_name->as_string()) : "";
    const Format format = format_text == "COHERE" ? Format::cohere : format_text == "COHEREV2" ? Format::cohere_v2 : Format::generic;
    if (format_text != "GENERIC" && format_text != "COHERE" && format_text != "COHEREV2") {
      return oci_error(400, "Bad Request", "InvalidParameter", "chatRequest.apiFormat must be GENERIC, COHERE or COHEREV2");
    }
    bool include_usage = false;
    if (const auto* stream_options = request_fields.if_contains("streamOptions"); stream_options && stream_options->is_object()) {
      const auto* usage = stream_options->as_object().if_contains("isIncludeUsage");
      include_usage = usage != nullptr && usage->is_bool() && usage->as_bool();
    }
    auto response = std::make_unique<OciResponse>(format, include_usage && options_.send_usage);
    response->max_tokens = options_.default_max_tokens;
    if (const auto* max = request_fields.if_contains("maxTokens"); max && max->is_int64()) response->max_tokens = max->as_int64();
    const auto* stream = request_fields.if_contains("isStream");
    response->stream = stream != nullptr && stream->is_bool() && stream->as_bool();
    if (const auto* messages = request_fields.if_contains("messages")) response->prompt_chars += text_chars(*messages);
    if (const auto* message = request_fields.if_contains("message")) response->prompt_chars += text_chars(*message);
    return response;
  }

  // OCI's OpenAI-compatible API (oci-openai): /openai/v1/images/generations and
  // /openai/v1/audio/speech, signed like every OCI request, the compartment in a CompartmentId header.
  std::optional<OpenAiRoute> openai_route(const ReceivedRequest& request) override {
    const std::string_view path = request.target.substr(0, request.target.find('?'));
    std::string openai_path;
    if (path.ends_with("/openai/v1/images/generations")) openai_path = "/v1/images/generations";
    else if (path.ends_with("/openai/v1/audio/speech")) openai_path = "/v1/audio/speech";
    else return std::nullopt;
    if (auto refusal = verify_signature(request)) return OpenAiRoute{{}, *refusal};
    if (request.header("CompartmentId").empty()) {
      return OpenAiRoute{{}, oci_error(400, "Bad Request", "InvalidParameter", "the CompartmentId header is required")};
    }
    return OpenAiRoute{openai_path, {}};
  }

 private:
  // 401 NotAuthenticated, as OCI answers, when the HTTP signature does not verify.
  // With instance principals, a request signed "ST$<token>" with a live token issued here
  // verifies with the session key it was issued for; any other, with the configured key.
  std::optional<std::string> verify_signature(const ReceivedRequest& request) const {
    const auto& auth = options_.provider_auth;
    std::string key_id = auth.oci_key_id, public_key = auth.oci_public_key_pem;
    if (identity_) {
      if (auto token = OciIdentityService::session_token_in(request.header("authorization"))) {
        if (auto issued = identity_->public_key_for_token(*token)) {
          key_id = "ST$" + *token;
          public_key = std::move(*issued);
        }
      }
    }
    auto refusal = auth::oci_verify(request.method, request.target, request.headers, request.body, key_id, public_key);
    if (!refusal) return std::nullopt;
    return oci_error(401, "Unauthorized", "NotAuthenticated",
                     "The required information to complete authentication was not provided or was incorrect. (" + *refusal + ")");
  }

  const MockOptions& options_;
  std::unique_ptr<OciIdentityService> identity_;  // instance principals; null without
};

}  // namespace

Result<std::unique_ptr<Dialect>> make_oci_dialect(const MockOptions& options) {
  const auto& auth = options.provider_auth;
  std::unique_ptr<OciIdentityService> identity;
  if (!auth.oci_instance_certificate_pem.empty()) {
    auto made = OciIdentityService::create({auth.oci_instance_certificate_pem, auth.oci_instance_key_pem,
                                            auth.oci_instance_intermediate_pem});
    if (!made) return make_error("--oci-instance-identity: " + made.error());
    identity = std::move(*made);
  }
  return std::unique_ptr<Dialect>(std::make_unique<OciDialect>(options, std::move(identity)));
}

}  // namespace genai::mock
