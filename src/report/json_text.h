// Indented JSON text for the files people open by hand (experiment.json, summary.json).
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace genai::report {

std::string pretty_json(const boost::json::value& value);  // ends with '\n'
// The text, or null when it is empty (an option the user did not give).
boost::json::value text_or_null(const std::string& text);

}  // namespace genai::report
