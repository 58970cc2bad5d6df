#include "report/json_text.h"

#include <boost/json/serialize.hpp>

namespace genai::report {
namespace {

void append_indented(const boost::json::value& value, std::string& out, size_t indent) {
  const std::string inner(indent + 2, ' ');
  const std::string outer(indent, ' ');
  if (value.is_object() && !value.as_object().empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& [key, item] : value.as_object()) {
      out += first ? "" : ",\n";
      first = false;
      out += inner + boost::json::serialize(boost::json::value(key)) + ": ";
      append_indented(item, out, indent + 2);
    }
    out += "\n" + outer + "}";
  } else if (value.is_array() && !value.as_array().empty()) {
    out += "[\n";
    bool first = true;
    for (const auto& item : value.as_array()) {
      out += first ? "" : ",\n";
      first = false;
      out += inner;
      append_indented(item, out, indent + 2);
    }
    out += "\n" + outer + "]";
  } else {
    out += boost::json::serialize(value);
  }
}

}  // namespace

std::string pretty_json(const boost::json::value& value) {
  std::string out;
  append_indented(value, out, 0);
  out += "\n";
  return out;
}

boost::json::value text_or_null(const std::string& text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

}  // namespace genai::report
