#include "common/duration.h"

#include <gtest/gtest.h>

namespace genai {
namespace {

using namespace std::chrono_literals;

TEST(Duration, UnitsAndPlainNumbers) {
  EXPECT_EQ(*parse_duration("30s", DefaultUnit::minutes), 30s);
  EXPECT_EQ(*parse_duration("2m", DefaultUnit::seconds), 120s);
  EXPECT_EQ(*parse_duration("1h", DefaultUnit::seconds), 3600s);
  EXPECT_EQ(*parse_duration("250ms", DefaultUnit::seconds), 250ms);
  EXPECT_EQ(*parse_duration("1.5s", DefaultUnit::seconds), 1500ms);
  // A plain number takes the caller's unit: minutes for --max-time-per-run, as in genai-bench.
  EXPECT_EQ(*parse_duration("2", DefaultUnit::minutes), 120s);
  EXPECT_EQ(*parse_duration("100", DefaultUnit::milliseconds), 100ms);
}

TEST(Duration, RejectsGarbageWithTheTextInTheMessage) {
  for (const char* bad : {"", "soon", "-1s", "5 parsecs", "1d", "s"}) {
    auto result = parse_duration(bad, DefaultUnit::seconds);
    ASSERT_FALSE(result) << bad;
    EXPECT_NE(result.error().find(std::string("'") + bad + "'"), std::string::npos) << result.error();
  }
}

}  // namespace
}  // namespace genai
