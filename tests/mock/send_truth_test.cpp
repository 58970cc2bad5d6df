// The mock's histogram: exact below 2,048 µs, within 0.8 % above, and its percentiles are the
// nearest-rank ones computed by hand.
#include "mock/send_truth.h"

#include <gtest/gtest.h>

namespace genai::mock {
namespace {

TEST(MicrosecondHistogram, BucketsAreExactBelow2048AndWithinAPercentAbove) {
  for (uint64_t value : {0ull, 1ull, 2047ull}) {
    EXPECT_EQ(MicrosecondHistogram::lower_bound_of(MicrosecondHistogram::bucket_of(value)), value);
  }
  size_t previous = 0;
  for (uint64_t value = 2048; value < 5'000'000'000ull; value = value * 21 / 20 + 1) {
    const size_t bucket = MicrosecondHistogram::bucket_of(value);
    EXPECT_GE(bucket, previous) << value;  // monotonic
    previous = bucket;
    const uint64_t low = MicrosecondHistogram::lower_bound_of(bucket);
    EXPECT_LE(low, value);
    EXPECT_LE(static_cast<double>(value - low), 0.008 * static_cast<double>(value)) << value;
  }
}

TEST(MicrosecondHistogram, SummaryOfTwoThreads) {
  MicrosecondHistogram first, second;
  for (int v = 1; v <= 50; ++v) first.add(v);      // 1..50
  for (int v = 51; v <= 100; ++v) second.add(v);   // 51..100
  second.add(-5);                                  // a clock step: counted as 0
  const auto summary = MicrosecondHistogram::summarize({&first, &second});
  EXPECT_EQ(summary.count, 101u);
  EXPECT_DOUBLE_EQ(summary.mean_us, 5050.0 / 101.0);
  EXPECT_EQ(summary.p50_us, 50u);  // rank ceil(0.5 * 101) = 51 of 0,1..100: the value 50
  EXPECT_EQ(summary.p90_us, 90u);  // rank 91
  EXPECT_EQ(summary.p99_us, 99u);  // rank 100
  EXPECT_EQ(summary.max_us, 100u);
}

}  // namespace
}  // namespace genai::mock
