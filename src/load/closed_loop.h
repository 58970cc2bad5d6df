// Closed-loop load: `concurrency` users, each sending its next request as soon as the last one
// ends (zero think time), until the run's request budget or time limit is reached.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "load/load_target.h"
#include "load/run_plan.h"
#include "metrics/record.h"
#include "workload/scenario.h"

namespace genai::load {

// Runs the plan on target.worker_threads event loops; `on_tick` is called on this thread a few
// times a second. Returns every record of the run (also appended to target.sink as they end).
std::vector<metrics::RequestRecord> run_closed_loop(const RunPlan& plan, const LoadTarget& target,
                                                    RunProgress& progress, const std::function<void()>& on_tick);

}  // namespace genai::load
