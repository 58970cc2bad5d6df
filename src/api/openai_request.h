// Request building shared by the OpenAI-compatible endpoints: target path from --api-base,
// headers, and the JSON body. The body is written directly (no JSON document per request):
// the fields every request carries, --extra-body included, are serialised once, and each
// request adds only max_tokens and its escaped prompt.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "api/backend.h"

namespace genai::api {

// "/v1" + suffix, keeping any prefix of the base path: "" or "/" or "/v1" -> "/v1/chat/completions",
// "/proxy" or "/proxy/v1" -> "/proxy/v1/chat/completions".
std::string openai_target(std::string_view base_path, std::string_view suffix);

Headers openai_headers(const BackendOptions& options);

class OpenAiBody {
 public:
  enum class Text { chat_messages, prompt };
  // Fields named in `extra_body` replace ours (the user said so), including max_tokens.
  OpenAiBody(const BackendOptions& options, const boost::json::object& extra_body, Text text);
  // `messages_json`: a JSON array of chat messages to send as they are (chat only); empty: one
  // user message with `prompt`. `max_output_tokens` 0: no max_tokens, the server decides.
  std::string build(std::string_view prompt, int64_t max_output_tokens, std::string_view messages_json = {}) const;

 private:
  std::string fixed_fields_;  // serialised once, without braces: "\"model\":\"m\",\"stream\":true,..."
  std::string system_message_;  // "{...system message...}," before the user's, or empty
  Text text_;
  bool write_text_ = true, write_max_tokens_ = true, write_min_tokens_ = false;
  bool write_ignore_eos_ = false;
  bool ignore_eos_false_without_length_ = false;  // by length (Python): "ignore_eos": false; --ignore-eos: none
};

}  // namespace genai::api
