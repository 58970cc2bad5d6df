// The Retry-After header (RFC 9110 §10.2.3): delta-seconds or an HTTP-date, and the
// retry-after-ms variant Azure OpenAI sends. Pure, so each form is tested against known values.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace genai::net {

// "120" -> 120 s; "Wed, 21 Oct 2015 07:28:00 GMT" (or the obsolete RFC 850 and asctime forms) ->
// that instant minus `now`, 0 when it has passed. Nothing for anything else.
std::optional<std::chrono::nanoseconds> parse_retry_after(std::string_view value,
                                                          std::chrono::system_clock::time_point now);
// "1500" or "1500.5" milliseconds.
std::optional<std::chrono::nanoseconds> parse_retry_after_ms(std::string_view value);

}  // namespace genai::net
