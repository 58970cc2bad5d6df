// POST /v1/chat/completions: the prompt is one user message.
#include <boost/json/object.hpp>

#include "api/openai_backends.h"
#include "api/openai_decoder.h"
#include "api/openai_request.h"

namespace genai::api {
namespace {

class OpenAiChat final : public Backend {
 public:
  OpenAiChat(BackendOptions options, const boost::json::object& extra_body)
      : options_(std::move(options)),
        target_(openai_target(options_.base_path, "/chat/completions")),
        headers_(openai_headers(options_)),
        body_(options_, extra_body, OpenAiBody::Text::chat_messages) {}

  std::string_view name() const override { return "openai-chat"; }
  bool streams() const override { return options_.stream; }

  HttpRequestSpec build_request(const GenerationRequest& request) const override {
    return HttpRequestSpec{"POST", target_, &headers_, body_.build(request.prompt, request.max_output_tokens)};
  }

  std::unique_ptr<EventDecoder> make_decoder() const override {
    return make_openai_decoder(OpenAiEndpoint::chat);
  }

 private:
  BackendOptions options_;
  std::string target_;
  Headers headers_;
  OpenAiBody body_;
};

}  // namespace

std::unique_ptr<Backend> make_openai_chat(BackendOptions options, boost::json::object extra_body) {
  return std::make_unique<OpenAiChat>(std::move(options), extra_body);
}

}  // namespace genai::api
