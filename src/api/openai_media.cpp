// The OpenAI media endpoints, with the bodies Python genai-bench sends: /v1/images/generations
// ({"model", "prompt", "n", <extra fields>, "size", "quality"}: one JSON answer whose "data" holds
// the images) and /v1/audio/speech ({"model", "input", "voice", <extra fields>}: the audio itself
// as the body, read as it arrives so its first byte is timed). Neither generates tokens.
#include <simdjson.h>

#include <boost/json/serialize.hpp>

#include "api/openai_backends.h"
#include "api/openai_request.h"
#include "api/request_body.h"
#include "common/json_escape.h"

namespace genai::api {
namespace {

// An {"error": {"message": ...}} body's message (the whole error object when it has none); nothing
// when the body is not such an object.
std::optional<std::string> error_of(simdjson::dom::element root) {
  simdjson::dom::element error;
  if (root["error"].get(error)) return std::nullopt;
  std::string_view message;
  if (error["message"].get(message)) return std::string(simdjson::minify(error));
  return std::string(message);
}

// /v1/images/generations: {"data": [{"b64_json" or "url"}, ...]}, with a usage object (gpt-image-1)
// whose input_tokens count the prompt.
class ImagesDecoder final : public WholeResponseDecoder {
 public:
  DecodedEvent decode_response(std::string_view body, std::string*) override {
    DecodedEvent event;
    simdjson::dom::element root;
    if (parser_.parse(body.data(), body.size(), /*realloc_if_needed=*/true).get(root)) {
      event.malformed = true;
      return event;
    }
    if ((event.error_message = error_of(root))) return event;
    simdjson::dom::array data;
    if (root["data"].get(data)) {
      event.malformed = true;
      return event;
    }
    event.images = static_cast<int64_t>(data.size());
    int64_t tokens = 0;
    if (!root["usage"]["input_tokens"].get(tokens)) event.prompt_tokens = tokens;
    event.done = true;
    return event;
  }

 private:
  simdjson::dom::parser parser_;
};

// /v1/audio/speech streams raw audio (StreamFraming::raw): only an error's JSON body is decoded.
class SpeechDecoder final : public WholeResponseDecoder {
 public:
  DecodedEvent decode_response(std::string_view body, std::string*) override {
    DecodedEvent event;
    simdjson::dom::element root;
    if (!parser_.parse(body.data(), body.size(), /*realloc_if_needed=*/true).get(root)) event.error_message = error_of(root);
    if (!event.error_message) event.content_chars = body.size();  // a whole audio body
    event.done = true;
    return event;
  }

 private:
  simdjson::dom::parser parser_;
};

Headers media_headers(const BackendOptions& options, std::string_view accept) {
  Headers headers;
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Accept", std::string(accept));
  if (!options.api_key.empty()) headers.emplace_back("Authorization", "Bearer " + options.api_key);
  headers.insert(headers.end(), options.extra_headers.begin(), options.extra_headers.end());
  return headers;
}

// The --extra-body fields, less those the request sets itself (as Python genai-bench filters them).
std::string other_fields(const boost::json::object& extra_body, std::initializer_list<std::string_view> ours) {
  std::string fields;
  for (const auto& [key, value] : extra_body) {
    bool taken = false;
    for (std::string_view name : ours) taken = taken || key == name;
    if (taken) continue;
    append_key(fields, key);
    fields += boost::json::serialize(value);
  }
  return fields;
}

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

class ImagesBackend final : public Backend {
 public:
  ImagesBackend(BackendOptions options, const boost::json::object& extra_body)
      : options_(std::move(options)),
        target_(openai_target(options_.base_path, "/images/generations")),
        headers_(media_headers(options_, "application/json")),
        extra_fields_(other_fields(extra_body, {"model", "prompt", "n", "size", "quality"})) {
    if (const auto* size = extra_body.if_contains("size")) extra_size_ = boost::json::serialize(*size);
    if (const auto* quality = extra_body.if_contains("quality")) quality_ = boost::json::serialize(*quality);
  }

  std::string_view name() const override { return "openai-images"; }
  bool streams() const override { return false; }
  bool generates() const override { return false; }

  HttpRequestSpec build_request(const GenerationRequest& request) const override {
    std::string body = "{";
    append_key(body, "model");
    append_json_string(body, options_.model);
    append_key(body, "prompt");
    append_json_string(body, request.prompt);
    append_key(body, "n");
    append_integer(body, request.image_count);
    if (!extra_fields_.empty()) body += "," + extra_fields_;
    // The scenario's size; without one (the `dataset` scenario), the --extra-body size if any.
    const std::string size = request.image_size.empty() ? extra_size_ : json_string(request.image_size);
    if (!size.empty()) {
      append_key(body, "size");
      body += size;
    }
    if (!quality_.empty()) {
      append_key(body, "quality");
      body += quality_;
    }
    body += "}";
    return HttpRequestSpec{"POST", target_, &headers_, std::move(body)};
  }

  std::unique_ptr<EventDecoder> make_decoder() const override { return std::make_unique<ImagesDecoder>(); }

 private:
  BackendOptions options_;
  std::string target_;
  Headers headers_;
  std::string extra_fields_;  // serialised, without braces
  std::string extra_size_, quality_;  // JSON values from --extra-body, or empty
};

class SpeechBackend final : public Backend {
 public:
  SpeechBackend(BackendOptions options, const boost::json::object& extra_body)
      : options_(std::move(options)),
        target_(openai_target(options_.base_path, "/audio/speech")),
        headers_(media_headers(options_, "*/*")),
        extra_fields_(other_fields(extra_body, {"model", "input", "voice"})) {
    // Python genai-bench's default voice; --extra-body '{"voice": "nova"}' picks another.
    const auto* voice = extra_body.if_contains("voice");
    voice_ = voice != nullptr ? boost::json::serialize(*voice) : "\"alloy\"";
  }

  std::string_view name() const override { return "openai-speech"; }
  // The audio is read as it arrives, whatever --no-stream says: its first byte is the TTFB.
  bool streams() const override { return true; }
  StreamFraming framing() const override { return StreamFraming::raw; }
  bool generates() const override { return false; }

  HttpRequestSpec build_request(const GenerationRequest& request) const override {
    std::string body = "{";
    append_key(body, "model");
    append_json_string(body, options_.model);
    append_key(body, "input");
    append_json_string(body, request.prompt);
    append_key(body, "voice");
    body += voice_;
    if (!extra_fields_.empty()) body += "," + extra_fields_;
    body += "}";
    return HttpRequestSpec{"POST", target_, &headers_, std::move(body)};
  }

  std::unique_ptr<EventDecoder> make_decoder() const override { return std::make_unique<SpeechDecoder>(); }

 private:
  BackendOptions options_;
  std::string target_;
  Headers headers_;
  std::string extra_fields_;
  std::string voice_;  // a JSON value
};

}  // namespace

Result<std::unique_ptr<Backend>> make_openai_images(BackendOptions options, const boost::json::object& extra_body) {
  if (extra_body.contains("n")) {
    return make_error("--extra-body: \"n\" is not for text-to-image; the scenario sets the image count: "
                      "--traffic-scenario I(width,height,images)");
  }
  return std::unique_ptr<Backend>(std::make_unique<ImagesBackend>(std::move(options), extra_body));
}

std::unique_ptr<Backend> make_openai_speech(BackendOptions options, const boost::json::object& extra_body) {
  return std::make_unique<SpeechBackend>(std::move(options), extra_body);
}

}  // namespace genai::api
