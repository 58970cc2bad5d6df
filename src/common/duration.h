// Parses human durations for flags and YAML: "30s", "2m", "1h", "500ms", and a plain number,
// whose unit is the caller's (Python genai-bench reads --max-time-per-run as minutes).
#pragma once

#include <chrono>
#include <string_view>

#include "common/result.h"

namespace genai {

enum class DefaultUnit { milliseconds, seconds, minutes };

Result<std::chrono::nanoseconds> parse_duration(std::string_view text, DefaultUnit plain_number_unit);

}  // namespace genai
