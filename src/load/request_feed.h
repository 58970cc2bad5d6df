// Requests built ahead of time, off the event loops. Building a prompt of exact length encodes and
// decodes it with the tokenizer (about 0.1-0.3 ms for a few hundred tokens): done on an event-loop
// thread, that time would delay every stream that loop serves and show up as the client's own
// read lag. A producer thread (at the lowest CPU priority) keeps a bounded queue of prepared
// requests filled in index order, filled before the run's clock starts; users take the next one.
// Should the queue ever run dry, the user builds one itself rather than wait, and the feed counts
// it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "load/load_target.h"

namespace genai::load {

class RequestFeed {
 public:
  struct Next {
    uint64_t index;
    PreparedRequest request;
  };

  // Requests first_index .. first_index + count - 1 of run `run_index`, or with plan.shard the
  // shard's share of them (first_index + I, + I + N, ...). With `background` false, every request
  // is built by the caller of next() (cheap prompts need no thread).
  RequestFeed(const LoadTarget& target, const RunPlan& plan, uint64_t first_index, uint64_t count, size_t capacity,
              bool background);
  ~RequestFeed();
  RequestFeed(const RequestFeed&) = delete;
  RequestFeed& operator=(const RequestFeed&) = delete;

  // Blocks until the queue is full (or the budget is built): called before a run's clock starts.
  void wait_until_full();
  // The next request, or nothing when the run's budget is spent. Never blocks on the producer.
  std::optional<Next> next();
  // How many requests next() had to build itself because none was ready.
  uint64_t built_by_users() const;

 private:
  void produce();
  // The request index of the feed's position-th request (positions count this shard's requests).
  uint64_t index_at(uint64_t position) const { return first_index_ + plan_.shard.global(position); }
  PreparedRequest build(uint64_t index) const;

  const LoadTarget& target_;
  const RunPlan plan_;
  const uint64_t first_index_;
  const uint64_t end_position_;
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Next> ready_;
  uint64_t next_unclaimed_ = 0;  // positions, not indices
  std::atomic<uint64_t> next_inline_{0};  // with no producer: the request path takes no lock
  int in_production_ = 0;  // claimed by the producer, not yet in ready_
  uint64_t built_by_users_ = 0;
  bool stopping_ = false;
  std::thread producer_;
};

}  // namespace genai::load
