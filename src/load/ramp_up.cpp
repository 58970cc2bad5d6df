#include "load/ramp_up.h"

#include <cmath>

namespace genai::load {

std::chrono::nanoseconds default_closed_loop_ramp(int64_t users) {
  if (users <= kUsersStartedAtOnce) return std::chrono::nanoseconds{0};
  return std::chrono::duration_cast<std::chrono::nanoseconds>(kDefaultUserSpacing) * users;
}

std::chrono::nanoseconds spawn_rate_ramp(int64_t users, double spawn_rate) {
  if (spawn_rate <= 0 || users <= 1) return std::chrono::nanoseconds{0};
  return std::chrono::nanoseconds{static_cast<int64_t>(static_cast<double>(users) / spawn_rate * 1e9)};
}

std::chrono::nanoseconds user_start_offset(int64_t user, int64_t users, std::chrono::nanoseconds ramp) {
  if (users <= 0 || ramp.count() <= 0) return std::chrono::nanoseconds{0};
  // ramp × user / users without the product: 100,000 users times an hour's nanoseconds
  // overflows 64 bits.
  const int64_t whole = ramp.count() / users, rest = ramp.count() % users;
  return std::chrono::nanoseconds{whole * user + rest * user / users};
}

int64_t ramped_offset_ns(int64_t offset_ns, std::chrono::nanoseconds ramp) {
  const auto ramp_ns = static_cast<double>(ramp.count());
  const auto s = static_cast<double>(offset_ns);
  if (ramp.count() <= 0 || offset_ns < 0) return offset_ns;
  if (s >= ramp_ns / 2) return offset_ns + ramp.count() / 2;
  return static_cast<int64_t>(std::sqrt(2 * ramp_ns * s));
}

}  // namespace genai::load
