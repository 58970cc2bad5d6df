// Small helpers over simdjson's on-demand API shared by the providers' event decoders: walk an
// object's fields, read a string or an integer, or nothing when the value is of another type.
// Keys are compared raw (escaped form, no copy): the APIs we decode never escape their keys.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/padded_buffer.h"

namespace genai::api::json {

using simdjson::ondemand::raw_json_string;
using simdjson::ondemand::value;

static_assert(net::kReadPadding >= simdjson::SIMDJSON_PADDING);

// Calls visit(key, value) for each field; visit returns false to stop early. False when the value
// is not an object or a field is malformed.
template <class Visit>
bool for_each_field(value object_value, Visit&& visit) {
  simdjson::ondemand::object object;
  if (object_value.get_object().get(object)) return false;
  for (auto field : object) {
    raw_json_string key;
    value field_value;
    if (field.key().get(key) || field.value().get(field_value)) return false;
    if (!visit(key, field_value)) break;
  }
  return true;
}

// Calls visit(value) for each element; false when the value is not an array.
template <class Visit>
bool for_each_element(value array_value, Visit&& visit) {
  simdjson::ondemand::array array;
  if (array_value.get_array().get(array)) return false;
  for (auto element : array) {
    value element_value;
    if (element.get(element_value)) return false;
    if (!visit(element_value)) break;
  }
  return true;
}

inline std::optional<std::string_view> string_of(value field_value) {
  std::string_view text;
  if (field_value.get_string().get(text)) return std::nullopt;
  return text;
}

inline std::optional<int64_t> integer_of(value field_value) {
  int64_t number = 0;
  if (field_value.get_int64().get(number)) return std::nullopt;
  return number;
}

// Length of a string value (0 for any other type); the text is appended to `sink` when given.
inline size_t text_length(value field_value, std::string* sink) {
  const std::optional<std::string_view> text = string_of(field_value);
  if (!text) return 0;
  if (sink != nullptr) sink->append(*text);
  return text->size();
}

// Starts on-demand parsing of `json` (net::kReadPadding readable bytes after it) as an object's
// value; false when it is not JSON.
inline bool parse(simdjson::ondemand::parser& parser, std::string_view json, simdjson::ondemand::document& document,
                  value& root) {
  simdjson::padded_string_view padded(json.data(), json.size(), json.size() + net::kReadPadding);
  if (parser.iterate(padded).get(document)) return false;
  return !document.get_value().get(root);
}

}  // namespace genai::api::json
