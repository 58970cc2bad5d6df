#include "net/retry_after.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

namespace genai::net {
namespace {

using namespace std::chrono;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Month names are fixed English tokens in HTTP dates, whatever the locale (so no strptime).
int month_number(const char* name) {
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (std::strcmp(name, kMonths[i]) == 0) return static_cast<int>(i) + 1;
  }
  return 0;
}

// Whole seconds: a year far from now must not leave the range of a nanosecond time_point.
std::optional<sys_seconds> utc_instant(int year_number, const char* month_name, int day_number, int hour,
                                                    int minute, int second) {
  const int month_index = month_number(month_name);
  if (month_index == 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  const year_month_day date{year{year_number}, month{static_cast<unsigned>(month_index)},
                            day{static_cast<unsigned>(day_number)}};
  if (day_number < 1 || !date.ok()) return std::nullopt;
  return sys_days{date} + hours{hour} + minutes{minute} + seconds{second};
}

// The three forms RFC 9110 §5.6.7 says a recipient must accept.
std::optional<sys_seconds> parse_http_date(const std::string& text) {
  char weekday[10] = {}, month_name[4] = {}, zone[4] = {};
  int day_number = 0, year_number = 0, hour = 0, minute = 0, second = 0, used = 0;
  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  if (std::sscanf(text.c_str(), "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d %3[A-Z]%n", weekday, &day_number,
                  month_name, &year_number, &hour, &minute, &second, zone, &used) == 8 &&
      static_cast<size_t>(used) == text.size() && std::strcmp(zone, "GMT") == 0) {
    return utc_instant(year_number, month_name, day_number, hour, minute, second);
  }
  // RFC 850 (obsolete): Sunday, 06-Nov-94 08:49:37 GMT. A two-digit year is taken as the most
  // recent year ending in those digits that is not more than 50 years in the future (RFC 9110).
  used = 0;
  if (std::sscanf(text.c_str(), "%9[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d %3[A-Z]%n", weekday, &day_number,
                  month_name, &year_number, &hour, &minute, &second, zone, &used) == 8 &&
      static_cast<size_t>(used) == text.size() && std::strcmp(zone, "GMT") == 0) {
    const int this_year = static_cast<int>(year_month_day{floor<days>(system_clock::now())}.year());
    int full_year = this_year - this_year % 100 + year_number;
    if (full_year > this_year + 50) full_year -= 100;
    return utc_instant(full_year, month_name, day_number, hour, minute, second);
  }
  // asctime: Sun Nov  6 08:49:37 1994
  used = 0;
  if (std::sscanf(text.c_str(), "%3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n", weekday, month_name, &day_number, &hour,
                  &minute, &second, &year_number, &used) == 7 &&
      static_cast<size_t>(used) == text.size()) {
    return utc_instant(year_number, month_name, day_number, hour, minute, second);
  }
  return std::nullopt;
}

}  // namespace

std::optional<nanoseconds> parse_retry_after(std::string_view value, system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    if (value.size() > 9) return nanoseconds(seconds(999'999'999));  // absurd; the caller caps it anyway
    return nanoseconds(seconds(std::stoll(std::string(value))));
  }
  const auto instant = parse_http_date(std::string(value));
  if (!instant) return std::nullopt;
  const seconds ahead = *instant - floor<seconds>(now);
  if (ahead <= seconds(0)) return nanoseconds(0);
  // Within a second's resolution, as the date itself; years away is held to 31 years (capped
  // again by the caller's --max-retry-after).
  return duration_cast<nanoseconds>(std::min(ahead, seconds(999'999'999))) - duration_cast<nanoseconds>(now - floor<seconds>(now));
}

std::optional<nanoseconds> parse_retry_after_ms(std::string_view value) {
  value = trim(value);
  if (value.empty() || value.size() > 15 || value.find_first_not_of("0123456789.") != std::string_view::npos) {
    return std::nullopt;
  }
  double milliseconds_value = 0;
  int used = 0;
  const std::string text(value);
  if (std::sscanf(text.c_str(), "%lf%n", &milliseconds_value, &used) != 1 || static_cast<size_t>(used) != text.size()) {
    return std::nullopt;
  }
  // In whole microseconds (exact in a double up to 31 years, held there).
  return microseconds(std::llround(std::min(milliseconds_value, 999'999'999'999.0) * 1e3));
}

}  // namespace genai::net
