#include "api/openai_request.h"

#include <boost/json/serialize.hpp>

namespace genai::api {

std::string openai_target(std::string_view base_path, std::string_view suffix) {
  std::string path(base_path);
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (path.size() < 3 || path.compare(path.size() - 3, 3, "/v1") != 0) path += "/v1";
  path += suffix;
  return path;
}

boost::json::object openai_common_body(const BackendOptions& options, int64_t max_output_tokens) {
  boost::json::object body;
  body["model"] = options.model;
  body["max_tokens"] = max_output_tokens;
  body["stream"] = options.stream;
  if (options.stream) body["stream_options"] = {{"include_usage", true}};
  if (options.ignore_eos) {
    // vLLM and SGLang extensions: generate exactly max_tokens so output length is controlled.
    body["ignore_eos"] = true;
    body["min_tokens"] = max_output_tokens;
  }
  return body;
}

HttpRequestSpec openai_finish_request(const BackendOptions& options, const boost::json::object& extra_body,
                                      std::string target, boost::json::object body) {
  for (const auto& [key, value] : extra_body) body[key] = value;
  HttpRequestSpec spec;
  spec.target = std::move(target);
  spec.headers.emplace_back("Content-Type", "application/json");
  spec.headers.emplace_back("Accept", options.stream ? "text/event-stream" : "application/json");
  if (!options.api_key.empty()) spec.headers.emplace_back("Authorization", "Bearer " + options.api_key);
  spec.body = boost::json::serialize(body);
  return spec;
}

}  // namespace genai::api
