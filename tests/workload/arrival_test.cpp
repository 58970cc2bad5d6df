#include "workload/arrival.h"

#include <gtest/gtest.h>

#include <cmath>

namespace genai::workload {
namespace {

struct GapStatistics {
  double mean_s = 0, cv = 0;
};

GapStatistics gaps_of(const std::vector<int64_t>& offsets) {
  std::vector<double> gaps;
  for (size_t i = 1; i < offsets.size(); ++i) gaps.push_back(static_cast<double>(offsets[i] - offsets[i - 1]) / 1e9);
  double sum = 0;
  for (double gap : gaps) sum += gap;
  const double mean = sum / static_cast<double>(gaps.size());
  double squares = 0;
  for (double gap : gaps) squares += (gap - mean) * (gap - mean);
  return {mean, std::sqrt(squares / static_cast<double>(gaps.size() - 1)) / mean};
}

// 40,000 gaps: the sample mean's relative standard error is 1/sqrt(40000) * CV = 0.5% for
// Poisson, so the 2% bounds below are four standard errors and more.
TEST(Arrival, PoissonGapsHaveTheRatesMeanAndCvOne) {
  const auto offsets = arrival_offsets_ns({Arrival::Kind::poisson, 200, 1}, 40001, 7);
  EXPECT_EQ(offsets.front(), 0);
  const GapStatistics gaps = gaps_of(offsets);
  EXPECT_NEAR(gaps.mean_s, 1.0 / 200, 0.02 / 200);
  EXPECT_NEAR(gaps.cv, 1.0, 0.02);
}

TEST(Arrival, GammaBurstinessSetsTheCvToOneOverRootK) {
  for (double k : {0.5, 2.0, 4.0}) {
    const GapStatistics gaps = gaps_of(arrival_offsets_ns({Arrival::Kind::gamma, 50, k}, 40001, 11));
    EXPECT_NEAR(gaps.mean_s, 1.0 / 50, 0.03 / 50) << k;
    EXPECT_NEAR(gaps.cv, 1 / std::sqrt(k), 0.05 / std::sqrt(k)) << k;
  }
}

TEST(Arrival, ConstantIsEvenlySpacedAndSchedulesAreSeeded) {
  const auto constant = arrival_offsets_ns({Arrival::Kind::constant, 8, 1}, 5, 1);
  EXPECT_EQ(constant, (std::vector<int64_t>{0, 125'000'000, 250'000'000, 375'000'000, 500'000'000}));
  EXPECT_EQ(arrival_offsets_ns({Arrival::Kind::poisson, 10, 1}, 100, 3), arrival_offsets_ns({Arrival::Kind::poisson, 10, 1}, 100, 3));
  EXPECT_NE(arrival_offsets_ns({Arrival::Kind::poisson, 10, 1}, 100, 3), arrival_offsets_ns({Arrival::Kind::poisson, 10, 1}, 100, 4));
  EXPECT_EQ((Arrival{Arrival::Kind::gamma, 1, 0.5}).describe(), "gamma(k=0.5)");
  EXPECT_FALSE(parse_arrival_kind("bursty"));
}

// The Rust rewrite's delay distributions. A normal clamped at 0 has mean
// mu * Phi(mu/sigma) + sigma * phi(mu/sigma): at spread 0.5, 1.004245 mu; at 0.2 it is mu.
TEST(Arrival, NormalGapsHaveTheSpreadAsTheirCvAndNoNegativeGap) {
  for (double spread : {0.2, 0.5}) {
    Arrival arrival{Arrival::Kind::normal, 100, 1};
    arrival.spread = spread;
    const auto offsets = arrival_offsets_ns(arrival, 40001, 5);
    for (size_t i = 1; i < offsets.size(); ++i) ASSERT_GE(offsets[i], offsets[i - 1]);
    const GapStatistics gaps = gaps_of(offsets);
    const double expected_mean = spread == 0.5 ? 1.004245 / 100 : 1.0 / 100;
    EXPECT_NEAR(gaps.mean_s, expected_mean, 0.01 / 100) << spread;
    EXPECT_NEAR(gaps.cv, spread, 0.05 * spread) << spread;
  }
}

// Uniform on [m(1-w), m(1+w)]: standard deviation m w / sqrt(3).
TEST(Arrival, UniformGapsStayWithinTheSpreadAroundTheMean) {
  for (double spread : {1.0, 0.5}) {
    Arrival arrival{Arrival::Kind::uniform, 20, 1};
    arrival.spread = spread;
    const auto offsets = arrival_offsets_ns(arrival, 40001, 9);
    for (size_t i = 1; i < offsets.size(); ++i) {
      const double gap_s = static_cast<double>(offsets[i] - offsets[i - 1]) / 1e9;
      ASSERT_GE(gap_s, (1 - spread) / 20 - 1e-9);
      ASSERT_LE(gap_s, (1 + spread) / 20 + 1e-9);
    }
    const GapStatistics gaps = gaps_of(offsets);
    EXPECT_NEAR(gaps.mean_s, 1.0 / 20, 0.01 / 20) << spread;
    EXPECT_NEAR(gaps.cv, spread / std::sqrt(3.0), 0.03 * spread) << spread;
  }
  EXPECT_EQ(*parse_arrival_kind("deterministic"), Arrival::Kind::constant);
  Arrival described{Arrival::Kind::uniform, 1, 1};
  described.spread = 0.25;
  EXPECT_EQ(described.describe(), "uniform(+-0.25)");
}

}  // namespace
}  // namespace genai::workload
