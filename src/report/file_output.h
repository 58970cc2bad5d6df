// Writing report files: whole-file writes that never leave a half-written report behind.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace genai::report {

// Writes `contents` to `path` through a temporary file and a rename.
Status write_file_atomically(const std::string& path, std::string_view contents);
// Formats a double with up to `digits` significant digits ("12.5", "0.00123").
std::string format_number(double value, int digits = 6);

}  // namespace genai::report
