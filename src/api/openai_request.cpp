#include "api/openai_request.h"

#include <boost/json/serialize.hpp>
#include <charconv>

#include "api/provider_backends.h"
#include "common/json_escape.h"

namespace genai::api {
namespace {

void append_field(std::string& out, std::string_view key) {
  if (!out.empty() && out.back() != '{') out.push_back(',');
  append_json_string(out, key);
  out.push_back(':');
}

void append_integer(std::string& out, int64_t value) {
  char digits[24];
  out.append(digits, static_cast<size_t>(std::to_chars(digits, digits + sizeof digits, value).ptr - digits));
}

}  // namespace

std::string openai_target(std::string_view base_path, std::string_view suffix) {
  return versioned_path(base_path, "/v1", suffix);
}

Headers openai_headers(const BackendOptions& options) {
  Headers headers;
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Accept", options.stream ? "text/event-stream" : "application/json");
  if (!options.api_key.empty()) headers.emplace_back("Authorization", "Bearer " + options.api_key);
  return headers;
}

OpenAiBody::OpenAiBody(const BackendOptions& options, const boost::json::object& extra_body, Text text)
    : text_(text) {
  const std::string_view text_key = text == Text::chat_messages ? "messages" : "prompt";
  auto ours = [&](std::string_view key) { return !extra_body.contains(key); };
  std::string& fixed = fixed_fields_;
  if (ours("model") && !options.model.empty()) {  // Azure names the model by its deployment, in the path
    append_field(fixed, "model");
    append_json_string(fixed, options.model);
  }
  if (ours("stream")) {
    append_field(fixed, "stream");
    fixed += options.stream ? "true" : "false";
  }
  if (options.stream && ours("stream_options")) {
    append_field(fixed, "stream_options");
    fixed += "{\"include_usage\":true}";
  }
  // Greedy, as Python genai-bench asks: the same command gives the same outputs, and their
  // lengths are the scenario's rather than a sampling's.
  if (ours("temperature")) {
    append_field(fixed, "temperature");
    fixed += "0.0";
  }
  for (const auto& [key, value] : extra_body) {
    // Python genai-bench's --additional-request-params key for a system message, not a field.
    if (key == "system_message" && value.is_string() && text == Text::chat_messages) {
      system_message_.assign("{\"role\":\"system\",\"content\":");
      append_json_string(system_message_, value.as_string());
      system_message_ += "},";
      continue;
    }
    append_field(fixed, key);
    fixed += boost::json::serialize(value);
  }
  write_text_ = ours(text_key);
  write_max_tokens_ = ours("max_tokens");
  // vLLM and SGLang extensions: generate exactly max_tokens so output length is controlled.
  write_ignore_eos_ = (options.ignore_eos || options.ignore_eos_by_length) && ours("ignore_eos");
  ignore_eos_false_without_length_ = !options.ignore_eos;
  write_min_tokens_ = options.ignore_eos && ours("min_tokens");
}

std::string OpenAiBody::build(std::string_view prompt, int64_t max_output_tokens, std::string_view messages_json) const {
  std::string body;
  body.reserve(fixed_fields_.size() + prompt.size() + messages_json.size() + 96);
  body.push_back('{');
  body += fixed_fields_;
  const bool length = max_output_tokens > 0;
  if (write_max_tokens_ && length) {
    append_field(body, "max_tokens");
    append_integer(body, max_output_tokens);
  }
  if (write_ignore_eos_ && (length || ignore_eos_false_without_length_)) {
    append_field(body, "ignore_eos");
    body += length ? "true" : "false";
  }
  if (write_min_tokens_ && length) {
    append_field(body, "min_tokens");
    append_integer(body, max_output_tokens);
  }
  if (write_text_) {
    if (text_ == Text::chat_messages && !messages_json.empty()) {
      append_field(body, "messages");
      if (!system_message_.empty() && messages_json.size() > 2) {
        body += "[" + system_message_ + std::string(messages_json.substr(1));
      } else {
        body += messages_json;
      }
    } else if (text_ == Text::chat_messages) {
      append_field(body, "messages");
      body += "[" + system_message_ + "{\"role\":\"user\",\"content\":";
      append_json_string(body, prompt);
      body += "}]";
    } else {
      append_field(body, "prompt");
      append_json_string(body, prompt);
    }
  }
  body.push_back('}');
  return body;
}

}  // namespace genai::api
