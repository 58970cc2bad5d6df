// Pieces every provider's JSON body is written from: a field separator, a JSON array of strings,
// the user's --extra-body fields, and a dataset's chat messages split into a system prompt and
// the rest (Anthropic, Bedrock, Vertex and Cohere's v1 take the system prompt apart).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace genai::api {

// Appends `"key":` after a comma unless `out` is empty or ends with '{' or '['.
void append_key(std::string& out, std::string_view key);
void append_integer(std::string& out, int64_t value);
void append_string_array(std::string& out, const std::vector<std::string>& texts);
// Every field of `extra_body`, each as `,"key":value` (or without the comma first in an empty object).
void append_extra_fields(std::string& out, const boost::json::object& extra_body);

// `text` as one URL path segment: everything but RFC 3986's unreserved characters escaped (a
// Bedrock model id's ':' goes out as %3A, as AWS's SDKs send it).
std::string path_segment(std::string_view text);

// OpenAI-style chat messages (a JSON array) as a provider without a "system" role wants them:
// the system messages' text joined, and the other messages, each {"role", "content"} with
// string content (content parts' texts joined) and the URLs of its image_url parts, in order.
struct SplitMessages {
  std::string system;
  struct Message {
    std::string role;
    std::string content;
    std::vector<std::string> image_urls;
  };
  std::vector<Message> messages;
};
SplitMessages split_system_messages(std::string_view messages_json);

}  // namespace genai::api
