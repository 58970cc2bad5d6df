// The mock's own account of what it sent and when: for every response, when its request reached
// the mock's socket (the kernel's receive time), and when each content event was handed to the
// kernel, against when its schedule said it was due. A client's measurements are checked against
// these (GET /mock/stats); the mock's lateness says when it, not the client, fell behind.
// One recorder per event-loop thread, written by that thread alone and read from any.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace genai::mock {

// Whole microseconds, counted exactly below 2,048 µs and within 0.8 % above (128 buckets per
// power of two), up to about 4.7 hours. Single writer; relaxed atomics so that a reader on
// another thread sees each count whole, without a lock or a locked instruction on the writer's
// path.
class MicrosecondHistogram {
 public:
  void add(int64_t microseconds);
  struct Summary {
    uint64_t count = 0;
    double mean_us = 0;
    uint64_t p50_us = 0, p90_us = 0, p99_us = 0, max_us = 0;
  };
  // The summary of several histograms together (the mock's threads).
  static Summary summarize(const std::vector<const MicrosecondHistogram*>& parts);

  static constexpr size_t kExactBuckets = 2048;
  static constexpr size_t kSubBuckets = 128;
  static constexpr size_t kBuckets = kExactBuckets + 24 * kSubBuckets;
  static size_t bucket_of(uint64_t microseconds);
  static uint64_t lower_bound_of(size_t bucket);
  // For exporters (GET /metrics): one bucket's count and the exact sum, each read whole.
  uint64_t count_in(size_t bucket) const { return counts_[bucket].load(std::memory_order_relaxed); }
  uint64_t sum_us() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::array<std::atomic<uint64_t>, kBuckets> counts_{};
  std::atomic<uint64_t> count_{0}, sum_{0}, max_{0};
};

// A count that one thread changes and any thread reads, in the histogram's single-writer style.
class ThreadCount {
 public:
  void add(int64_t by) { value_.store(value_.load(std::memory_order_relaxed) + by, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

struct SendTruth {
  MicrosecondHistogram request_read_delay;      // request parsed - its bytes' kernel arrival
  MicrosecondHistogram served_ttft;             // first content event written - request's kernel arrival
  MicrosecondHistogram first_event_lateness;    // first content event written - when it was due
  MicrosecondHistogram event_lateness;          // every content event written - when it was due
  MicrosecondHistogram served_gap;              // between consecutive content events' writes
  // Generation requests (chat and completions, in any dialect) as a server's scheduler counts
  // them, for GET /metrics (mock/prometheus_export.h):
  MicrosecondHistogram served_e2e;  // a response's last content event written - request's kernel arrival
  ThreadCount waiting;              // waiting for a --max-batch slot
  ThreadCount running;              // holding a slot (with no --max-batch: from arrival) until answered
  ThreadCount prompt_tokens;        // counted (the mock's token rule) when generation starts
  ThreadCount generation_tokens;    // counted as their content events are written
  ThreadCount requests_finished;    // responses written to their last token

  void tokens_written(int64_t tokens) { generation_tokens.add(tokens); }
  void request_finished(int64_t e2e_us) {
    served_e2e.add(e2e_us);
    requests_finished.add(1);
  }
};

// One generation request in its thread's counts: waiting from construction until started(), then
// running until destroyed. It lives in the request's coroutine, which never leaves its event loop's
// thread, so the counts keep one writer. Construct it after the request's BatchSlots::Hold, so the
// slot is released only once the request stopped counting as running.
class QueuedRequest {
 public:
  explicit QueuedRequest(SendTruth& truth) : truth_(truth) { truth_.waiting.add(1); }
  ~QueuedRequest() { (started_ ? truth_.running : truth_.waiting).add(-1); }
  QueuedRequest(const QueuedRequest&) = delete;
  QueuedRequest& operator=(const QueuedRequest&) = delete;
  void started(int64_t prompt_tokens) {
    truth_.waiting.add(-1);
    truth_.running.add(1);
    truth_.prompt_tokens.add(prompt_tokens);
    started_ = true;
  }

 private:
  SendTruth& truth_;
  bool started_ = false;
};

// {"requests": read, "responses": that sent content, "request_read_delay_us": {"count", "mean",
// "p50", "p90", "p99", "max"}, "served_ttft_us": {...}, ...}
std::string send_truth_json(const std::vector<const SendTruth*>& threads);
// One line for the console: served TTFT and the mock's own lateness.
std::string send_truth_line(const std::vector<const SendTruth*>& threads);

}  // namespace genai::mock
