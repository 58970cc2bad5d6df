// Checks for numeric flag values whose error says what is wanted in a few words. CLI11's own
// PositiveNumber prints the range up to DBL_MAX: a 309-digit number.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace genai::cli {

// Greater than 0 ("must be greater than 0, not -1").
CLI::Validator positive();
// 0 or more.
CLI::Validator non_negative();
// Between low and high, both included.
CLI::Validator between(double low, double high);

}  // namespace genai::cli
