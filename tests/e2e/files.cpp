#include "e2e/files.h"

#include <boost/json/parse.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace genai::testing {

std::string read_text(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

boost::json::value read_json_file(const std::string& path) { return boost::json::parse(read_text(path)); }

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
}

boost::json::value read_workbook(const std::string& path) {
  const std::string out = path + ".json";
  const std::string command = "/usr/bin/python3 " + std::string(GENAI_TESTS_DIR) + "/e2e/readers/read_xlsx.py " + path +
                              " > " + out + " 2>&1";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("read_xlsx.py failed on " + path + ": " + read_text(out));
  return boost::json::parse(read_text(out));
}

bool openpyxl_available() { return std::system("/usr/bin/python3 -c 'import openpyxl' 2>/dev/null") == 0; }

}  // namespace genai::testing
