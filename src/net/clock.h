// The one clock every timestamp comes from: monotonic, nanosecond resolution. Timestamps are
// taken when bytes are read, before any parsing.
#pragma once

#include <chrono>
#include <cstdint>

namespace genai::net {

using Clock = std::chrono::steady_clock;

inline int64_t nanoseconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(to - from).count();
}

// The wall clock (CLOCK_REALTIME) in Unix nanoseconds: only for moments shared between machines
// (--start-at, shard.json), never for durations.
inline int64_t realtime_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace genai::net
