#include "load/ramp_up.h"

#include <gtest/gtest.h>

namespace genai::load {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

TEST(RampUp, LargeUserCountsAreSpreadByDefaultSmallOnesStartAtOnce) {
  EXPECT_EQ(default_closed_loop_ramp(1), nanoseconds{0});
  EXPECT_EQ(default_closed_loop_ramp(100), nanoseconds{0});
  EXPECT_EQ(default_closed_loop_ramp(1000), milliseconds{100});  // 100 us apart
  EXPECT_EQ(default_closed_loop_ramp(10000), seconds{1});
}

TEST(RampUp, SpawnRateIsUsersPerSecondAsLocustStartsThem) {
  EXPECT_EQ(spawn_rate_ramp(100, 50), seconds{2});
  EXPECT_EQ(spawn_rate_ramp(64, 64), seconds{1});  // Python's default: the concurrency, so 1 s
  EXPECT_EQ(spawn_rate_ramp(1, 10), nanoseconds{0});
}

TEST(RampUp, UsersStartEvenlyOverTheRamp) {
  EXPECT_EQ(user_start_offset(0, 4, milliseconds{400}), nanoseconds{0});
  EXPECT_EQ(user_start_offset(1, 4, milliseconds{400}), milliseconds{100});
  EXPECT_EQ(user_start_offset(3, 4, milliseconds{400}), milliseconds{300});
  EXPECT_EQ(user_start_offset(3, 4, nanoseconds{0}), nanoseconds{0});
  // 100,000 users over an hour: no overflow (the last starts 36 ms before the hour ends).
  EXPECT_EQ(user_start_offset(99'999, 100'000, seconds{3600}), seconds{3600} - milliseconds{36});
}

// A linear ramp to R over D = 1 s: the arrival due at s on the constant schedule moves to
// sqrt(2 D s) while s < D/2, and to s + D/2 after. Hand-computed: s = 0.125 s → sqrt(0.25) = 0.5 s;
// s = 0.32 s → sqrt(0.64) = 0.8 s; s = 0.5 s → 1 s (the ramp's end, continuous); s = 2 s → 2.5 s.
TEST(RampUp, OpenLoopArrivalsFollowARateRisingLinearly) {
  const nanoseconds ramp = seconds{1};
  EXPECT_EQ(ramped_offset_ns(0, ramp), 0);
  EXPECT_EQ(ramped_offset_ns(125'000'000, ramp), 500'000'000);
  EXPECT_EQ(ramped_offset_ns(320'000'000, ramp), 800'000'000);
  EXPECT_EQ(ramped_offset_ns(500'000'000, ramp), 1'000'000'000);
  EXPECT_EQ(ramped_offset_ns(2'000'000'000, ramp), 2'500'000'000);
  EXPECT_EQ(ramped_offset_ns(2'000'000'000, nanoseconds{0}), 2'000'000'000);  // no ramp: as scheduled
  // The rate it gives: arrivals per unit time at t = 0.8 s are R · t / D = 0.8 R. Two arrivals
  // 1 ms apart near s = 0.32 s land 1 ms / 0.8 = 1.25 ms apart.
  const int64_t gap = ramped_offset_ns(320'500'000, ramp) - ramped_offset_ns(319'500'000, ramp);
  EXPECT_NEAR(static_cast<double>(gap), 1.25e6, 1e3);
}

}  // namespace
}  // namespace genai::load
