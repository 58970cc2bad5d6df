// Open-loop load: requests start at the times the arrival process schedules (constant, Poisson or
// gamma at plan.arrival's rate), whether or not earlier ones have finished, so a slow server
// meets the load it would meet in production (no coordinated omission). Each record keeps its
// t_sched; t_start - t_sched is the client's own lateness. plan.concurrency > 0 caps the requests
// in flight: a request due while the cap is reached waits for one to end, and starts late.
#pragma once

#include <functional>
#include <vector>

#include "load/load_target.h"
#include "load/run_plan.h"
#include "metrics/record.h"

namespace genai::load {

// Due times of the run's requests from its start, by index - first_request_index: the trace's
// timestamps (sped up), or arrival offsets drawn for the budget (or for what the time limit lets
// start, whichever is less). The whole experiment's, whatever plan.shard says: a shard keeps the
// ones of its indices, so the shards' schedules together are the unsharded one.
std::vector<int64_t> open_loop_schedule(const RunPlan& plan, const LoadTarget& target);

// As run_closed_loop: `on_tick` is called on this thread a few times a second; returns every
// record of the run (also appended to target.sink as each ends).
std::vector<metrics::RequestRecord> run_open_loop(const RunPlan& plan, const LoadTarget& target, RunProgress& progress,
                                                  const std::function<void()>& on_tick);

}  // namespace genai::load
