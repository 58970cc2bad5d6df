// Azure OpenAI: the OpenAI API under /openai/deployments/{deployment}/...?api-version=V (the model
// is the deployment, named in the path), or the v1 API under /openai/v1/ (the model in the body);
// authorised by an api-key header or an Entra ID token. Streams are OpenAI's, with Azure's extra
// content-filter chunks (`choices: []`), which carry no text.
#include "api/openai_backends.h"
#include "api/openai_request.h"
#include "api/request_body.h"

namespace genai::api {

std::unique_ptr<Backend> make_azure_openai(BackendOptions options, const boost::json::object& extra_body) {
  const ProviderOptions& azure = options.provider;
  const std::string operation = options.endpoint == "embeddings" ? "/embeddings" : "/chat/completions";
  std::string base(options.base_path);
  while (!base.empty() && base.back() == '/') base.pop_back();
  OpenAiRoute route;
  if (azure.azure_api_version == "v1") {
    route.target = base + "/openai/v1" + operation;
    if (!azure.azure_deployment.empty()) options.model = azure.azure_deployment;
  } else {
    const std::string deployment = azure.azure_deployment.empty() ? options.model : azure.azure_deployment;
    route.target = base + "/openai/deployments/" + path_segment(deployment) + operation +
                   "?api-version=" + path_segment(azure.azure_api_version);
    options.model.clear();  // as Azure's own clients send it: the deployment is the model
  }
  route.headers.emplace_back("Content-Type", "application/json");
  route.headers.emplace_back("Accept", options.stream && options.endpoint == "chat" ? "text/event-stream" : "application/json");
  if (!azure.azure_ad_token.empty()) {
    route.headers.emplace_back("Authorization", "Bearer " + azure.azure_ad_token);
  } else if (!options.api_key.empty()) {
    route.headers.emplace_back("api-key", options.api_key);
  }
  if (options.endpoint == "embeddings") return make_openai_embeddings(std::move(options), extra_body, std::move(route));
  return make_openai_chat(std::move(options), extra_body, std::move(route));
}

}  // namespace genai::api
