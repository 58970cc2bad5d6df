// AWS Bedrock Runtime: ConverseStream (POST /model/{id}/converse-stream, one body for every
// model) by default, or InvokeModelWithResponseStream (/model/{id}/invoke-with-response-stream)
// with the model's own body, built as Python genai-bench builds it. Responses are AWS event-stream
// frames; requests are signed per request (SigV4, auth/) by the authorizer the app attaches.
#include "api/bedrock_events.h"
#include "api/provider_backends.h"
#include "api/request_body.h"
#include "common/json_escape.h"

namespace genai::api {
namespace {

void append_converse_messages(std::string& body, const GenerationRequest& request) {
  std::string system;
  body += "\"messages\":[";
  if (request.messages_json.empty()) {
    body += "{\"role\":\"user\",\"content\":[{\"text\":";
    append_json_string(body, request.prompt);
    body += "}]}";
  } else {
    const SplitMessages split = split_system_messages(request.messages_json);
    for (size_t i = 0; i < split.messages.size(); ++i) {
      body += i == 0 ? "{\"role\":" : ",{\"role\":";
      append_json_string(body, split.messages[i].role);
      body += ",\"content\":[{\"text\":";
      append_json_string(body, split.messages[i].content);
      body += "}]}";
    }
    system = split.system;
  }
  body.push_back(']');
  if (!system.empty()) {
    body += ",\"system\":[{\"text\":";
    append_json_string(body, system);
    body += "}]";
  }
}

class BedrockBackend final : public Backend {
 public:
  BedrockBackend(BackendOptions options, const boost::json::object& extra_body)
      : options_(std::move(options)),
        api_(options_.provider.bedrock_api == "invoke" ? BedrockApi::invoke : BedrockApi::converse),
        family_(bedrock_family(options_.model)) {
    std::string base(options_.base_path);
    while (!base.empty() && base.back() == '/') base.pop_back();
    const std::string_view operation = api_ == BedrockApi::converse ? (options_.stream ? "/converse-stream" : "/converse")
                                                                    : (options_.stream ? "/invoke-with-response-stream" : "/invoke");
    target_ = base + "/model/" + path_segment(options_.model) + std::string(operation);
    headers_.emplace_back("Content-Type", "application/json");
    headers_.emplace_back("Accept", options_.stream ? "application/vnd.amazon.eventstream" : "application/json");
    if (api_ == BedrockApi::invoke) headers_.emplace_back("X-Amzn-Bedrock-Accept", "application/json");
    extra_fields_.clear();
    append_extra_fields(extra_fields_, extra_body);
    max_tokens_named_ = extra_body.contains("max_tokens") || extra_body.contains("inferenceConfig");
  }

  std::string_view name() const override { return "aws-bedrock"; }
  bool streams() const override { return options_.stream; }
  StreamFraming framing() const override { return StreamFraming::aws_event_stream; }

  HttpRequestSpec build_request(const GenerationRequest& request) const override {
    std::string body = api_ == BedrockApi::converse ? converse_body(request) : invoke_body(request);
    return HttpRequestSpec{"POST", target_, &headers_, std::move(body)};
  }

  std::unique_ptr<EventDecoder> make_decoder() const override { return make_bedrock_decoder(api_, family_); }

 private:
  std::string converse_body(const GenerationRequest& request) const {
    std::string body = "{";
    append_converse_messages(body, request);
    if (!max_tokens_named_) {
      body += ",\"inferenceConfig\":{\"maxTokens\":";
      append_integer(body, request.max_output_tokens);
      body += "}";
    }
    close_with_extra_fields(body);
    return body;
  }

  // The model's own body (Python genai-bench's choices, by the model id).
  std::string invoke_body(const GenerationRequest& request) const {
    std::string body;
    switch (family_) {
      case BedrockFamily::claude:
        return anthropic_messages_body("\"anthropic_version\":\"bedrock-2023-05-31\"" + extra_fields_with_comma(), request,
                                       !max_tokens_named_);
      case BedrockFamily::titan:
        body = "{\"inputText\":";
        append_json_string(body, request.prompt);
        body += ",\"textGenerationConfig\":{\"maxTokenCount\":";
        append_integer(body, request.max_output_tokens);
        body += "}";
        break;
      case BedrockFamily::llama:
        body = "{\"prompt\":";
        append_json_string(body, request.prompt);
        body += ",\"max_gen_len\":";
        append_integer(body, request.max_output_tokens);
        break;
      case BedrockFamily::other:
        body = "{\"prompt\":";
        append_json_string(body, request.prompt);
        if (!max_tokens_named_) {
          body += ",\"max_tokens\":";
          append_integer(body, request.max_output_tokens);
        }
        break;
    }
    close_with_extra_fields(body);
    return body;
  }

  std::string extra_fields_with_comma() const { return extra_fields_.empty() ? "" : "," + extra_fields_; }
  void close_with_extra_fields(std::string& body) const {
    body += extra_fields_with_comma();
    body.push_back('}');
  }

  BackendOptions options_;
  BedrockApi api_;
  BedrockFamily family_;
  std::string target_;
  Headers headers_;
  std::string extra_fields_;  // --extra-body's fields, "k":v,...
  bool max_tokens_named_ = false;
};

}  // namespace

std::unique_ptr<Backend> make_bedrock(BackendOptions options, const boost::json::object& extra_body) {
  return std::make_unique<BedrockBackend>(std::move(options), extra_body);
}

}  // namespace genai::api
