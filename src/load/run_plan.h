// What one run of an experiment does: its scenario, how load is applied (closed loop with a number
// of users, or open loop at a request rate), when it ends, and the live counters it keeps.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

#include "load/shard.h"
#include "workload/arrival.h"
#include "workload/scenario.h"
#include "workload/trace.h"

namespace genai::load {

struct RunPlan {
  uint32_t run_index = 0;
  workload::Scenario scenario;
  // Closed loop: the number of users. Open loop (arrival set): the cap on requests in flight,
  // 0 for none.
  int64_t concurrency = 1;
  int64_t batch_size = 1;                    // embeddings: texts per request; rerank: documents
  int turns = 1;                             // > 1: each user holds conversations of this many turns
  std::chrono::nanoseconds think_time{0};    // between a conversation's turns
  uint64_t max_requests = 0;                 // requests issued at most
  uint64_t first_request_index = 0;          // index of its first request (bursts of one run continue it)
  std::chrono::nanoseconds max_duration{0};  // no request starts after this; in-flight ones finish
  // Open every user's connection before the run's clock starts, so a first request does not
  // include the connection storm of all users starting in the same instant.
  bool preconnect = true;
  // Closed loop: users start evenly over it; open loop: the rate rises to its target over it
  // (load/ramp_up.h). With ramp_excluded (an explicit --ramp-up), requests started within it are
  // marked (RequestRecord::in_ramp) and left out of the metrics.
  std::chrono::nanoseconds ramp_up{0};
  bool ramp_excluded = false;
  // Set: an open-loop run, requests starting at their scheduled times (load/open_loop).
  std::optional<workload::Arrival> arrival;
  // Set: an open-loop run replaying a trace, request i at its timestamp / trace_speedup.
  const workload::Trace* trace = nullptr;
  double trace_speedup = 1;

  // --shard I/N: this process runs its share of the plan above, whose quantities (concurrency,
  // max_requests, the schedule) stay the whole experiment's; the loops take their part.
  Shard shard;
  // --start-at (the experiment's first run only): once everything is ready (prompts built ahead,
  // connections open), the loop sleeps until this moment on the realtime clock (Unix ns) and takes
  // its zero there; not ready by then + start_grace, it starts nothing (RunProgress::missed_start).
  std::optional<int64_t> start_at_ns;
  std::chrono::nanoseconds start_grace{std::chrono::seconds(1)};

  bool open_loop() const { return arrival.has_value() || trace != nullptr; }
};

// Live counters, read by the progress display while the run goes on.
struct RunProgress {
  std::atomic<uint64_t> finished{0};
  std::atomic<uint64_t> failed{0};
  std::atomic<uint64_t> in_flight{0};
  // Exact-length prompts the build-ahead thread had not ready, so a user built one on its event
  // loop (the client's own overhead; reported when not zero).
  std::atomic<uint64_t> prompts_built_on_loop{0};
  // Open loop: requests that were due while --max-concurrency requests were in flight, and so
  // started late (a cause the lateness warning names).
  std::atomic<uint64_t> waited_for_cap{0};
  // The run's zero on the realtime clock (Unix ns), and with --start-at how late it was; set by
  // the loop before its first request. missed_start: ready only after start_at + start_grace.
  std::atomic<int64_t> start_epoch_ns{0};
  std::atomic<int64_t> start_lateness_ns{0};
  std::atomic<bool> missed_start{false};
};

}  // namespace genai::load
