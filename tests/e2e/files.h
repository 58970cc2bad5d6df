// Test helper: reads what an experiment folder holds.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace genai::testing {

boost::json::value read_json_file(const std::string& path);
std::vector<std::string> read_lines(const std::string& path);
std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);

}  // namespace genai::testing
