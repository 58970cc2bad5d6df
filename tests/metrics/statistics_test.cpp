#include "metrics/statistics.h"

#include <gtest/gtest.h>

namespace genai::metrics {
namespace {

TEST(Statistics, HandComputedValuesForOneToTen) {
  // Values 1..10, shuffled. Linear-interpolation percentiles: rank = p/100 * (n-1).
  const Statistics stats = compute_statistics({7, 3, 10, 1, 5, 2, 9, 4, 8, 6});
  EXPECT_EQ(stats.count, 10u);
  EXPECT_DOUBLE_EQ(stats.sum, 55);
  EXPECT_DOUBLE_EQ(stats.mean, 5.5);
  EXPECT_DOUBLE_EQ(stats.min, 1);
  EXPECT_DOUBLE_EQ(stats.max, 10);
  EXPECT_DOUBLE_EQ(stats.p50, 5.5);    // rank 4.5 -> between 5 and 6
  EXPECT_DOUBLE_EQ(stats.p25, 3.25);   // rank 2.25
  EXPECT_DOUBLE_EQ(stats.p90, 9.1);    // rank 8.1
  EXPECT_DOUBLE_EQ(stats.p99, 9.91);   // rank 8.91
  EXPECT_NEAR(stats.p999, 9.991, 1e-12);
  EXPECT_NEAR(stats.std, 2.8722813232690143, 1e-12);  // population: sqrt(8.25)
}

TEST(Statistics, SingleValueAndEmpty) {
  const Statistics one = compute_statistics({42});
  EXPECT_DOUBLE_EQ(one.p50, 42);
  EXPECT_DOUBLE_EQ(one.p999, 42);
  EXPECT_DOUBLE_EQ(one.std, 0);
  const Statistics none = compute_statistics({});
  EXPECT_EQ(none.count, 0u);
  EXPECT_DOUBLE_EQ(none.mean, 0);
}

}  // namespace
}  // namespace genai::metrics
