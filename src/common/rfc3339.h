// A moment given on the command line (--start-at): RFC 3339 ("2026-11-30T19:00:00Z",
// "2026-11-30T20:00:00.250+01:00") or Unix nanoseconds ("1796065200000000000"). Hand-written:
// std::chrono::parse is not in GCC 12's library, and the grammar is small (RFC 3339 section 5.6).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace genai {

// Nanoseconds since the Unix epoch (UTC), or a one-line reason the text is neither form.
Result<int64_t> parse_moment(std::string_view text);

// RFC 3339 in UTC with nanoseconds: "2026-11-30T19:00:00.000000000Z".
std::string format_rfc3339_ns(int64_t unix_ns);

}  // namespace genai
