// How a run's load begins: all at once, or ramped. A closed loop's users start evenly over the
// ramp; an open loop's rate rises linearly from 0 to its target over the ramp (vLLM's
// --ramp-up-strategy linear, ending at the ramp instead of at the run's end) and holds there.
// Synchronised starts make every token of every stream fall due in the same millisecond, which
// measures the herd, not the server; so large user counts are spread by default.
#pragma once

#include <chrono>
#include <cstdint>

namespace genai::load {

// Above this many users, a closed loop without --ramp-up starts them kDefaultUserSpacing apart
// (1,000 users over 0.1 s, 10,000 over 1 s); up to it, all at once.
inline constexpr int64_t kUsersStartedAtOnce = 100;
inline constexpr std::chrono::microseconds kDefaultUserSpacing{100};
std::chrono::nanoseconds default_closed_loop_ramp(int64_t users);

// Python genai-bench's Locust start: `spawn_rate` users a second (its default is the user count,
// so users start over 1 s).
std::chrono::nanoseconds spawn_rate_ramp(int64_t users, double spawn_rate);

// When user `user` (0-based) of `users` starts, from the run's start: user / users of the ramp.
std::chrono::nanoseconds user_start_offset(int64_t user, int64_t users, std::chrono::nanoseconds ramp);

// An arrival schedule at a constant rate R (offset `s` from the run's start) moved onto a rate
// rising linearly from 0 to R over `ramp` D and constant after: the arrival whose expected count
// R·s is reached at t, where the cumulative rate is R·t²/(2D) up to D and R·(t − D/2) after; so
// t = sqrt(2·D·s) for s < D/2, else s + D/2. Any arrival process (Poisson, gamma, constant) keeps
// its shape, stretched.
int64_t ramped_offset_ns(int64_t offset_ns, std::chrono::nanoseconds ramp);

}  // namespace genai::load
