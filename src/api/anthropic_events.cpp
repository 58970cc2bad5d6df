#include "api/anthropic_events.h"

#include "api/json_fields.h"

namespace genai::api {
namespace {

using json::raw_json_string;
using json::value;

// usage: {"input_tokens", "output_tokens", ...}. Cache reads and writes are input too, as Anthropic bills them.
bool read_usage(value usage, DecodedEvent& event) {
  std::optional<int64_t> input, cache_read, cache_creation;
  const bool well_formed = json::for_each_field(usage, [&](raw_json_string key, value field) {
    if (key == "input_tokens") input = json::integer_of(field);
    else if (key == "output_tokens") event.completion_tokens = json::integer_of(field);
    else if (key == "cache_read_input_tokens") cache_read = json::integer_of(field);
    else if (key == "cache_creation_input_tokens") cache_creation = json::integer_of(field);
    return true;
  });
  if (input) event.prompt_tokens = *input + cache_read.value_or(0) + cache_creation.value_or(0);
  return well_formed;
}

void read_error(value error, DecodedEvent& event) {
  event.error_message.emplace("error");
  json::for_each_field(error, [&](raw_json_string key, value field) {
    if (key == "type") {
      if (auto type = json::string_of(field)) event.error_type.emplace(*type);
    } else if (key == "message") {
      if (auto message = json::string_of(field)) event.error_message.emplace(*message);
    }
    return true;
  });
  event.throttled = event.error_type && is_anthropic_throttle(*event.error_type);
}

// content_block_delta's delta: text_delta {"text"}, thinking_delta {"thinking"}; others
// (signature_delta, input_json_delta, citations_delta) generate no text we time.
bool read_delta(value delta, DecodedEvent& event, std::string* text) {
  return json::for_each_field(delta, [&](raw_json_string key, value field) {
    if (key == "text" || key == "thinking") event.content_chars += json::text_length(field, text);
    return true;
  });
}

class AnthropicDecoder final : public EventDecoder {
 public:
  DecodedEvent decode_stream_event(std::string_view data, std::string* text) override {
    return decode_anthropic_event(parser_, data, text);
  }
  DecodedEvent decode_response(std::string_view body, std::string* text) override {
    return decode_anthropic_response(parser_, body, text);
  }

 private:
  simdjson::ondemand::parser parser_;
};

}  // namespace

std::unique_ptr<EventDecoder> make_anthropic_decoder() { return std::make_unique<AnthropicDecoder>(); }

bool is_anthropic_throttle(std::string_view error_type) {
  return error_type == "overloaded_error" || error_type == "rate_limit_error";
}

DecodedEvent decode_anthropic_event(simdjson::ondemand::parser& parser, std::string_view data, std::string* text) {
  DecodedEvent event;
  simdjson::ondemand::document document;
  value root;
  if (!json::parse(parser, data, document, root)) {
    event.malformed = true;
    return event;
  }
  // "type" comes first in every event Anthropic sends; the fields after it are read by it.
  std::string_view type;
  bool nested_ok = true;  // a cut-off event fails inside the field being read
  const bool well_formed = json::for_each_field(root, [&](raw_json_string key, value field) {
    if (key == "type") {
      type = json::string_of(field).value_or("");
      if (type == "message_stop") event.done = true;
    } else if (key == "delta") {
      if (type == "content_block_delta") nested_ok = read_delta(field, event, text) && nested_ok;
    } else if (key == "usage") {
      if (type == "message_delta") nested_ok = read_usage(field, event) && nested_ok;
    } else if (key == "message") {
      if (type == "message_start") {
        json::for_each_field(field, [&](raw_json_string message_key, value message_field) {
          if (message_key == "usage") {
            read_usage(message_field, event);
            event.completion_tokens.reset();  // message_start's output count is a placeholder
          }
          return true;
        });
      }
    } else if (key == "error") {
      read_error(field, event);
    } else if (key == "amazon-bedrock-invocationMetrics") {
      // Bedrock adds the request's totals to the last chunk.
      json::for_each_field(field, [&](raw_json_string metric, value metric_value) {
        if (metric == "inputTokenCount") event.prompt_tokens = json::integer_of(metric_value);
        else if (metric == "outputTokenCount") event.completion_tokens = json::integer_of(metric_value);
        return true;
      });
    }
    return true;
  });
  if (!well_formed || !nested_ok || type.empty()) event.malformed = true;
  return event;
}

DecodedEvent decode_anthropic_response(simdjson::ondemand::parser& parser, std::string_view body, std::string* text) {
  DecodedEvent event;
  simdjson::ondemand::document document;
  value root;
  if (!json::parse(parser, body, document, root)) {
    event.malformed = true;
    return event;
  }
  bool has_content = false;
  const bool well_formed = json::for_each_field(root, [&](raw_json_string key, value field) {
    if (key == "content") {
      has_content = json::for_each_element(field, [&](value block) {
        json::for_each_field(block, [&](raw_json_string block_key, value block_field) {
          if (block_key == "text" || block_key == "thinking") event.content_chars += json::text_length(block_field, text);
          return true;
        });
        return true;
      });
    } else if (key == "usage") {
      read_usage(field, event);
    } else if (key == "error") {
      read_error(field, event);
    }
    return true;
  });
  if (!well_formed || (!has_content && !event.error_message)) event.malformed = true;
  return event;
}

}  // namespace genai::api
