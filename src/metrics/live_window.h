// What the live dashboard shows of the last seconds: every finished request passes through here
// on its way to the records file (a RecordSink in front of another), and the dashboard's thread
// asks for a snapshot a few times a second. The event loops only append under a short lock.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "metrics/record_sink.h"

namespace genai::metrics {

struct LiveSnapshot {
  double window_s = 0;           // how much of the last seconds the figures cover
  uint64_t requests = 0;         // ended in the window
  double requests_per_s = 0;
  double output_tokens_per_s = 0;
  double ttft_p50_ms = 0, ttft_p99_ms = 0;  // over the window's successful requests (0: none)
  double tpot_p50_ms = 0, tpot_p99_ms = 0;
  std::vector<std::string> last_errors;     // newest first: "kind: message"
};

class LiveWindow final : public RecordSink {
 public:
  explicit LiveWindow(RecordSink& next) : next_(next) {}
  void append(const RequestRecord& record) override;
  // The requests that ended in the `window_ns` before `now_ns` (experiment time).
  LiveSnapshot snapshot(int64_t now_ns, int64_t window_ns) const;

 private:
  struct Ended {
    int64_t t_end_ns;
    double ttft_ms, tpot_ms;  // negative: none
    int64_t output_tokens;
  };
  RecordSink& next_;
  mutable std::mutex mutex_;
  std::deque<Ended> ended_;          // in order of ending, the last minute at most
  std::deque<std::string> errors_;   // the last few, newest last
};

}  // namespace genai::metrics
