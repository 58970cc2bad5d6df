// POST /v1/completions: the prompt is sent as is, without a chat template.
#include <boost/json.hpp>

#include "api/openai_backends.h"
#include "api/openai_decoder.h"
#include "api/openai_request.h"

namespace genai::api {
namespace {

class OpenAiCompletions final : public Backend {
 public:
  OpenAiCompletions(BackendOptions options, boost::json::object extra_body)
      : options_(std::move(options)), extra_body_(std::move(extra_body)),
        target_(openai_target(options_.base_path, "/completions")) {}

  std::string_view name() const override { return "openai-completions"; }
  bool streams() const override { return options_.stream; }

  HttpRequestSpec build_request(const GenerationRequest& request) const override {
    boost::json::object body = openai_common_body(options_, request.max_output_tokens);
    body["prompt"] = request.prompt;
    return openai_finish_request(options_, extra_body_, target_, std::move(body));
  }

  std::unique_ptr<EventDecoder> make_decoder() const override {
    return make_openai_decoder(OpenAiEndpoint::completions);
  }

 private:
  BackendOptions options_;
  boost::json::object extra_body_;
  std::string target_;
};

}  // namespace

std::unique_ptr<Backend> make_openai_completions(BackendOptions options, boost::json::object extra_body) {
  return std::make_unique<OpenAiCompletions>(std::move(options), std::move(extra_body));
}

}  // namespace genai::api
