#include "metrics/live_window.h"

#include <algorithm>

#include "metrics/request_metrics.h"
#include "metrics/statistics.h"

namespace genai::metrics {
namespace {
constexpr int64_t kKeepNs = 60'000'000'000;  // a minute: more than any window asked for
constexpr size_t kErrorsKept = 5;
}  // namespace

void LiveWindow::append(const RequestRecord& record) {
  next_.append(record);
  const RequestMetrics metrics = derive_request_metrics(record);
  const Ended ended{record.t_end_ns, record.ok() && metrics.ttft_ms ? *metrics.ttft_ms : -1,
                    record.ok() && metrics.tpot_ms ? *metrics.tpot_ms : -1, record.ok() ? record.output_tokens : 0};
  std::lock_guard lock(mutex_);
  ended_.push_back(ended);
  while (!ended_.empty() && ended_.front().t_end_ns < record.t_end_ns - kKeepNs) ended_.pop_front();
  if (!record.ok()) {
    errors_.push_back(record.error_kind + ": " + record.error_message);
    if (errors_.size() > kErrorsKept) errors_.pop_front();
  }
}

LiveSnapshot LiveWindow::snapshot(int64_t now_ns, int64_t window_ns) const {
  LiveSnapshot snapshot;
  std::vector<double> ttft, tpot;
  int64_t oldest = now_ns;
  int64_t tokens = 0;
  {
    std::lock_guard lock(mutex_);
    for (auto it = ended_.rbegin(); it != ended_.rend() && it->t_end_ns >= now_ns - window_ns; ++it) {
      ++snapshot.requests;
      tokens += it->output_tokens;
      oldest = std::min(oldest, it->t_end_ns);
      if (it->ttft_ms >= 0) ttft.push_back(it->ttft_ms);
      if (it->tpot_ms >= 0) tpot.push_back(it->tpot_ms);
    }
    snapshot.last_errors.assign(errors_.rbegin(), errors_.rend());
  }
  // Early in a run the window is as long as the run has been ending requests.
  snapshot.window_s = static_cast<double>(std::min(window_ns, std::max<int64_t>(now_ns - oldest, 1'000'000))) / 1e9;
  snapshot.requests_per_s = static_cast<double>(snapshot.requests) / snapshot.window_s;
  snapshot.output_tokens_per_s = static_cast<double>(tokens) / snapshot.window_s;
  const Statistics ttft_stats = compute_statistics(std::move(ttft)), tpot_stats = compute_statistics(std::move(tpot));
  snapshot.ttft_p50_ms = ttft_stats.p50;
  snapshot.ttft_p99_ms = ttft_stats.p99;
  snapshot.tpot_p50_ms = tpot_stats.p50;
  snapshot.tpot_p99_ms = tpot_stats.p99;
  return snapshot;
}

}  // namespace genai::metrics
