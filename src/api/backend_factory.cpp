#include <boost/json/parse.hpp>

#include "api/backend.h"
#include "api/openai_backends.h"

namespace genai::api {

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
  // vLLM, SGLang, TGI, llama.cpp, Ollama and TensorRT-LLM all serve the OpenAI API.
  if (api_backend == "openai" || api_backend == "vllm" || api_backend == "sglang") {
    if (options.endpoint == "chat") return make_openai_chat(options, extra_body);
    if (options.endpoint == "completions") return make_openai_completions(options, extra_body);
    if (options.endpoint == "embeddings") return make_openai_embeddings(options, extra_body);
    if (options.endpoint == "rerank") return make_openai_rerank(options, extra_body);
    return make_error("--api-endpoint: unknown endpoint '" + options.endpoint + "' (expected chat or completions)");
  }
  return make_error("--api-backend: unknown backend '" + std::string(api_backend) +
                    "' (supported: openai, vllm, sglang)");
}

}  // namespace genai::api
