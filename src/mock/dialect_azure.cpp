// Azure OpenAI as the mock speaks it: POST /openai/deployments/{deployment}/chat/completions with
// an api-version query (or /openai/v1/chat/completions), authorised by api-key or a Bearer
// token equal to --require-key; OpenAI's chunks after Azure's leading content-filter chunk.
#include <boost/json.hpp>

#include "mock/dialect.h"
#include "mock/openai_mock_responses.h"

namespace genai::mock {
namespace {

std::string azure_error(int status, std::string_view reason, std::string_view code, std::string_view message) {
  return http_response(status, reason, "application/json",
                       "{\"error\":{\"code\":\"" + std::string(code) + "\",\"message\":\"" + std::string(message) + "\"}}");
}

class AzureResponse final : public DialectResponse {
 public:
  AzureResponse(StreamIdentity identity, bool include_usage) : identity_(std::move(identity)), include_usage_(include_usage) {}

  std::string stream_start(int64_t) override {
    // Azure's first chunk: no choices, the prompt's content-filter results.
    return chunked_head("text/event-stream") +
           sse_chunk("", R"({"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]})") +
           sse_chunk("", role_chunk_json(identity_));
  }
  std::string content(std::string_view text) override { return sse_chunk("", content_chunk_json(identity_, text, false)); }
  std::string stream_end(int64_t prompt_tokens, int64_t completion_tokens) override {
    std::string end = sse_chunk("", content_chunk_json(identity_, "", true));
    if (include_usage_) end += sse_chunk("", usage_chunk_json(identity_, prompt_tokens, completion_tokens));
    return end + sse_chunk("", "[DONE]") + "0\r\n\r\n";
  }
  std::string stream_error() override {
    return sse_chunk("", error_json("mock injected mid-stream failure", "server_error", 500)) + "0\r\n\r\n";
  }
  std::string whole_response(std::string_view text, int64_t prompt_tokens, int64_t completion_tokens) override {
    return http_response(200, "OK", "application/json", whole_response_json(identity_, text, prompt_tokens, completion_tokens));
  }
  std::string throttled() override {
    return azure_error(429, "Too Many Requests", "429",
                       "Requests to the ChatCompletions_Create Operation have exceeded call rate limit (mock).");
  }
  std::string server_error() override { return azure_error(500, "Internal Server Error", "InternalServerError", "mock injected failure"); }

 private:
  StreamIdentity identity_;
  bool include_usage_;
};

class AzureDialect final : public Dialect {
 public:
  explicit AzureDialect(const MockOptions& options) : options_(options) {}

  std::variant<std::unique_ptr<DialectResponse>, std::string> accept(const ReceivedRequest& request) override {
    const size_t query_start = request.target.find('?');
    const std::string_view path = request.target.substr(0, query_start);
    const std::string_view query = query_start == std::string_view::npos ? "" : request.target.substr(query_start + 1);
    const bool embeddings = path.ends_with("/embeddings");
    const std::string_view operation = embeddings ? "/embeddings" : "/chat/completions";
    const bool v1 = path.starts_with("/openai/v1/") && path.ends_with(operation);
    const bool deployment = path.find("/openai/deployments/") != std::string_view::npos && path.ends_with(operation);
    if (request.method != "POST" || (!v1 && !deployment)) {
      return azure_error(404, "Not Found", "404", "Resource not found");
    }
    if (deployment && query.find("api-version=") == std::string_view::npos) {
      return azure_error(400, "Bad Request", "400", "Missing required query parameter: api-version");
    }
    if (!options_.required_key.empty()) {
      const std::string_view authorization = request.header("authorization");
      const bool bearer_ok = authorization.starts_with("Bearer ") && authorization.substr(7) == options_.required_key;
      if (request.header("api-key") != options_.required_key && !bearer_ok) {
        return azure_error(401, "Unauthorized", "401",
                           "Access denied due to invalid subscription key or wrong API endpoint.");
      }
    }
    boost::system::error_code error;
    const boost::json::value json = boost::json::parse(request.body, error);
    if (embeddings) {
      const auto* input = json.is_object() ? json.as_object().if_contains("input") : nullptr;
      if (error || input == nullptr) return azure_error(400, "Bad Request", "BadRequest", "input is required");
      const int64_t count = input->is_array() ? static_cast<int64_t>(input->as_array().size()) : 1;
      return pooling_response(count, text_chars(*input), embeddings_json,
                              std::make_unique<AzureResponse>(StreamIdentity{}, false));
    }
    if (error || !json.is_object() || !json.as_object().contains("messages")) {
      return azure_error(400, "Bad Request", "BadRequest", "messages is required");
    }
    const auto& object = json.as_object();
    bool include_usage = false;
    if (const auto* options = object.if_contains("stream_options"); options && options->is_object()) {
      const auto* usage = options->as_object().if_contains("include_usage");
      include_usage = usage != nullptr && usage->is_bool() && usage->as_bool();
    }
    auto response = std::make_unique<AzureResponse>(
        StreamIdentity{Endpoint::chat, "chatcmpl-azure", "\"mock-model\"", 0}, include_usage && options_.send_usage);
    read_chat_fields(object, options_.default_max_tokens, *response);
    return response;
  }

 private:
  const MockOptions& options_;
};

}  // namespace

std::unique_ptr<Dialect> make_azure_dialect(const MockOptions& options) { return std::make_unique<AzureDialect>(options); }

}  // namespace genai::mock
