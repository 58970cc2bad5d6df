// The Anthropic Messages API: POST /v1/messages with x-api-key and anthropic-version, answered
// by named SSE events (api/anthropic_events.h).
#include "api/anthropic_events.h"
#include "api/provider_backends.h"
#include "api/request_body.h"
#include "common/json_escape.h"

namespace genai::api {
namespace {

class AnthropicBackend final : public Backend {
 public:
  AnthropicBackend(BackendOptions options, const boost::json::object& extra_body)
      : options_(std::move(options)), target_(versioned_path(options_.base_path, "/v1", "/messages")) {
    headers_.emplace_back("Content-Type", "application/json");
    headers_.emplace_back("Accept", options_.stream ? "text/event-stream" : "application/json");
    if (!options_.api_key.empty()) headers_.emplace_back("x-api-key", options_.api_key);
    headers_.emplace_back("anthropic-version", options_.provider.anthropic_version);
    append_key(fixed_, "model");
    append_json_string(fixed_, options_.model);
    if (options_.stream) fixed_ += ",\"stream\":true";
    append_extra_fields(fixed_, extra_body);
    write_max_tokens_ = !extra_body.contains("max_tokens");
  }

  std::string_view name() const override { return "anthropic"; }
  bool streams() const override { return options_.stream; }

  HttpRequestSpec build_request(const GenerationRequest& request) const override {
    return HttpRequestSpec{"POST", target_, &headers_, anthropic_messages_body(fixed_, request, write_max_tokens_)};
  }

  std::unique_ptr<EventDecoder> make_decoder() const override { return make_anthropic_decoder(); }

 private:
  BackendOptions options_;
  std::string target_;
  Headers headers_;
  std::string fixed_;  // "model":...,"stream":true,<extra body>
  bool write_max_tokens_ = true;
};

}  // namespace

std::string anthropic_messages_body(std::string_view fixed_fields, const GenerationRequest& request, bool write_max_tokens) {
  std::string body;
  body.reserve(fixed_fields.size() + request.prompt.size() + 96);
  body.push_back('{');
  body += fixed_fields;
  if (write_max_tokens) {
    append_key(body, "max_tokens");  // required by the API
    append_integer(body, request.max_output_tokens);
  }
  append_key(body, "messages");
  if (request.messages_json.empty()) {
    body += "[{\"role\":\"user\",\"content\":";
    append_json_string(body, request.prompt);
    body += "}]}";
    return body;
  }
  // A dataset's conversation: Anthropic has no "system" role; the system prompt is a field.
  const SplitMessages split = split_system_messages(request.messages_json);
  body.push_back('[');
  for (size_t i = 0; i < split.messages.size(); ++i) {
    body += i == 0 ? "{\"role\":" : ",{\"role\":";
    append_json_string(body, split.messages[i].role);
    body += ",\"content\":";
    append_json_string(body, split.messages[i].content);
    body.push_back('}');
  }
  body.push_back(']');
  if (!split.system.empty()) {
    body += ",\"system\":";
    append_json_string(body, split.system);
  }
  body.push_back('}');
  return body;
}

std::unique_ptr<Backend> make_anthropic(BackendOptions options, const boost::json::object& extra_body) {
  return std::make_unique<AnthropicBackend>(std::move(options), extra_body);
}

}  // namespace genai::api
