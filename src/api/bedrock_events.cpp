#include "api/bedrock_events.h"

#include <simdjson.h>

#include "api/anthropic_events.h"
#include "api/json_fields.h"
#include "common/base64.h"
#include "net/padded_buffer.h"

namespace genai::api {
namespace {

using json::raw_json_string;
using json::value;

// An exception message: payload {"message": "..."} (or the error message itself for
// :message-type error), named by :exception-type.
DecodedEvent exception_event(simdjson::ondemand::parser& parser, const StreamEvent& event) {
  DecodedEvent decoded;
  decoded.error_type.emplace(event.type);
  decoded.error_message.emplace(event.data);
  simdjson::ondemand::document document;
  value root;
  if (json::parse(parser, event.data, document, root)) {
    json::for_each_field(root, [&](raw_json_string key, value field) {
      if (key == "message" || key == "Message") {
        if (auto message = json::string_of(field)) decoded.error_message.emplace(*message);
      }
      return true;
    });
  }
  decoded.throttled = event.type == "throttlingException" || event.type == "ThrottlingException";
  return decoded;
}

// ConverseStream: contentBlockDelta {"delta": {"text"} | {"reasoningContent": {"text"}}},
// metadata {"usage": {"inputTokens", "outputTokens"}}, messageStop ends the message.
DecodedEvent converse_event(simdjson::ondemand::parser& parser, const StreamEvent& event, std::string* text) {
  DecodedEvent decoded;
  const bool delta = event.type == "contentBlockDelta";
  const bool metadata = event.type == "metadata";
  decoded.done = event.type == "messageStop";
  if (!delta && !metadata) return decoded;  // messageStart, contentBlockStart/Stop, messageStop carry nothing we count
  simdjson::ondemand::document document;
  value root;
  if (!json::parse(parser, event.data, document, root)) {
    decoded.malformed = true;
    return decoded;
  }
  const bool well_formed = json::for_each_field(root, [&](raw_json_string key, value field) {
    if (delta && key == "delta") {
      json::for_each_field(field, [&](raw_json_string delta_key, value part) {
        if (delta_key == "text") {
          decoded.content_chars += json::text_length(part, text);
        } else if (delta_key == "reasoningContent") {
          json::for_each_field(part, [&](raw_json_string reasoning_key, value reasoning) {
            if (reasoning_key == "text") decoded.content_chars += json::text_length(reasoning, text);
            return true;
          });
        }
        return true;
      });
    } else if (metadata && key == "usage") {
      json::for_each_field(field, [&](raw_json_string usage_key, value count) {
        if (usage_key == "inputTokens") decoded.prompt_tokens = json::integer_of(count);
        else if (usage_key == "outputTokens") decoded.completion_tokens = json::integer_of(count);
        return true;
      });
    }
    return true;
  });
  if (!well_formed) decoded.malformed = true;
  return decoded;
}

// Titan {"outputText", "inputTextTokenCount", "totalOutputTextTokenCount"}, Llama {"generation",
// "prompt_token_count", "generation_token_count"}, others {"text"|"output"}; every family's last
// chunk may carry amazon-bedrock-invocationMetrics.
DecodedEvent native_chunk(simdjson::ondemand::parser& parser, std::string_view json_text, std::string* text) {
  DecodedEvent decoded;
  simdjson::ondemand::document document;
  value root;
  if (!json::parse(parser, json_text, document, root)) {
    decoded.malformed = true;
    return decoded;
  }
  const bool well_formed = json::for_each_field(root, [&](raw_json_string key, value field) {
    if (key == "outputText" || key == "generation" || key == "text" || key == "output") {
      decoded.content_chars += json::text_length(field, text);
    } else if (key == "inputTextTokenCount" || key == "prompt_token_count") {
      decoded.prompt_tokens = json::integer_of(field);
    } else if (key == "totalOutputTextTokenCount" || key == "generation_token_count") {
      decoded.completion_tokens = json::integer_of(field);
    } else if (key == "amazon-bedrock-invocationMetrics") {
      decoded.done = true;
      json::for_each_field(field, [&](raw_json_string metric, value count) {
        if (metric == "inputTokenCount") decoded.prompt_tokens = json::integer_of(count);
        else if (metric == "outputTokenCount") decoded.completion_tokens = json::integer_of(count);
        return true;
      });
    }
    return true;
  });
  if (!well_formed) decoded.malformed = true;
  return decoded;
}

class BedrockDecoder final : public EventDecoder {
 public:
  BedrockDecoder(BedrockApi api, BedrockFamily family) : api_(api), family_(family) {}

  DecodedEvent decode_stream_event(std::string_view data, std::string* text) override {
    return decode_event(StreamEvent{api_ == BedrockApi::converse ? "contentBlockDelta" : "chunk", data, false}, text);
  }

  DecodedEvent decode_event(const StreamEvent& event, std::string* text) override {
    if (event.exception) return exception_event(parser_, event);
    if (api_ == BedrockApi::converse) return converse_event(parser_, event, text);
    if (event.type != "chunk") return {};
    // {"bytes": "<base64 of the model's JSON>"}: decoded into a padded buffer, then read as the
    // model family writes it.
    std::optional<std::string_view> encoded;
    {
      simdjson::ondemand::document document;
      value root;
      if (!json::parse(parser_, event.data, document, root)) return malformed();
      json::for_each_field(root, [&](raw_json_string key, value field) {
        if (key == "bytes") encoded = json::string_of(field);
        return !encoded;
      });
    }
    if (!encoded) return malformed();
    const std::string decoded = base64_decode_prefix(*encoded);
    if (decoded.empty()) return malformed();
    inner_.clear();
    inner_.append(decoded);
    if (family_ == BedrockFamily::claude) return decode_anthropic_event(parser_, inner_.view(), text);
    return native_chunk(parser_, inner_.view(), text);
  }

  DecodedEvent decode_response(std::string_view body, std::string* text) override {
    if (family_ == BedrockFamily::claude && api_ == BedrockApi::invoke) {
      DecodedEvent event = decode_anthropic_response(parser_, body, text);
      if (event.malformed) return error_body(body);
      return event;
    }
    // Converse: {"output": {"message": {"content": [{"text"}]}}, "usage": {...}}; an error:
    // {"message": "..."}.
    DecodedEvent event;
    simdjson::dom::element root;
    if (dom_.parse(body.data(), body.size(), true).get(root) || !root.is_object()) return malformed();
    simdjson::dom::array content;
    if (!root["output"]["message"]["content"].get(content)) {
      for (simdjson::dom::element part : content) {
        std::string_view part_text;
        if (!part["text"].get(part_text)) {
          event.content_chars += part_text.size();
          if (text != nullptr) text->append(part_text);
        }
      }
      int64_t count = 0;
      if (!root["usage"]["inputTokens"].get(count)) event.prompt_tokens = count;
      if (!root["usage"]["outputTokens"].get(count)) event.completion_tokens = count;
      return event;
    }
    if (api_ == BedrockApi::invoke) {
      event = native_chunk(parser_, body, text);
      if (!event.malformed && event.content_chars > 0) return event;
    }
    return error_body(body);
  }

 private:
  static DecodedEvent malformed() {
    DecodedEvent event;
    event.malformed = true;
    return event;
  }

  // Bedrock's errors before the stream: {"message": "..."} (the type is in x-amzn-ErrorType).
  DecodedEvent error_body(std::string_view body) {
    DecodedEvent event;
    simdjson::dom::element root;
    std::string_view message;
    if (dom_.parse(body.data(), body.size(), true).get(root) ||
        (root["message"].get(message) && root["Message"].get(message))) {
      return malformed();
    }
    event.error_message.emplace(message);
    return event;
  }

  BedrockApi api_;
  BedrockFamily family_;
  simdjson::ondemand::parser parser_;
  simdjson::dom::parser dom_;
  net::PaddedBuffer inner_;
};

}  // namespace

BedrockFamily bedrock_family(std::string_view model_id) {
  if (model_id.find("claude") != std::string_view::npos) return BedrockFamily::claude;
  if (model_id.find("titan") != std::string_view::npos) return BedrockFamily::titan;
  if (model_id.find("llama") != std::string_view::npos) return BedrockFamily::llama;
  return BedrockFamily::other;
}

std::unique_ptr<EventDecoder> make_bedrock_decoder(BedrockApi api, BedrockFamily family) {
  return std::make_unique<BedrockDecoder>(api, family);
}

}  // namespace genai::api
