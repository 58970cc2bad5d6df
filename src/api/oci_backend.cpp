// OCI Generative AI: POST /20231130/actions/chat with apiFormat GENERIC (oci-genai), COHERE
// (oci-cohere) or COHEREV2 (oci-cohere-v2), and actions/embedText, actions/rerankText for
// oci-cohere. The compartment and serving mode come from --additional-request-params
// (compartmentId, servingType ON_DEMAND|DEDICATED, endpointId), as Python genai-bench takes them;
// every other key of it goes into the chat request. Requests are signed by the app's authorizer.
#include <simdjson.h>

#include <boost/json/serialize.hpp>

#include "api/json_fields.h"
#include "api/provider_backends.h"
#include "api/request_body.h"
#include "common/json_escape.h"

namespace genai::api {
namespace {

using json::raw_json_string;
using json::value;

enum class OciFormat { generic, cohere, cohere_v2 };

void read_usage(value usage, DecodedEvent& event) {
  json::for_each_field(usage, [&](raw_json_string key, value field) {
    if (key == "promptTokens") {
      event.prompt_tokens = json::integer_of(field);
    } else if (key == "completionTokens") {
      event.completion_tokens = json::integer_of(field);
    } else if (key == "tokens") {  // Cohere's own shape, in some COHEREV2 responses
      json::for_each_field(field, [&](raw_json_string token_key, value count) {
        if (token_key == "inputTokens" || token_key == "input_tokens") event.prompt_tokens = json::integer_of(count);
        else if (token_key == "outputTokens" || token_key == "output_tokens") event.completion_tokens = json::integer_of(count);
        return true;
      });
    }
    return true;
  });
}

// message: {"content": [{"type": "TEXT", "text"} | {"type": "THINKING", "thinking"}], "reasoningContent"?}
void read_message(value message, DecodedEvent& event, std::string* text) {
  json::for_each_field(message, [&](raw_json_string key, value field) {
    if (key == "content") {
      json::for_each_element(field, [&](value part) {
        json::for_each_field(part, [&](raw_json_string part_key, value part_text) {
          if (part_key == "text" || part_key == "thinking") event.content_chars += json::text_length(part_text, text);
          return true;
        });
        return true;
      });
    } else if (key == "reasoningContent") {
      event.content_chars += json::text_length(field, text);
    }
    return true;
  });
}

class OciDecoder final : public EventDecoder {
 public:
  explicit OciDecoder(OciFormat format) : format_(format) {}

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
    // COHERE's last event repeats the whole text beside its finishReason: not new text. The
    // order of fields is not promised, so its text is measured aside and dropped at the end.
    std::string cohere_text;
    size_t cohere_chars = 0;
    bool finished = false;
    const bool well_formed = json::for_each_field(root, [&](raw_json_string key, value field) {
      if (key == "message") {
        read_message(field, event, text);
      } else if (key == "text" && format_ == OciFormat::cohere) {
        cohere_chars += json::text_length(field, text != nullptr ? &cohere_text : nullptr);
      } else if (key == "finishReason") {
        finished = true;
      } else if (key == "usage") {
        read_usage(field, event);
      } else if (key == "code") {
        event.error_type.emplace(json::string_of(field).value_or("error"));
      }
      return true;
    });
    if (!well_formed) event.malformed = true;
    if (!finished) {
      event.content_chars += cohere_chars;
      if (text != nullptr) text->append(cohere_text);
    }
    // GENERIC and COHEREV2 send usage after the finishReason event when asked (isIncludeUsage);
    // COHERE has none: its finishReason event is the end.
    event.done = (finished && format_ == OciFormat::cohere) || event.completion_tokens.has_value();
    if (event.error_type) event.error_message.emplace("OCI error " + *event.error_type);
    return event;
  }

  // A whole chat response {"chatResponse": {...}} or an error {"code": "...", "message": "..."}.
  DecodedEvent decode_response(std::string_view body, std::string* text) override {
    DecodedEvent event;
    simdjson::dom::element root;
    if (dom_.parse(body.data(), body.size(), true).get(root) || !root.is_object()) {
      event.malformed = true;
      return event;
    }
    std::string_view code, message;
    if (!root["code"].get(code)) {
      event.error_type.emplace(code);
      event.error_message.emplace(root["message"].get(message) ? std::string(code) : std::string(message));
      event.throttled = code == "TooManyRequests";
      return event;
    }
    simdjson::dom::element response;
    if (root["chatResponse"].get(response)) {
      event.malformed = true;
      return event;
    }
    std::string_view response_text;
    auto take = [&](std::string_view part) {
      event.content_chars += part.size();
      if (text != nullptr) text->append(part);
    };
    if (!response["text"].get(response_text)) take(response_text);  // COHERE
    simdjson::dom::array choices, content;
    if (!response["choices"].get(choices)) {  // GENERIC
      for (simdjson::dom::element choice : choices) {
        if (choice["message"]["content"].get(content)) continue;
        for (simdjson::dom::element part : content) {
          if (!part["text"].get(response_text)) take(response_text);
        }
      }
    }
    if (!response["message"]["content"].get(content)) {  // COHEREV2
      for (simdjson::dom::element part : content) {
        if (!part["text"].get(response_text)) take(response_text);
      }
    }
    int64_t count = 0;
    if (!response["usage"]["promptTokens"].get(count)) event.prompt_tokens = count;
    if (!response["usage"]["completionTokens"].get(count)) event.completion_tokens = count;
    return event;
  }

 private:
  OciFormat format_;
  simdjson::ondemand::parser parser_;
  simdjson::dom::parser dom_;
};

// embedText / rerankText: one body; an error {"code", "message"}.
class OciPoolingDecoder final : public WholeResponseDecoder {
 public:
  explicit OciPoolingDecoder(std::string_view results_key) : results_key_(results_key) {}
  DecodedEvent decode_response(std::string_view body, std::string*) override {
    DecodedEvent event;
    simdjson::dom::element root;
    std::string_view code, message;
    if (dom_.parse(body.data(), body.size(), true).get(root) || !root.is_object()) {
      event.malformed = true;
    } else if (!root["code"].get(code)) {
      event.error_type.emplace(code);
      event.error_message.emplace(root["message"].get(message) ? std::string(code) : std::string(message));
      event.throttled = code == "TooManyRequests";
    } else if (root[results_key_].error()) {
      event.malformed = true;
    } else {
      event.done = true;
    }
    return event;
  }

 private:
  std::string_view results_key_;
  simdjson::dom::parser dom_;
};

class OciBackend final : public Backend {
 public:
  OciBackend(OciFormat format, BackendOptions options, boost::json::object extra_body)
      : format_(format), options_(std::move(options)) {
    std::string base(options_.base_path);
    while (!base.empty() && base.back() == '/') base.pop_back();
    const std::string_view action = options_.endpoint == "embeddings" ? "embedText" : options_.endpoint == "rerank" ? "rerankText" : "chat";
    target_ = base + "/20231130/actions/" + std::string(action);
    headers_.emplace_back("Content-Type", "application/json");
    headers_.emplace_back("Accept", streams() ? "text/event-stream" : "application/json");
    envelope_ = serving_fields(extra_body);
    append_extra_fields(extra_fields_, extra_body);  // what is left: into the chat request
    max_tokens_named_ = extra_body.contains("maxTokens");
  }

  std::string_view name() const override {
    return format_ == OciFormat::generic ? "oci-genai" : format_ == OciFormat::cohere ? "oci-cohere" : "oci-cohere-v2";
  }
  bool streams() const override { return options_.stream && options_.endpoint == "chat"; }
  bool generates() const override { return options_.endpoint == "chat"; }

  HttpRequestSpec build_request(const GenerationRequest& request) const override {
    std::string body = "{" + envelope_;
    if (options_.endpoint == "embeddings") {
      body += ",\"inputs\":";
      append_string_array(body, request.inputs);
      body += ",\"inputType\":\"SEARCH_DOCUMENT\",\"truncate\":\"NONE\"";
    } else if (options_.endpoint == "rerank") {
      body += ",\"input\":";
      append_json_string(body, request.query);
      body += ",\"documents\":";
      append_string_array(body, request.inputs);
    } else {
      body += ",\"chatRequest\":";
      append_chat_request(body, request);
    }
    if (options_.endpoint != "chat" && !extra_fields_.empty()) body += "," + extra_fields_;
    body.push_back('}');
    return HttpRequestSpec{"POST", target_, &headers_, std::move(body)};
  }

  std::unique_ptr<EventDecoder> make_decoder() const override {
    if (options_.endpoint == "embeddings") return std::make_unique<OciPoolingDecoder>("embeddings");
    if (options_.endpoint == "rerank") return std::make_unique<OciPoolingDecoder>("documentRanks");
    return std::make_unique<OciDecoder>(format_);
  }

 private:
  // compartmentId and the serving mode, taken out of the user's parameters.
  std::string serving_fields(boost::json::object& extra_body) const {
    auto take = [&](std::string_view key) -> std::string {
      auto found = extra_body.find(key);
      if (found == extra_body.end()) return {};
      std::string text = found->value().is_string() ? std::string(found->value().as_string()) : boost::json::serialize(found->value());
      extra_body.erase(found);
      return text;
    };
    const std::string compartment = take("compartmentId");
    std::string serving_type = take("servingType");
    const std::string endpoint_id = take("endpointId");
    if (serving_type.empty()) serving_type = "ON_DEMAND";
    std::string fields = "\"compartmentId\":";
    append_json_string(fields, compartment);
    fields += ",\"servingMode\":{\"servingType\":";
    append_json_string(fields, serving_type);
    if (serving_type == "DEDICATED") {
      fields += ",\"endpointId\":";
      append_json_string(fields, endpoint_id);
    } else {
      fields += ",\"modelId\":";
      append_json_string(fields, options_.model);
    }
    fields += "}";
    return fields;
  }

  void append_chat_request(std::string& body, const GenerationRequest& request) const {
    const bool stream = options_.stream;
    if (format_ == OciFormat::cohere) {
      body += "{\"apiFormat\":\"COHERE\",\"message\":";
      append_json_string(body, request.prompt);
    } else {
      body += format_ == OciFormat::generic ? "{\"apiFormat\":\"GENERIC\",\"messages\":[" : "{\"apiFormat\":\"COHEREV2\",\"messages\":[";
      if (request.messages_json.empty()) {
        append_message(body, "USER", request.prompt, true);
      } else {
        const SplitMessages split = split_system_messages(request.messages_json);
        bool first = true;
        if (!split.system.empty()) {
          append_message(body, "SYSTEM", split.system, true);
          first = false;
        }
        for (const SplitMessages::Message& message : split.messages) {
          append_message(body, message.role == "assistant" ? "ASSISTANT" : "USER", message.content, first);
          first = false;
        }
      }
      body.push_back(']');
    }
    if (!max_tokens_named_) {
      body += ",\"maxTokens\":";
      append_integer(body, request.max_output_tokens);
    }
    body += stream ? ",\"isStream\":true" : ",\"isStream\":false";
    if (stream && format_ != OciFormat::cohere) body += ",\"streamOptions\":{\"isIncludeUsage\":true}";
    if (!extra_fields_.empty()) body += "," + extra_fields_;
    body.push_back('}');
  }

  static void append_message(std::string& body, std::string_view role, std::string_view text, bool first) {
    body += first ? "{\"role\":" : ",{\"role\":";
    append_json_string(body, role);
    body += ",\"content\":[{\"type\":\"TEXT\",\"text\":";
    append_json_string(body, text);
    body += "}]}";
  }

  OciFormat format_;
  BackendOptions options_;
  std::string target_;
  Headers headers_;
  std::string envelope_;      // "compartmentId":...,"servingMode":{...}
  std::string extra_fields_;
  bool max_tokens_named_ = false;
};

}  // namespace

std::unique_ptr<Backend> make_oci(std::string_view api_backend, BackendOptions options, const boost::json::object& extra_body) {
  const OciFormat format = api_backend == "oci-cohere" ? OciFormat::cohere : api_backend == "oci-cohere-v2" ? OciFormat::cohere_v2 : OciFormat::generic;
  return std::make_unique<OciBackend>(format, std::move(options), extra_body);
}

}  // namespace genai::api
