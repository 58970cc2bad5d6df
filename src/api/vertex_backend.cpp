// GCP Vertex AI: Gemini's streamGenerateContent with alt=sse (one GenerateContentResponse per SSE
// event; the output count is the last usageMetadata's candidatesTokenCount plus thoughtsTokenCount),
// Claude on Vertex (claude* models): streamRawPredict with the Anthropic body and events; and
// text embeddings: :predict with {"instances": [{"content"}]}.
// Authorised by x-goog-api-key, or by an OAuth token the app's authorizer keeps fresh.
#include <simdjson.h>

#include "api/anthropic_events.h"
#include "api/json_fields.h"
#include "api/provider_backends.h"
#include "api/request_body.h"
#include "common/json_escape.h"

namespace genai::api {
namespace {

using json::raw_json_string;
using json::value;

void read_usage_metadata(value usage, DecodedEvent& event) {
  std::optional<int64_t> candidates, thoughts;
  json::for_each_field(usage, [&](raw_json_string key, value field) {
    if (key == "promptTokenCount") event.prompt_tokens = json::integer_of(field);
    else if (key == "candidatesTokenCount") candidates = json::integer_of(field);
    else if (key == "thoughtsTokenCount") thoughts = json::integer_of(field);
    return true;
  });
  if (candidates || thoughts) event.completion_tokens = candidates.value_or(0) + thoughts.value_or(0);
}

// {"error": {"code": 429, "message": "...", "status": "RESOURCE_EXHAUSTED"}}
void read_error(value error, DecodedEvent& event) {
  event.error_message.emplace("error");
  json::for_each_field(error, [&](raw_json_string key, value field) {
    if (key == "message") {
      if (auto message = json::string_of(field)) event.error_message.emplace(*message);
    } else if (key == "status") {
      if (auto status = json::string_of(field)) event.error_type.emplace(*status);
    }
    return true;
  });
  event.throttled = event.error_type == "RESOURCE_EXHAUSTED";
}

// A GenerateContentResponse (a stream event, or a whole response): the first candidate's parts'
// text (thoughts included), its finishReason, and usageMetadata.
DecodedEvent decode_gemini(simdjson::ondemand::parser& parser, std::string_view data, std::string* text) {
  DecodedEvent event;
  simdjson::ondemand::document document;
  value root;
  if (!json::parse(parser, data, document, root)) {
    event.malformed = true;
    return event;
  }
  bool known = false;
  const bool well_formed = json::for_each_field(root, [&](raw_json_string key, value field) {
    if (key == "candidates") {
      known = true;
      json::for_each_element(field, [&](value candidate) {
        json::for_each_field(candidate, [&](raw_json_string candidate_key, value candidate_field) {
          if (candidate_key == "finishReason") {
            event.done = true;
          } else if (candidate_key == "content") {
            json::for_each_field(candidate_field, [&](raw_json_string content_key, value parts) {
              if (content_key != "parts") return true;
              json::for_each_element(parts, [&](value part) {
                json::for_each_field(part, [&](raw_json_string part_key, value part_text) {
                  if (part_key == "text") event.content_chars += json::text_length(part_text, text);
                  return true;
                });
                return true;
              });
              return true;
            });
          }
          return true;
        });
        return false;  // one candidate (candidateCount 1)
      });
    } else if (key == "usageMetadata") {
      known = true;
      read_usage_metadata(field, event);
    } else if (key == "error") {
      known = true;
      read_error(field, event);
    }
    return true;
  });
  if (!well_formed || !known) event.malformed = true;
  return event;
}

class GeminiDecoder final : public EventDecoder {
 public:
  DecodedEvent decode_stream_event(std::string_view data, std::string* text) override {
    return decode_gemini(parser_, data, text);
  }
  DecodedEvent decode_response(std::string_view body, std::string* text) override {
    return decode_gemini(parser_, body, text);
  }

 private:
  simdjson::ondemand::parser parser_;
};

// :predict for text embeddings: the input count is the sum of the predictions' token counts.
class VertexEmbeddingsDecoder final : public WholeResponseDecoder {
 public:
  DecodedEvent decode_response(std::string_view body, std::string* text) override {
    simdjson::dom::element root;
    simdjson::dom::array predictions;
    if (dom_.parse(body.data(), body.size(), true).get(root) || root["predictions"].get(predictions)) {
      return decode_gemini(parser_, body, text);  // an error body, or malformed
    }
    DecodedEvent event;
    int64_t tokens = 0, count = 0;
    bool counted = false;
    for (simdjson::dom::element prediction : predictions) {
      if (!prediction["embeddings"]["statistics"]["token_count"].get(count)) {
        tokens += count;
        counted = true;
      }
    }
    if (counted) event.prompt_tokens = tokens;
    event.done = true;
    return event;
  }

 private:
  simdjson::dom::parser dom_;
  simdjson::ondemand::parser parser_;
};

// Claude on Vertex: Anthropic's events; an error may come in Google's shape instead.
class ClaudeOnVertexDecoder final : public EventDecoder {
 public:
  DecodedEvent decode_stream_event(std::string_view data, std::string* text) override {
    return anthropic_->decode_stream_event(data, text);
  }
  DecodedEvent decode_response(std::string_view body, std::string* text) override {
    DecodedEvent event = anthropic_->decode_response(body, text);
    if (event.malformed) event = decode_gemini(parser_, body, text);
    return event;
  }

 private:
  std::unique_ptr<EventDecoder> anthropic_ = make_anthropic_decoder();
  simdjson::ondemand::parser parser_;
};

std::string gemini_role(std::string_view role) { return role == "assistant" ? "model" : std::string(role); }

// An image as Gemini takes it, after the text part as Python genai-bench places it: a data URL as
// {"inlineData": {"mimeType", "data"}}, an http(s) or gs:// URL as {"fileData": {"mimeType",
// "fileUri"}}. Python labels every image image/jpeg; we send the data URL's own type, and for a
// URL the type its extension names (image/jpeg otherwise), since Gemini decodes by the type given.
void append_image_part(std::string& body, std::string_view url) {
  if (url.starts_with("data:")) {
    const size_t comma = url.find(',');
    const size_t semicolon = url.find(';');
    const std::string_view type = url.substr(5, std::min(comma, semicolon) - 5);
    body += ",{\"inlineData\":{\"mimeType\":";
    append_json_string(body, type.empty() ? "image/jpeg" : type);
    body += ",\"data\":";
    append_json_string(body, comma == std::string_view::npos ? std::string_view() : url.substr(comma + 1));
    body += "}}";
    return;
  }
  const std::string_view path = url.substr(0, url.find_first_of("?#"));
  std::string_view type = "image/jpeg";
  if (path.ends_with(".png")) type = "image/png";
  else if (path.ends_with(".webp")) type = "image/webp";
  else if (path.ends_with(".gif")) type = "image/gif";
  body += ",{\"fileData\":{\"mimeType\":";
  append_json_string(body, type);
  body += ",\"fileUri\":";
  append_json_string(body, url);
  body += "}}";
}

class VertexBackend final : public Backend {
 public:
  VertexBackend(BackendOptions options, const boost::json::object& extra_body)
      : options_(std::move(options)),
        embeddings_(options_.endpoint == "embeddings"),
        claude_(!embeddings_ && options_.model.starts_with("claude")) {
    if (embeddings_) options_.stream = false;
    const ProviderOptions& gcp = options_.provider;
    std::string base(options_.base_path);
    while (!base.empty() && base.back() == '/') base.pop_back();
    const std::string operation = embeddings_ ? ":predict"
                                  : claude_   ? (options_.stream ? ":streamRawPredict" : ":rawPredict")
                                              : (options_.stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    target_ = base + "/v1/projects/" + gcp.gcp_project_id + "/locations/" + gcp.gcp_location + "/publishers/" +
              (claude_ ? "anthropic" : "google") + "/models/" + options_.model + operation;
    headers_.emplace_back("Content-Type", "application/json");
    headers_.emplace_back("Accept", options_.stream ? "text/event-stream" : "application/json");
    if (!options_.api_key.empty()) headers_.emplace_back("x-goog-api-key", options_.api_key);
    append_extra_fields(extra_fields_, extra_body);
    max_tokens_named_ = extra_body.contains(claude_ ? "max_tokens" : "generationConfig");
  }

  std::string_view name() const override { return "gcp-vertex"; }
  bool streams() const override { return options_.stream; }
  bool generates() const override { return !embeddings_; }

  HttpRequestSpec build_request(const GenerationRequest& request) const override {
    if (embeddings_) {
      std::string body = "{\"instances\":[";
      for (size_t i = 0; i < request.inputs.size(); ++i) {
        body += i == 0 ? "{\"content\":" : ",{\"content\":";
        append_json_string(body, request.inputs[i]);
        body.push_back('}');
      }
      body.push_back(']');
      if (!extra_fields_.empty()) body += "," + extra_fields_;  // e.g. "parameters": {"autoTruncate": false}
      body.push_back('}');
      return HttpRequestSpec{"POST", target_, &headers_, std::move(body)};
    }
    if (claude_) {
      // The Messages body without "model" (it is in the path), with Vertex's anthropic_version.
      std::string fixed = "\"anthropic_version\":\"vertex-2023-10-16\"";
      if (options_.stream) fixed += ",\"stream\":true";
      if (!extra_fields_.empty()) fixed += "," + extra_fields_;
      return HttpRequestSpec{"POST", target_, &headers_, anthropic_messages_body(fixed, request, !max_tokens_named_)};
    }
    return HttpRequestSpec{"POST", target_, &headers_, gemini_body(request)};
  }

  std::unique_ptr<EventDecoder> make_decoder() const override {
    if (embeddings_) return std::make_unique<VertexEmbeddingsDecoder>();
    if (claude_) return std::make_unique<ClaudeOnVertexDecoder>();
    return std::make_unique<GeminiDecoder>();
  }

 private:
  std::string gemini_body(const GenerationRequest& request) const {
    std::string body = "{\"contents\":[";
    std::string system;
    auto add_content = [&](std::string_view role, std::string_view text, const std::vector<std::string>& images, bool first) {
      body += first ? "{\"role\":" : ",{\"role\":";
      append_json_string(body, role);
      body += ",\"parts\":[{\"text\":";
      append_json_string(body, text);
      body += "}";
      for (const std::string& url : images) append_image_part(body, url);
      body += "]}";
    };
    if (request.messages_json.empty()) {
      add_content("user", request.prompt, {}, true);
    } else {
      const SplitMessages split = split_system_messages(request.messages_json);
      for (size_t i = 0; i < split.messages.size(); ++i) {
        add_content(gemini_role(split.messages[i].role), split.messages[i].content, split.messages[i].image_urls, i == 0);
      }
      system = split.system;
    }
    body.push_back(']');
    if (!system.empty()) {
      body += ",\"systemInstruction\":{\"parts\":[{\"text\":";
      append_json_string(body, system);
      body += "}]}";
    }
    if (!max_tokens_named_) {
      body += ",\"generationConfig\":{\"maxOutputTokens\":";
      append_integer(body, request.max_output_tokens);
      body.push_back('}');
    }
    if (!extra_fields_.empty()) body += "," + extra_fields_;
    body.push_back('}');
    return body;
  }

  BackendOptions options_;
  bool embeddings_;
  bool claude_;
  std::string target_;
  Headers headers_;
  std::string extra_fields_;
  bool max_tokens_named_ = false;
};

}  // namespace

std::unique_ptr<Backend> make_vertex(BackendOptions options, const boost::json::object& extra_body) {
  return std::make_unique<VertexBackend>(std::move(options), extra_body);
}

}  // namespace genai::api
