// The OpenAI-compatible API: /v1/chat/completions (the prompt as one user message) and
// /v1/completions (the prompt as is). The two endpoints differ only in the facts of this table.
#include <boost/json/object.hpp>

#include "api/openai_backends.h"
#include "api/openai_decoder.h"
#include "api/openai_request.h"

namespace genai::api {
namespace {

struct EndpointFacts {
  std::string_view name;
  std::string_view path;  // after the base path's "/v1"
  OpenAiBody::Text text;
  OpenAiEndpoint decoder;
};

constexpr EndpointFacts kChat{"openai-chat", "/chat/completions", OpenAiBody::Text::chat_messages,
                              OpenAiEndpoint::chat};
constexpr EndpointFacts kCompletions{"openai-completions", "/completions", OpenAiBody::Text::prompt,
                                     OpenAiEndpoint::completions};

class OpenAiBackend final : public Backend {
 public:
  OpenAiBackend(const EndpointFacts& facts, BackendOptions options, const boost::json::object& extra_body,
                std::optional<OpenAiRoute> route)
      : facts_(facts),
        options_(std::move(options)),
        target_(route ? route->target : openai_target(options_.base_path, facts.path)),
        headers_(route ? route->headers : openai_headers(options_)),
        body_(options_, extra_body, facts.text) {}

  std::string_view name() const override { return facts_.name; }
  bool streams() const override { return options_.stream; }

  HttpRequestSpec build_request(const GenerationRequest& request) const override {
    return HttpRequestSpec{"POST", target_, &headers_, body_.build(request.prompt, request.max_output_tokens, request.messages_json)};
  }

  std::unique_ptr<EventDecoder> make_decoder() const override { return make_openai_decoder(facts_.decoder); }

 private:
  const EndpointFacts& facts_;
  BackendOptions options_;
  std::string target_;
  Headers headers_;
  OpenAiBody body_;
};

}  // namespace

std::unique_ptr<Backend> make_openai_chat(BackendOptions options, const boost::json::object& extra_body,
                                          std::optional<OpenAiRoute> route) {
  return std::make_unique<OpenAiBackend>(kChat, std::move(options), extra_body, std::move(route));
}

std::unique_ptr<Backend> make_openai_completions(BackendOptions options, const boost::json::object& extra_body) {
  return std::make_unique<OpenAiBackend>(kCompletions, std::move(options), extra_body, std::nullopt);
}

}  // namespace genai::api
