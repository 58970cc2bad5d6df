// Cohere's v2 API: POST /v2/chat (SSE events content-delta ... message-end, whose usage.tokens
// counts input and output), /v2/embed (texts, or images for image-to-embeddings) and /v2/rerank,
// with Authorization: Bearer. Unlike Python genai-bench we send max_tokens, so the scenario's
// output length is asked for.
#include <simdjson.h>

#include "api/json_fields.h"
#include "api/openai_request.h"
#include "api/provider_backends.h"
#include "api/request_body.h"
#include "common/json_escape.h"

namespace genai::api {
namespace {

using json::raw_json_string;
using json::value;

// message-end's delta.usage: "tokens" are what the model saw; "billed_units" what was billed.
void read_usage(value usage, DecodedEvent& event) {
  json::for_each_field(usage, [&](raw_json_string key, value field) {
    if (key != "tokens") return true;
    json::for_each_field(field, [&](raw_json_string token_key, value count) {
      if (token_key == "input_tokens") event.prompt_tokens = json::integer_of(count);
      else if (token_key == "output_tokens") event.completion_tokens = json::integer_of(count);
      return true;
    });
    return false;
  });
}

// content-delta's delta: {"message": {"content": {"text" | "thinking": ...}}}
void read_content_delta(value delta, DecodedEvent& event, std::string* text) {
  json::for_each_field(delta, [&](raw_json_string key, value message) {
    if (key != "message") return true;
    json::for_each_field(message, [&](raw_json_string message_key, value content) {
      if (message_key != "content") return true;
      json::for_each_field(content, [&](raw_json_string content_key, value part) {
        if (content_key == "text" || content_key == "thinking") event.content_chars += json::text_length(part, text);
        return true;
      });
      return false;
    });
    return false;
  });
}

class CohereChatDecoder final : public EventDecoder {
 public:
  DecodedEvent decode_stream_event(std::string_view data, std::string* text) override {
    DecodedEvent event;
    if (data == "[DONE]") {
      event.done = true;
      return event;
    }
    simdjson::ondemand::document document;
    value root;
    if (!json::parse(parser_, data, document, root)) {
      event.malformed = true;
      return event;
    }
    std::string_view type;
    const bool well_formed = json::for_each_field(root, [&](raw_json_string key, value field) {
      if (key == "type") {
        type = json::string_of(field).value_or("");
        event.done = type == "message-end";
      } else if (key == "delta") {
        if (type == "content-delta") {
          read_content_delta(field, event, text);
        } else if (type == "message-end") {
          json::for_each_field(field, [&](raw_json_string delta_key, value usage) {
            if (delta_key == "usage") read_usage(usage, event);
            return true;
          });
        }
      } else if (key == "message" && type.empty()) {
        event.error_message.emplace(json::string_of(field).value_or("error"));  // {"message": ...}: an error
      }
      return true;
    });
    if (!well_formed || (type.empty() && !event.error_message)) event.malformed = true;
    return event;
  }

  // A whole /v2/chat response: {"message": {"content": [{"type": "text", "text"}]}, "usage": {...}};
  // an error body: {"message": "..."}.
  DecodedEvent decode_response(std::string_view body, std::string* text) override {
    DecodedEvent event;
    simdjson::ondemand::document document;
    value root;
    if (!json::parse(parser_, body, document, root)) {
      event.malformed = true;
      return event;
    }
    bool has_message = false;
    json::for_each_field(root, [&](raw_json_string key, value field) {
      if (key == "message") {
        if (auto message = json::string_of(field)) {
          event.error_message.emplace(*message);
          return true;
        }
        has_message = true;
        json::for_each_field(field, [&](raw_json_string message_key, value content) {
          if (message_key != "content") return true;
          json::for_each_element(content, [&](value part) {
            json::for_each_field(part, [&](raw_json_string part_key, value part_text) {
              if (part_key == "text" || part_key == "thinking") event.content_chars += json::text_length(part_text, text);
              return true;
            });
            return true;
          });
          return true;
        });
      } else if (key == "usage") {
        read_usage(field, event);
      }
      return true;
    });
    if (!has_message && !event.error_message) event.malformed = true;
    return event;
  }

 private:
  simdjson::ondemand::parser parser_;
};

// /v2/embed and /v2/rerank answer in one body; the input count is meta.billed_units.input_tokens
// (embeddings; rerank bills search units, so its records keep the local count).
class CoherePoolingDecoder final : public WholeResponseDecoder {
 public:
  explicit CoherePoolingDecoder(std::string_view results_key) : results_key_(results_key) {}
  DecodedEvent decode_response(std::string_view body, std::string*) override {
    DecodedEvent event;
    simdjson::dom::element root;
    if (dom_.parse(body.data(), body.size(), true).get(root) || !root.is_object()) {
      event.malformed = true;
      return event;
    }
    std::string_view message;
    if (root[results_key_].error()) {
      if (!root["message"].get(message)) event.error_message.emplace(message);
      else event.malformed = true;
      return event;
    }
    int64_t tokens = 0;
    if (!root["meta"]["billed_units"]["input_tokens"].get(tokens)) event.prompt_tokens = tokens;
    event.done = true;
    return event;
  }

 private:
  std::string_view results_key_;
  simdjson::dom::parser dom_;
};

class CohereBackend final : public Backend {
 public:
  CohereBackend(BackendOptions options, const boost::json::object& extra_body)
      : image_embed_(options.endpoint == "image-embeddings"),
        options_(std::move(options)),
        target_(versioned_path(options_.base_path, "/v2", kind() == Kind::chat ? "/chat" : kind() == Kind::embed ? "/embed" : "/rerank")) {
    headers_.emplace_back("Content-Type", "application/json");
    headers_.emplace_back("Accept", streams() ? "text/event-stream" : "application/json");
    if (!options_.api_key.empty()) headers_.emplace_back("Authorization", "Bearer " + options_.api_key);
    append_key(fixed_, "model");
    append_json_string(fixed_, options_.model);
    if (kind() == Kind::chat) {
      fixed_ += options_.stream ? ",\"stream\":true" : ",\"stream\":false";
    } else if (kind() != Kind::rerank && !extra_body.contains("input_type")) {
      // Python genai-bench's choices for benchmarking embeddings (its "IMAGE" in v2's lower case).
      fixed_ += image_embed_ ? ",\"input_type\":\"image\"" : ",\"input_type\":\"clustering\"";
      fixed_ += ",\"embedding_types\":[\"float\"],\"truncate\":\"END\"";
    }
    append_extra_fields(fixed_, extra_body);
    write_max_tokens_ = !extra_body.contains("max_tokens");
  }

  std::string_view name() const override { return "cohere"; }
  bool streams() const override { return kind() == Kind::chat && options_.stream; }
  bool generates() const override { return kind() == Kind::chat; }

  HttpRequestSpec build_request(const GenerationRequest& request) const override {
    std::string body = "{" + fixed_;
    if (kind() == Kind::embed) {
      body += image_embed_ ? ",\"images\":" : ",\"texts\":";
      append_string_array(body, image_embed_ ? request.images : request.inputs);
    } else if (kind() == Kind::rerank) {
      body += ",\"query\":";
      append_json_string(body, request.query);
      body += ",\"documents\":";
      append_string_array(body, request.inputs);
    } else {
      if (write_max_tokens_) {
        body += ",\"max_tokens\":";
        append_integer(body, request.max_output_tokens);
      }
      body += ",\"messages\":";  // v2 takes OpenAI-style roles, system included
      if (!request.messages_json.empty()) {
        body += request.messages_json;
      } else {
        body += "[{\"role\":\"user\",\"content\":";
        append_json_string(body, request.prompt);
        body += "}]";
      }
    }
    body.push_back('}');
    return HttpRequestSpec{"POST", target_, &headers_, std::move(body)};
  }

  std::unique_ptr<EventDecoder> make_decoder() const override {
    if (kind() == Kind::chat) return std::make_unique<CohereChatDecoder>();
    return std::make_unique<CoherePoolingDecoder>(kind() == Kind::embed ? "embeddings" : "results");
  }

 private:
  enum class Kind { chat, embed, rerank };
  Kind kind() const {
    return options_.endpoint == "embeddings" || image_embed_ ? Kind::embed
           : options_.endpoint == "rerank"                   ? Kind::rerank
                                                             : Kind::chat;
  }

  bool image_embed_;  // image-to-embeddings: /v2/embed with "images"
  BackendOptions options_;
  std::string target_;
  Headers headers_;
  std::string fixed_;
  bool write_max_tokens_ = true;
};

}  // namespace

std::unique_ptr<Backend> make_cohere(BackendOptions options, const boost::json::object& extra_body) {
  return std::make_unique<CohereBackend>(std::move(options), extra_body);
}

}  // namespace genai::api
