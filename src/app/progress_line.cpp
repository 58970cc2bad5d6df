#include "app/progress_line.h"

#include <cstdio>

namespace genai::app {

void ProgressLine::start_run(std::string label, uint64_t planned_requests) {
  label_ = std::move(label);
  planned_ = planned_requests;
  run_start_ = net::Clock::now();
  last_draw_ = {};
}

void ProgressLine::update(const load::RunProgress& progress) {
  if (!enabled_) return;
  const auto now = net::Clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(250)) return;
  last_draw_ = now;
  draw(progress);
}

void ProgressLine::finish_run(const load::RunProgress& progress) {
  if (!enabled_) return;
  draw(progress);
  std::fputs("\n", stdout);
  std::fflush(stdout);
}

void ProgressLine::draw(const load::RunProgress& progress) {
  const double elapsed_s = std::chrono::duration<double>(net::Clock::now() - run_start_).count();
  const uint64_t finished = progress.finished.load();
  std::printf("\r\033[K%s: %llu/%llu done, %llu failed, %llu in flight, %.1f req/s, %.0f s", label_.c_str(),
              static_cast<unsigned long long>(finished), static_cast<unsigned long long>(planned_),
              static_cast<unsigned long long>(progress.failed.load()),
              static_cast<unsigned long long>(progress.in_flight.load()),
              elapsed_s > 0 ? static_cast<double>(finished) / elapsed_s : 0.0, elapsed_s);
  std::fflush(stdout);
}

}  // namespace genai::app
