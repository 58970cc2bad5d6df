#include "common/rfc3339.h"

#include <gtest/gtest.h>

namespace genai {
namespace {

// Expected values from GNU date: `date -u -d TEXT +%s%N` (coreutils 9.1, Debian 12).
TEST(Rfc3339, ReadsTheFormsGnuDateReadsTheSame) {
  const struct {
    const char* text;
    int64_t unix_ns;
  } cases[] = {
      {"2026-11-30T19:00:00Z", 1796065200000000000},
      {"2026-11-30T20:00:00.25+01:00", 1796065200250000000},
      {"1999-12-31T23:59:59.999999999-05:30", 946704599999999999},
      {"2024-02-29T00:00:00Z", 1709164800000000000},
      {"1970-01-01T00:00:00Z", 0},
      {"2026-11-30t19:00:00z", 1796065200000000000},
      {"1796065200000000000", 1796065200000000000},  // Unix nanoseconds as they are
  };
  for (const auto& one : cases) {
    auto parsed = parse_moment(one.text);
    ASSERT_TRUE(parsed) << one.text << ": " << parsed.error();
    EXPECT_EQ(*parsed, one.unix_ns) << one.text;
  }
  EXPECT_EQ(format_rfc3339_ns(1796065200250000000), "2026-11-30T19:00:00.250000000Z");
  EXPECT_EQ(*parse_moment(format_rfc3339_ns(946704599999999999)), 946704599999999999);
}

TEST(Rfc3339, RefusesWhatIsNotAMomentInOneLine) {
  for (const char* bad : {"", "tomorrow", "2026-11-30T19:00:00", "2026-11-30", "2026-02-30T00:00:00Z",
                          "2026-11-30T24:00:00Z", "2026-11-30T19:00:00.Z", "2026-11-30T19:00:00+0100",
                          "2026-11-30T19:00:00Z trailing", "99999999999999999999"}) {
    auto parsed = parse_moment(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().find('\n'), std::string::npos);
    EXPECT_EQ(parsed.error().rfind("'" + std::string(bad) + "'", 0), 0u) << parsed.error();
  }
}

}  // namespace
}  // namespace genai
