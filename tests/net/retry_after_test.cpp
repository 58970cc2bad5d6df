// Retry-After in each form RFC 9110 names, against instants computed by hand.
#include "net/retry_after.h"

#include <gtest/gtest.h>

namespace genai::net {
namespace {

using namespace std::chrono;

// 1994-11-06 08:49:37 UTC, RFC 9110's own example date: 784111777 s after the epoch.
const system_clock::time_point kExampleDate = system_clock::time_point(seconds(784111777));

TEST(RetryAfter, DeltaSeconds) {
  EXPECT_EQ(parse_retry_after("120", kExampleDate), seconds(120));
  EXPECT_EQ(parse_retry_after(" 0 ", kExampleDate), seconds(0));
  EXPECT_FALSE(parse_retry_after("-5", kExampleDate));
  EXPECT_FALSE(parse_retry_after("1.5", kExampleDate));
  EXPECT_FALSE(parse_retry_after("", kExampleDate));
}

TEST(RetryAfter, EveryHttpDateFormIsTheSameInstant) {
  const auto now = kExampleDate - seconds(90);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), seconds(90));   // IMF-fixdate
  EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now), seconds(90));  // RFC 850
  EXPECT_EQ(parse_retry_after("Sun Nov  6 08:49:37 1994", now), seconds(90));         // asctime
}

TEST(RetryAfter, APastDateMeansNoWait) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kExampleDate + hours(1)), nanoseconds(0));
}

TEST(RetryAfter, NonsenseIsIgnored) {
  for (const char* text : {"soon", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
                           "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 CET",
                           "Sun, 06 Nov 1994 08:49:37 GMT trailing"}) {
    EXPECT_FALSE(parse_retry_after(text, kExampleDate)) << text;
  }
}

// Found by fuzzing: a year far from now, or a huge ms count, overflowed nanoseconds.
TEST(RetryAfter, FarDatesAndHugeCountsStayInRange) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 0997 08:49:37 GMT", kExampleDate), nanoseconds(0));
  const auto far = parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", kExampleDate);
  ASSERT_TRUE(far);
  EXPECT_EQ(*far, seconds(999'999'999));
  EXPECT_EQ(parse_retry_after_ms("99999999999999"), milliseconds(999'999'999'999));
}

TEST(RetryAfter, Milliseconds) {
  EXPECT_EQ(parse_retry_after_ms("1500"), milliseconds(1500));
  EXPECT_EQ(parse_retry_after_ms("2.5"), microseconds(2500));
  EXPECT_FALSE(parse_retry_after_ms("1e3"));
  EXPECT_FALSE(parse_retry_after_ms("-1"));
}

}  // namespace
}  // namespace genai::net
