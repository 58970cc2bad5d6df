#include <boost/json/parse.hpp>

#include "api/backend.h"
#include "api/openai_backends.h"
#include "api/provider_backends.h"

namespace genai::api {
namespace {

Result<std::unique_ptr<Backend>> refuse_endpoint(std::string_view api_backend, const BackendOptions& options,
                                                 std::string_view supported) {
  return make_error("--api-backend " + std::string(api_backend) + ": the " + options.endpoint +
                    " endpoint is not served (supported: " + std::string(supported) + ")");
}

// OCI's OpenAI-compatible endpoints (oci-openai), as Python genai-bench drives them: OpenAI's
// image and speech bodies, signed by the app's OCI authorizer, the compartment in a CompartmentId
// header (taken out of --additional-request-params, as Python takes it out of the SDK's fields).
Result<std::unique_ptr<Backend>> make_oci_openai(BackendOptions options, boost::json::object extra_body) {
  if (options.endpoint != "images" && options.endpoint != "speech") {
    return refuse_endpoint("oci-openai", options, "text-to-image, text-to-speech");
  }
  const boost::json::value* compartment = extra_body.if_contains("compartmentId");
  if (compartment == nullptr || !compartment->is_string() || compartment->as_string().empty()) {
    return make_error("--additional-request-params: --api-backend oci-openai needs compartmentId, "
                      "e.g. '{\"compartmentId\": \"ocid1.compartment.oc1..example\"}'");
  }
  options.extra_headers.emplace_back("CompartmentId", std::string(compartment->as_string()));
  extra_body.erase("compartmentId");
  if (options.endpoint == "images") return make_openai_images(std::move(options), extra_body);
  return make_openai_speech(std::move(options), extra_body);
}

}  // namespace

Result<std::unique_ptr<Backend>> make_backend(std::string_view api_backend, const BackendOptions& options) {
  boost::json::object extra_body;
  if (!options.extra_body_json.empty()) {
    boost::system::error_code error;
    boost::json::value parsed = boost::json::parse(options.extra_body_json, error);
    if (error || !parsed.is_object()) {
      return make_error("--extra-body: expected a JSON object, e.g. '{\"temperature\": 0}'");
    }
    extra_body = std::move(parsed.as_object());
  }
  const std::string_view endpoint = options.endpoint;
  // vLLM, SGLang, TGI, llama.cpp, Ollama, TensorRT-LLM and Together all serve the OpenAI API.
  if (api_backend == "openai" || api_backend == "vllm" || api_backend == "sglang" || api_backend == "together") {
    if (endpoint == "chat") return make_openai_chat(options, extra_body);
    if (endpoint == "completions") return make_openai_completions(options, extra_body);
    if (endpoint == "embeddings") return make_openai_embeddings(options, extra_body);
    if (endpoint == "rerank") return make_openai_rerank(options, extra_body);
    if (endpoint == "images") return make_openai_images(options, extra_body);
    if (endpoint == "speech") return make_openai_speech(options, extra_body);
    if (endpoint == "image-embeddings") return make_openai_image_embeddings(options, extra_body);
    return make_error("--api-endpoint: unknown endpoint '" + options.endpoint + "' (expected chat or completions)");
  }
  if (api_backend == "azure-openai") {
    if (endpoint == "chat" || endpoint == "embeddings") return make_azure_openai(options, extra_body);
    return refuse_endpoint(api_backend, options, "chat, embeddings");
  }
  if (api_backend == "anthropic") {
    if (endpoint == "chat") return make_anthropic(options, extra_body);
    return refuse_endpoint(api_backend, options, "chat");
  }
  if (api_backend == "cohere") {
    if (endpoint == "chat" || endpoint == "embeddings" || endpoint == "rerank" || endpoint == "image-embeddings") {
      return make_cohere(options, extra_body);
    }
    return refuse_endpoint(api_backend, options, "chat, embeddings, rerank, image-embeddings");
  }
  if (api_backend == "aws-bedrock") {
    if (endpoint == "chat") return make_bedrock(options, extra_body);
    return refuse_endpoint(api_backend, options, "chat");
  }
  if (api_backend == "gcp-vertex") {
    if (endpoint == "chat" || endpoint == "embeddings") return make_vertex(options, extra_body);
    return refuse_endpoint(api_backend, options, "chat, embeddings");
  }
  if (api_backend == "oci-genai" || api_backend == "oci-cohere-v2") {
    if (endpoint == "chat") return make_oci(api_backend, options, extra_body);
    return refuse_endpoint(api_backend, options, "chat");
  }
  if (api_backend == "oci-cohere") {
    if (endpoint == "chat" || endpoint == "embeddings" || endpoint == "rerank") return make_oci(api_backend, options, extra_body);
    return refuse_endpoint(api_backend, options, "chat, embeddings, rerank");
  }
  if (api_backend == "oci-openai") return make_oci_openai(options, std::move(extra_body));
  std::string names;
  for (std::string_view name : kBackendNames) names += (names.empty() ? "" : ", ") + std::string(name);
  return make_error("--api-backend: unknown backend '" + std::string(api_backend) + "' (supported: " + names + ")");
}

}  // namespace genai::api
