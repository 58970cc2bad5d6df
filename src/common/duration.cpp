#include "common/duration.h"

#include <charconv>
#include <cmath>
#include <string>

namespace genai {

Result<std::chrono::nanoseconds> parse_duration(std::string_view text, DefaultUnit plain_number_unit) {
  const std::string original(text);
  double number = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [rest, error] = std::from_chars(begin, end, number);
  if (error != std::errc() || !std::isfinite(number) || number < 0) {
    return make_error("invalid duration '" + original + "' (expected e.g. 30s, 2m, 1h, 500ms)");
  }
  const std::string_view unit(rest, static_cast<size_t>(end - rest));
  double seconds_per_unit = 0;
  if (unit.empty()) {
    seconds_per_unit = plain_number_unit == DefaultUnit::minutes   ? 60.0
                       : plain_number_unit == DefaultUnit::seconds ? 1.0
                                                                   : 1e-3;
  } else if (unit == "ms") {
    seconds_per_unit = 1e-3;
  } else if (unit == "s") {
    seconds_per_unit = 1.0;
  } else if (unit == "m" || unit == "min") {
    seconds_per_unit = 60.0;
  } else if (unit == "h") {
    seconds_per_unit = 3600.0;
  } else {
    return make_error("invalid duration unit in '" + original + "' (expected ms, s, m or h)");
  }
  return std::chrono::nanoseconds(static_cast<long long>(std::llround(number * seconds_per_unit * 1e9)));
}

}  // namespace genai
