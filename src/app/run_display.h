// What a benchmark shows while it runs. On a terminal (and without --no-ui): a live dashboard
// redrawn in place a few times a second. Otherwise (--no-ui, output to a file or a pipe): one
// plain progress line every few seconds. Both are driven from the run's watching thread, never
// from an event loop.
#pragma once

#include <memory>
#include <string>

#include "load/run_plan.h"
#include "metrics/live_window.h"
#include "net/clock.h"

namespace genai::app {

class RunDisplay {
 public:
  virtual ~RunDisplay() = default;
  virtual void start_run(std::string label, uint64_t planned_requests) = 0;
  virtual void update(const load::RunProgress& progress) = 0;  // called often; draws when due
  virtual void finish_run(const load::RunProgress& progress) = 0;
};

std::unique_ptr<RunDisplay> make_progress_lines();
// `live`: the requests that ended lately; `experiment_start`: the clock records are timed from.
std::unique_ptr<RunDisplay> make_dashboard(const metrics::LiveWindow& live, net::Clock::time_point experiment_start);

}  // namespace genai::app
