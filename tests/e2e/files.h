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

// An .xlsx read back by an independent reader (openpyxl, through readers/read_xlsx.py run by
// Debian's /usr/bin/python3): {"sheets": [...], "rows": {sheet: [[cell, ...], ...]}, "charts": {...},
// "frozen": {...}}. Throws with the reader's output when it fails.
boost::json::value read_workbook(const std::string& path);
// Whether python3-openpyxl is installed for read_workbook.
bool openpyxl_available();

}  // namespace genai::testing
