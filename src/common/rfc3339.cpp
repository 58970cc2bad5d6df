#include "common/rfc3339.h"

#include <time.h>

#include <charconv>
#include <cstdio>

namespace genai {

namespace {

// Reads exactly `digits` decimal digits at `at`; false if they are not there.
bool read_digits(std::string_view text, size_t& at, int digits, int& value) {
  if (at + static_cast<size_t>(digits) > text.size()) return false;
  value = 0;
  for (int i = 0; i < digits; ++i) {
    const char c = text[at + static_cast<size_t>(i)];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  at += static_cast<size_t>(digits);
  return true;
}

bool expect(std::string_view text, size_t& at, char wanted) {
  if (at >= text.size() || (text[at] != wanted && !(wanted == 'T' && (text[at] == 't' || text[at] == ' ')))) return false;
  ++at;
  return true;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

Result<int64_t> parse_moment(std::string_view text) {
  const std::string quoted = "'" + std::string(text) + "'";
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos) {
    int64_t unix_ns = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), unix_ns);
    if (error != std::errc() || end != text.data() + text.size()) return Error{quoted + ": too large for Unix nanoseconds"};
    return unix_ns;
  }
  size_t at = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  const bool fields = read_digits(text, at, 4, year) && expect(text, at, '-') && read_digits(text, at, 2, month) &&
                      expect(text, at, '-') && read_digits(text, at, 2, day) && expect(text, at, 'T') &&
                      read_digits(text, at, 2, hour) && expect(text, at, ':') && read_digits(text, at, 2, minute) &&
                      expect(text, at, ':') && read_digits(text, at, 2, second);
  const std::string forms = " (RFC 3339 such as 2026-11-30T19:00:00Z, or Unix nanoseconds)";
  if (!fields) return Error{quoted + ": not a time" + forms};
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 60) {
    return Error{quoted + ": no such date or time"};
  }
  int64_t fraction_ns = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    int scale = 100'000'000, digits = 0;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      fraction_ns += (text[at] - '0') * scale;
      scale /= 10;
      ++at;
      ++digits;
    }
    if (digits == 0) return Error{quoted + ": a '.' with no fraction after it"};
  }
  int64_t offset_s = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    const int sign = text[at] == '-' ? -1 : 1;
    ++at;
    int offset_hours = 0, offset_minutes = 0;
    if (!read_digits(text, at, 2, offset_hours) || !expect(text, at, ':') || !read_digits(text, at, 2, offset_minutes) ||
        offset_hours > 23 || offset_minutes > 59) {
      return Error{quoted + ": a bad UTC offset (expected +HH:MM, -HH:MM or Z)"};
    }
    offset_s = sign * (offset_hours * 3600 + offset_minutes * 60);
  } else {
    return Error{quoted + ": no time zone (end it with Z or an offset such as +01:00)"};
  }
  if (at != text.size()) return Error{quoted + ": unexpected text after the time"};
  tm fields_utc{};
  fields_utc.tm_year = year - 1900;
  fields_utc.tm_mon = month - 1;
  fields_utc.tm_mday = day;
  fields_utc.tm_hour = hour;
  fields_utc.tm_min = minute;
  fields_utc.tm_sec = second;
  const int64_t seconds = static_cast<int64_t>(timegm(&fields_utc)) - offset_s;
  return seconds * 1'000'000'000 + fraction_ns;
}

std::string format_rfc3339_ns(int64_t unix_ns) {
  int64_t seconds = unix_ns / 1'000'000'000;
  int64_t nanos = unix_ns % 1'000'000'000;
  if (nanos < 0) {
    nanos += 1'000'000'000;
    --seconds;
  }
  const time_t whole = static_cast<time_t>(seconds);
  tm utc{};
  gmtime_r(&whole, &utc);
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<long long>(nanos));
  return text;
}

}  // namespace genai
