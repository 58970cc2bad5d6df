#include "report/file_output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace genai::report {

Status write_file_atomically(const std::string& path, std::string_view contents) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) return make_error("cannot write '" + path + "': " + std::strerror(errno));
    file.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    if (!file.flush()) return make_error("cannot write '" + path + "': " + std::strerror(errno));
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return make_error("cannot write '" + path + "': " + std::strerror(errno));
  }
  return Ok{};
}

std::string format_number(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return text;
}

}  // namespace genai::report
