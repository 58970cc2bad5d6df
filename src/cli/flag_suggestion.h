// "Did you mean": the known flag nearest to one a user mistyped or brought from another tool.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace genai::cli {

// The name in `known` (long names without dashes, e.g. "api-base") closest to `unknown` (as
// typed: "--api-bsae" or "--api_bsae=x"), when it is close enough to be what was meant: an edit
// distance of at most a third of the name (at least 1, at most 3), underscores read as dashes.
// Returned with its dashes: "--api-base".
std::optional<std::string> nearest_flag(std::string_view unknown, const std::vector<std::string>& known);

}  // namespace genai::cli
