// The Anthropic Messages API as the mock speaks it: POST /v1/messages with x-api-key (compared
// with --require-key) and an anthropic-version header; named SSE events from message_start to
// message_stop; HTTP 529 overloaded_error when throttled. Also used for Claude on Vertex AI.
#include <boost/json.hpp>

#include "common/json_escape.h"
#include "mock/anthropic_events.h"
#include "mock/dialect.h"

namespace genai::mock {
namespace {

class AnthropicDialect final : public Dialect {
 public:
  explicit AnthropicDialect(const MockOptions& options) : options_(options) {}

  std::variant<std::unique_ptr<DialectResponse>, std::string> accept(const ReceivedRequest& request) override {
    const std::string_view path = request.target.substr(0, request.target.find('?'));
    if (request.method != "POST" || !path.ends_with("/v1/messages")) {
      return anthropic_error_response(404, "not_found_error", "no such route");
    }
    // x-api-key, or (Anthropic's SDKs since 1.0) the same key as a Bearer token.
    const std::string_view authorization = request.header("authorization");
    const bool bearer_ok = authorization.starts_with("Bearer ") && authorization.substr(7) == options_.required_key;
    if (!options_.required_key.empty() && request.header("x-api-key") != options_.required_key && !bearer_ok) {
      return anthropic_error_response(401, "authentication_error", "invalid x-api-key");
    }
    if (request.header("anthropic-version").empty()) {
      return anthropic_error_response(400, "invalid_request_error", "anthropic-version: header is required");
    }
    return read_anthropic_body(request.body, options_.default_max_tokens);
  }

 private:
  const MockOptions& options_;
};

}  // namespace

std::unique_ptr<Dialect> make_anthropic_dialect(const MockOptions& options) {
  return std::make_unique<AnthropicDialect>(options);
}

}  // namespace genai::mock
