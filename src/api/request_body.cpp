#include "api/request_body.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "common/json_escape.h"

namespace genai::api {

void append_key(std::string& out, std::string_view key) {
  if (!out.empty() && out.back() != '{' && out.back() != '[') out.push_back(',');
  append_json_string(out, key);
  out.push_back(':');
}

void append_integer(std::string& out, int64_t value) {
  char digits[24];
  out.append(digits, static_cast<size_t>(std::to_chars(digits, digits + sizeof digits, value).ptr - digits));
}

void append_string_array(std::string& out, const std::vector<std::string>& texts) {
  out.push_back('[');
  for (size_t i = 0; i < texts.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_json_string(out, texts[i]);
  }
  out.push_back(']');
}

std::string path_segment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '_' || c == '.' || c == '~';
    if (unreserved) {
      encoded.push_back(c);
    } else {
      encoded += {'%', kHex[byte >> 4], kHex[byte & 15]};
    }
  }
  return encoded;
}

void append_extra_fields(std::string& out, const boost::json::object& extra_body) {
  for (const auto& [key, value] : extra_body) {
    append_key(out, key);
    out += boost::json::serialize(value);
  }
}

namespace {

std::string content_text(const boost::json::value& content) {
  if (content.is_string()) return std::string(content.as_string());
  std::string text;
  if (!content.is_array()) return text;
  for (const auto& part : content.as_array()) {
    const auto* object = part.if_object();
    const auto* part_text = object != nullptr ? object->if_contains("text") : nullptr;
    if (part_text != nullptr && part_text->is_string()) text += part_text->as_string();
  }
  return text;
}

std::vector<std::string> content_image_urls(const boost::json::value& content) {
  std::vector<std::string> urls;
  if (!content.is_array()) return urls;
  for (const auto& part : content.as_array()) {
    const auto* object = part.if_object();
    const auto* image = object != nullptr ? object->if_contains("image_url") : nullptr;
    const auto* url = image != nullptr && image->is_object() ? image->as_object().if_contains("url") : nullptr;
    if (url != nullptr && url->is_string()) urls.emplace_back(url->as_string());
  }
  return urls;
}

}  // namespace

SplitMessages split_system_messages(std::string_view messages_json) {
  SplitMessages split;
  boost::system::error_code error;
  const boost::json::value parsed = boost::json::parse(messages_json, error);
  if (error || !parsed.is_array()) return split;
  for (const auto& message : parsed.as_array()) {
    const auto* object = message.if_object();
    if (object == nullptr) continue;
    const auto* role = object->if_contains("role");
    const auto* content = object->if_contains("content");
    if (role == nullptr || !role->is_string() || content == nullptr) continue;
    if (role->as_string() == "system") {
      if (!split.system.empty()) split.system += "\n";
      split.system += content_text(*content);
    } else {
      split.messages.push_back({std::string(role->as_string()), content_text(*content), content_image_urls(*content)});
    }
  }
  return split;
}

}  // namespace genai::api

namespace genai::api {

std::string versioned_path(std::string_view base_path, std::string_view version, std::string_view suffix) {
  std::string path(base_path);
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (!path.ends_with(version)) path += version;
  path += suffix;
  return path;
}

}  // namespace genai::api
