// Indented JSON text for the files people open by hand (experiment.json, summary.json).
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace genai::report {

std::string pretty_json(const boost::json::value& value);  // ends with '\n'

}  // namespace genai::report
