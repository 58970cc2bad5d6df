// The one-line progress display while a run goes on, redrawn in place when stdout is a terminal.
#pragma once

#include <string>

#include "load/closed_loop.h"
#include "net/clock.h"

namespace genai::app {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled) {}
  void start_run(std::string label, uint64_t planned_requests);
  void update(const load::RunProgress& progress);  // redraws at most 4 times a second
  void finish_run(const load::RunProgress& progress);

 private:
  void draw(const load::RunProgress& progress);
  bool enabled_;
  std::string label_;
  uint64_t planned_ = 0;
  net::Clock::time_point run_start_{}, last_draw_{};
};

}  // namespace genai::app
