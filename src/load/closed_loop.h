// Closed-loop load: `concurrency` users, each sending its next request as soon as the last one
// ends (zero think time), until the run's request budget or time limit is reached.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "load/load_target.h"
#include "metrics/record.h"
#include "workload/scenario.h"

namespace genai::load {

struct ClosedLoopPlan {
  uint32_t run_index = 0;
  workload::Scenario scenario;
  int64_t concurrency = 1;
  uint64_t max_requests = 0;                 // requests issued at most
  uint64_t first_request_index = 0;          // index of its first request (bursts of one run continue it)
  std::chrono::nanoseconds max_duration{0};  // no request starts after this; in-flight ones finish
  // Open every user's connection before the run's clock starts, so a first request does not
  // include the connection storm of all users starting in the same instant.
  bool preconnect = true;
};

// Live counters, read by the progress display while the run goes on.
struct RunProgress {
  std::atomic<uint64_t> finished{0};
  std::atomic<uint64_t> failed{0};
  std::atomic<uint64_t> in_flight{0};
  // Exact-length prompts the build-ahead thread had not ready, so a user built one on its event
  // loop (the client's own overhead; reported when not zero).
  std::atomic<uint64_t> prompts_built_on_loop{0};
};

// Runs the plan on target.worker_threads event loops; `on_tick` is called on this thread a few
// times a second. Returns every record of the run (also appended to target.sink as they end).
std::vector<metrics::RequestRecord> run_closed_loop(const ClosedLoopPlan& plan, const LoadTarget& target,
                                                    RunProgress& progress, const std::function<void()>& on_tick);

}  // namespace genai::load
