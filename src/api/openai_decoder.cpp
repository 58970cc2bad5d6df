#include "api/openai_decoder.h"

#include <simdjson.h>

#include "api/content_template.h"
#include "net/padded_buffer.h"

namespace genai::api {
namespace {

using simdjson::ondemand::object;
using simdjson::ondemand::value;

// Keys are compared raw (escaped form, no copy): the APIs we decode never escape their keys.

static_assert(net::kReadPadding >= simdjson::SIMDJSON_PADDING);

// Length of a string value, 0 for null or a non-string; the text is appended when asked for.
size_t string_length(value field_value, std::string* sink) {
  std::string_view text;
  if (field_value.get_string().get(text)) return 0;
  if (sink != nullptr) sink->append(text);
  return text.size();
}

std::optional<int64_t> optional_integer(value field_value) {
  int64_t number = 0;
  if (field_value.get_int64().get(number)) return std::nullopt;
  return number;
}

class OpenAiDecoder final : public EventDecoder {
 public:
  explicit OpenAiDecoder(OpenAiEndpoint endpoint) : endpoint_(endpoint) {}

  DecodedEvent decode_stream_event(std::string_view data, std::string* text) override {
    DecodedEvent event;
    text_sink_ = text;
    if (auto text_bytes = template_.match(data, text)) {
      event.content_chars = *text_bytes;
      return event;
    }
    if (data == "[DONE]") {
      event.done = true;
      return event;
    }
    decode(data, /*whole_response=*/false, event);
    learn_template(data, event);
    return event;
  }

  DecodedEvent decode_response(std::string_view body, std::string* text) override {
    DecodedEvent event;
    text_sink_ = text;
    decode(body, /*whole_response=*/true, event);
    return event;
  }

 private:
  // A pure content event (one text string, no usage, no error) becomes the fast path's template.
  void learn_template(std::string_view data, const DecodedEvent& event) {
    const bool pure_content = !event.malformed && !event.error_message && !event.prompt_tokens &&
                              !event.completion_tokens && event.content_chars > 0 && text_strings_ == 1;
    if (!pure_content || text_token_.data() < data.data() || text_token_.data() >= data.data() + data.size()) return;
    template_.learn(data, static_cast<size_t>(text_token_.data() - data.data()));
  }

  // Counts a text-bearing field (content, reasoning, text) and measures it.
  void take_text(value field_value, DecodedEvent& event) {
    const std::string_view token = field_value.raw_json_token();
    if (!token.empty() && token.front() == '"') {
      ++text_strings_;
      text_token_ = token;
    }
    event.content_chars += string_length(field_value, text_sink_);
  }

  void decode(std::string_view json, bool whole_response, DecodedEvent& event) {
    text_strings_ = 0;
    text_token_ = {};
    simdjson::padded_string_view padded(json.data(), json.size(), json.size() + net::kReadPadding);
    simdjson::ondemand::document document;
    object root;
    if (parser_.iterate(padded).get(document) || document.get_object().get(root)) {
      event.malformed = true;
      return;
    }
    // vLLM's mid-stream errors come as {"error": {...}}, some servers' as {"object": "error", "message": ...}.
    bool is_error_object = false;
    std::optional<std::string_view> top_level_message;
    for (auto field : root) {
      simdjson::ondemand::raw_json_string key;
      value field_value;
      if (field.key().get(key) || field.value().get(field_value)) {
        event.malformed = true;
        return;
      }
      if (key == "choices") {
        if (!decode_choices(field_value, whole_response, event)) return;
      } else if (key == "usage") {
        decode_usage(field_value, event);
      } else if (key == "error") {
        decode_error(field_value, event);
      } else if (key == "object") {
        std::string_view kind;
        is_error_object = !field_value.get_string().get(kind) && kind == "error";
      } else if (key == "message") {
        std::string_view text;
        if (!field_value.get_string().get(text)) top_level_message = text;
      }
    }
    if (is_error_object && !event.error_message) event.error_message.emplace(top_level_message.value_or("error"));
  }

  bool decode_choices(value choices, bool whole_response, DecodedEvent& event) {
    simdjson::ondemand::array array;
    if (choices.get_array().get(array)) {
      event.malformed = true;
      return false;
    }
    for (auto element : array) {  // only the first choice is generated text for us (n = 1)
      object choice;
      if (element.get_object().get(choice)) {
        event.malformed = true;
        return false;
      }
      for (auto field : choice) {
        simdjson::ondemand::raw_json_string key;
        value field_value;
        if (field.key().get(key) || field.value().get(field_value)) {
          event.malformed = true;
          return false;
        }
        if (endpoint_ == OpenAiEndpoint::completions && key == "text") {
          take_text(field_value, event);
        } else if (endpoint_ == OpenAiEndpoint::chat && key == (whole_response ? "message" : "delta")) {
          decode_message(field_value, event);
        }
      }
      break;
    }
    return true;
  }

  void decode_message(value message, DecodedEvent& event) {
    object fields;
    if (message.get_object().get(fields)) return;
    for (auto field : fields) {
      simdjson::ondemand::raw_json_string key;
      value field_value;
      if (field.key().get(key) || field.value().get(field_value)) return;
      // vLLM and SGLang send reasoning as reasoning_content, some servers as reasoning.
      if (key == "content" || key == "reasoning_content" || key == "reasoning") take_text(field_value, event);
    }
  }

  void decode_usage(value usage, DecodedEvent& event) {
    object fields;
    if (usage.get_object().get(fields)) return;  // "usage": null is common
    for (auto field : fields) {
      simdjson::ondemand::raw_json_string key;
      value field_value;
      if (field.key().get(key) || field.value().get(field_value)) return;
      if (key == "prompt_tokens") event.prompt_tokens = optional_integer(field_value);
      else if (key == "completion_tokens") event.completion_tokens = optional_integer(field_value);
    }
  }

  void decode_error(value error, DecodedEvent& event) {
    std::string_view text;
    if (!error.get_string().get(text)) {
      event.error_message.emplace(text);
      return;
    }
    object fields;
    if (error.get_object().get(fields)) {
      event.error_message.emplace("error");
      return;
    }
    for (auto field : fields) {
      simdjson::ondemand::raw_json_string key;
      value field_value;
      if (field.key().get(key) || field.value().get(field_value)) break;
      if (key == "message" && !field_value.get_string().get(text)) {
        event.error_message.emplace(text);
        return;
      }
    }
    event.error_message.emplace("error");
  }

  OpenAiEndpoint endpoint_;
  simdjson::ondemand::parser parser_;
  ContentTemplate template_;
  int text_strings_ = 0;          // text-bearing string fields in the event being decoded
  std::string_view text_token_;   // the last one's raw token, inside the event's bytes
  std::string* text_sink_ = nullptr;  // where generated text goes, when the caller wants it
};

}  // namespace

std::unique_ptr<EventDecoder> make_openai_decoder(OpenAiEndpoint endpoint) {
  return std::make_unique<OpenAiDecoder>(endpoint);
}

}  // namespace genai::api
