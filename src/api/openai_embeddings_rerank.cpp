// The OpenAI-compatible pooling endpoints: /v1/embeddings ({"model", "input": [texts]}, or for
// images vLLM's multimodal form {"model", "messages": [one user message of image_url parts],
// "encoding_format": "float"}) and /v1/rerank (the Cohere/Jina-style body vLLM and TEI serve:
// {"model", "query", "documents"}). None streams or generates: a response is one JSON body whose
// usage gives the input tokens (usage.prompt_tokens, else usage.total_tokens, as vLLM's rerank
// reports it).
#include <simdjson.h>

#include <boost/json/serialize.hpp>

#include "api/openai_backends.h"
#include "api/openai_request.h"
#include "common/json_escape.h"

namespace genai::api {
namespace {

void append_json_array(std::string& body, const std::vector<std::string>& texts) {
  body.push_back('[');
  for (size_t i = 0; i < texts.size(); ++i) {
    if (i > 0) body.push_back(',');
    append_json_string(body, texts[i]);
  }
  body.push_back(']');
}

// Whole responses of both endpoints: an error object, or the results (under `results_key`) with
// a usage object.
class PoolingDecoder final : public WholeResponseDecoder {
 public:
  explicit PoolingDecoder(std::string_view results_key) : results_key_(results_key) {}

  DecodedEvent decode_response(std::string_view body, std::string*) override {
    DecodedEvent event;
    simdjson::dom::element root;
    if (parser_.parse(body.data(), body.size(), /*realloc_if_needed=*/true).get(root)) {
      event.malformed = true;
      return event;
    }
    simdjson::dom::element error;
    if (!root["error"].get(error)) {
      std::string_view message;
      event.error_message = error["message"].get(message) ? std::string(simdjson::minify(error)) : std::string(message);
      return event;
    }
    simdjson::dom::array results;
    if (root[results_key_].get(results)) {
      event.malformed = true;
      return event;
    }
    int64_t tokens = 0;
    if (!root["usage"]["prompt_tokens"].get(tokens) || !root["usage"]["total_tokens"].get(tokens)) {
      event.prompt_tokens = tokens;
    }
    event.done = true;
    return event;
  }

 private:
  std::string_view results_key_;
  simdjson::dom::parser parser_;
};

// These endpoints answer in one body: the headers ask for JSON, not an event stream.
BackendOptions not_streamed(BackendOptions options) {
  options.stream = false;
  return options;
}

enum class Pooling { texts, rerank, images };

class PoolingBackend final : public Backend {
 public:
  PoolingBackend(Pooling pooling, BackendOptions options, const boost::json::object& extra_body,
                 std::optional<OpenAiRoute> route)
      : rerank_(pooling == Pooling::rerank),
        images_(pooling == Pooling::images),
        options_(not_streamed(std::move(options))),
        target_(route ? route->target : openai_target(options_.base_path, rerank_ ? "/rerank" : "/embeddings")),
        headers_(route ? route->headers : openai_headers(options_)) {
    fixed_ = "{";
    if (!options_.model.empty()) {  // Azure names the model by its deployment, in the path
      fixed_ += "\"model\":";
      append_json_string(fixed_, options_.model);
    }
    // As Python genai-bench's embeddings requests (unless --extra-body names another).
    if (images_ && !extra_body.contains("encoding_format")) {
      if (fixed_.size() > 1) fixed_ += ",";
      fixed_ += "\"encoding_format\":\"float\"";
    }
    for (const auto& [key, value] : extra_body) {
      if (fixed_.size() > 1) fixed_ += ",";
      append_json_string(fixed_, key);
      fixed_ += ":" + boost::json::serialize(value);
    }
  }

  std::string_view name() const override {
    return rerank_ ? "openai-rerank" : images_ ? "openai-image-embeddings" : "openai-embeddings";
  }
  bool streams() const override { return false; }
  bool generates() const override { return false; }

  HttpRequestSpec build_request(const GenerationRequest& request) const override {
    std::string body = fixed_;
    if (images_) {
      body += body.size() > 1 ? ",\"messages\":" : "\"messages\":";
      body += "[{\"role\":\"user\",\"content\":[";
      for (size_t i = 0; i < request.images.size(); ++i) {
        body += i == 0 ? "{\"type\":\"image_url\",\"image_url\":{\"url\":" : ",{\"type\":\"image_url\",\"image_url\":{\"url\":";
        append_json_string(body, request.images[i]);
        body += "}}";
      }
      body += "]}]}";
      return HttpRequestSpec{"POST", target_, &headers_, std::move(body)};
    }
    if (rerank_) {
      body += body.size() > 1 ? ",\"query\":" : "\"query\":";
      append_json_string(body, request.query);
      body += ",\"documents\":";
    } else {
      body += body.size() > 1 ? ",\"input\":" : "\"input\":";
    }
    append_json_array(body, request.inputs);
    body += "}";
    return HttpRequestSpec{"POST", target_, &headers_, std::move(body)};
  }

  std::unique_ptr<EventDecoder> make_decoder() const override {
    return std::make_unique<PoolingDecoder>(rerank_ ? "results" : "data");
  }

 private:
  bool rerank_;
  bool images_;
  BackendOptions options_;
  std::string target_;
  Headers headers_;
  std::string fixed_;  // "{\"model\":...,<extra body>" without the closing brace
};

}  // namespace

std::unique_ptr<Backend> make_openai_embeddings(BackendOptions options, const boost::json::object& extra_body,
                                                std::optional<OpenAiRoute> route) {
  return std::make_unique<PoolingBackend>(Pooling::texts, std::move(options), extra_body, std::move(route));
}

std::unique_ptr<Backend> make_openai_image_embeddings(BackendOptions options, const boost::json::object& extra_body) {
  return std::make_unique<PoolingBackend>(Pooling::images, std::move(options), extra_body, std::nullopt);
}

std::unique_ptr<Backend> make_openai_rerank(BackendOptions options, const boost::json::object& extra_body) {
  return std::make_unique<PoolingBackend>(Pooling::rerank, std::move(options), extra_body, std::nullopt);
}

}  // namespace genai::api
