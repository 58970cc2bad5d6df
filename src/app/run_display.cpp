#include "app/run_display.h"

#include "app/run_log.h"

#include <cstdio>
#include <iostream>
#include <vector>

namespace genai::app {
namespace {

double seconds_since(net::Clock::time_point start) {
  return std::chrono::duration<double>(net::Clock::now() - start).count();
}

std::string progress_text(const std::string& label, uint64_t planned, net::Clock::time_point run_start,
                          const load::RunProgress& progress) {
  const double elapsed = seconds_since(run_start);
  const uint64_t finished = progress.finished.load();
  char line[512];
  std::snprintf(line, sizeof line, "%s: %llu/%llu done, %llu failed, %llu in flight, %.1f req/s, %.0f s", label.c_str(),
                static_cast<unsigned long long>(finished), static_cast<unsigned long long>(planned),
                static_cast<unsigned long long>(progress.failed.load()),
                static_cast<unsigned long long>(progress.in_flight.load()),
                elapsed > 0 ? static_cast<double>(finished) / elapsed : 0.0, elapsed);
  return line;
}

// --no-ui and non-terminals: a line every 5 s and one at the end of each run, never redrawn.
class ProgressLines final : public RunDisplay {
 public:
  void start_run(std::string label, uint64_t planned) override {
    label_ = std::move(label);
    planned_ = planned;
    run_start_ = last_line_ = net::Clock::now();
  }
  void update(const load::RunProgress& progress) override {
    if (net::Clock::now() - last_line_ < std::chrono::seconds(5)) return;
    last_line_ = net::Clock::now();
    print(progress);
  }
  void finish_run(const load::RunProgress& progress) override { print(progress); }

 private:
  void print(const load::RunProgress& progress) const {
    std::cout << progress_text(label_, planned_, run_start_, progress) << std::endl;
  }
  std::string label_;
  uint64_t planned_ = 0;
  net::Clock::time_point run_start_{}, last_line_{};
};

// A terminal: a block of lines redrawn in place 4 times a second (cursor up, clear each line).
class Dashboard final : public RunDisplay {
 public:
  Dashboard(const metrics::LiveWindow& live, net::Clock::time_point experiment_start)
      : live_(live), experiment_start_(experiment_start) {}

  void start_run(std::string label, uint64_t planned) override {
    label_ = std::move(label);
    planned_ = planned;
    run_start_ = net::Clock::now();
    drawn_lines_ = 0;
    last_draw_ = {};
  }
  void update(const load::RunProgress& progress) override {
    if (net::Clock::now() - last_draw_ < std::chrono::milliseconds(250)) return;
    draw(progress);
  }
  void finish_run(const load::RunProgress& progress) override {
    draw(progress);
    log_only(progress_text(label_, planned_, run_start_, progress));
  }

 private:
  void draw(const load::RunProgress& progress) {
    last_draw_ = net::Clock::now();
    const metrics::LiveSnapshot live =
        live_.snapshot(net::nanoseconds_between(experiment_start_, last_draw_), 10'000'000'000);
    const uint64_t finished = progress.finished.load();
    const double fraction = planned_ > 0 ? std::min(1.0, static_cast<double>(finished) / static_cast<double>(planned_)) : 0;
    const std::string bar = std::string(static_cast<size_t>(fraction * 30), '#') + std::string(30 - static_cast<size_t>(fraction * 30), '-');
    std::vector<std::string> lines;
    char line[512];
    std::snprintf(line, sizeof line, "genai-bench  %s   %.1f s", label_.c_str(), seconds_since(run_start_));
    lines.emplace_back(line);
    std::snprintf(line, sizeof line, "  progress  [%s] %llu/%llu done  %llu failed  %llu in flight", bar.c_str(),
                  static_cast<unsigned long long>(finished), static_cast<unsigned long long>(planned_),
                  static_cast<unsigned long long>(progress.failed.load()),
                  static_cast<unsigned long long>(progress.in_flight.load()));
    lines.emplace_back(line);
    std::snprintf(line, sizeof line, "  last %.0f s  %.1f req/s  %.0f output tokens/s", live.window_s, live.requests_per_s,
                  live.output_tokens_per_s);
    lines.emplace_back(line);
    std::snprintf(line, sizeof line, "  TTFT p50 %.1f ms  p99 %.1f ms    TPOT p50 %.2f ms  p99 %.2f ms", live.ttft_p50_ms,
                  live.ttft_p99_ms, live.tpot_p50_ms, live.tpot_p99_ms);
    lines.emplace_back(line);
    for (size_t i = 0; i < 3; ++i) {
      if (i < live.last_errors.size()) {
        lines.push_back("  error: " + live.last_errors[i].substr(0, 150));
      } else {
        lines.emplace_back(i == 0 ? "  no errors lately" : "");
      }
    }
    std::string frame;
    if (drawn_lines_ > 0) frame += "\033[" + std::to_string(drawn_lines_) + "A";  // back to the block's top
    for (const std::string& text : lines) frame += "\r\033[K" + text + "\n";
    drawn_lines_ = lines.size();
    std::fputs(frame.c_str(), stdout);
    std::fflush(stdout);
  }

  const metrics::LiveWindow& live_;
  net::Clock::time_point experiment_start_;
  std::string label_;
  uint64_t planned_ = 0;
  net::Clock::time_point run_start_{}, last_draw_{};
  size_t drawn_lines_ = 0;
};

}  // namespace

std::unique_ptr<RunDisplay> make_progress_lines() { return std::make_unique<ProgressLines>(); }

std::unique_ptr<RunDisplay> make_dashboard(const metrics::LiveWindow& live, net::Clock::time_point experiment_start) {
  return std::make_unique<Dashboard>(live, experiment_start);
}

}  // namespace genai::app
