#include "metrics/microsecond_distribution.h"

#include <gtest/gtest.h>

#include <random>

namespace genai::metrics {
namespace {

// Counting instead of sorting must give exactly what sorting gives.
TEST(MicrosecondDistribution, SameStatisticsAsSortingTheValues) {
  std::mt19937_64 random(5);
  for (int trial = 0; trial < 20; ++trial) {
    MicrosecondDistribution distribution;
    std::vector<double> values_ms;
    const int count = 1 + static_cast<int>(random() % 5000);
    for (int i = 0; i < count; ++i) {
      // Mostly ITL-like gaps, some zeros (same read), a few past the dense 10 s limit.
      uint32_t gap = static_cast<uint32_t>(random() % 30000);
      if (random() % 10 == 0) gap = 0;
      if (random() % 500 == 0) gap = 10'000'000 + static_cast<uint32_t>(random() % 5'000'000);
      distribution.add(gap);
      values_ms.push_back(gap / 1e3);
    }
    const Statistics expected = compute_statistics(values_ms);
    const Statistics actual = distribution.statistics_ms();
    EXPECT_EQ(actual.count, expected.count);
    for (auto [a, e] : {std::pair{actual.mean, expected.mean}, {actual.min, expected.min}, {actual.max, expected.max},
                        {actual.p25, expected.p25}, {actual.p50, expected.p50}, {actual.p90, expected.p90},
                        {actual.p99, expected.p99}, {actual.p999, expected.p999}, {actual.sum, expected.sum}}) {
      EXPECT_NEAR(a, e, 1e-9 * std::max(1.0, std::abs(e)));
    }
    EXPECT_NEAR(actual.std, expected.std, 1e-6 * std::max(1.0, expected.std));
  }
}

TEST(MicrosecondDistribution, EmptyHasCountZero) { EXPECT_EQ(MicrosecondDistribution().statistics_ms().count, 0u); }

}  // namespace
}  // namespace genai::metrics
