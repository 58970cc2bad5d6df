#include "cli/flag_checks.h"

#include <cstdlib>
#include <functional>

#include "report/file_output.h"

namespace genai::cli {
namespace {

// The value as a number, or the reason it is not one.
bool as_number(const std::string& text, double& value, std::string& error) {
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) {
    error = "'" + text + "' is not a number";
    return false;
  }
  return true;
}

// A check whose error says what was wanted: "must be greater than 0, not -1".
CLI::Validator check(const std::string& description, std::function<bool(double)> accept, const std::string& wanted) {
  return CLI::Validator(
      [accept = std::move(accept), wanted](std::string& input) -> std::string {
        double value = 0;
        std::string error;
        if (!as_number(input, value, error)) return error;
        if (!accept(value)) return "must be " + wanted + ", not " + input;
        return {};
      },
      description);
}

}  // namespace

CLI::Validator positive() {
  return check("POSITIVE", [](double value) { return value > 0; }, "greater than 0");
}

CLI::Validator non_negative() {
  return check("NONNEGATIVE", [](double value) { return value >= 0; }, "0 or more");
}

CLI::Validator between(double low, double high) {
  const std::string low_text = report::format_number(low), high_text = report::format_number(high);
  return check("[" + low_text + " - " + high_text + "]",
               [low, high](double value) { return value >= low && value <= high; },
               "between " + low_text + " and " + high_text);
}

}  // namespace genai::cli
