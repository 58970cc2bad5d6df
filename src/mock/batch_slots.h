// The mock's queueing model (--max-batch): at most `capacity` requests are generated at once, as a
// server's batch holds a fixed number of sequences; the others wait in arrival order for a slot.
// Throughput therefore saturates at capacity / service time, and latency climbs past that load:
// the knee a sweep has to find. Shared by all of the mock's event-loop threads.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <mutex>

namespace genai::mock {

class BatchSlots {
 public:
  explicit BatchSlots(int capacity) : capacity_(capacity) {}
  // Returns once the caller holds a slot; `timer` (the caller's own, on its executor) is used to
  // wait. Release exactly once per acquire.
  boost::asio::awaitable<void> acquire(boost::asio::steady_timer& timer);
  void release();

  // A slot for one request, released when it goes out of scope; with no slots (no --max-batch)
  // it holds nothing and never waits.
  class Hold {
   public:
    explicit Hold(BatchSlots* slots) : slots_(slots) {}
    ~Hold() {
      if (slots_ != nullptr && acquired_) slots_->release();
    }
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;
    // Waits for the slot; returns when it was got (when generation may start).
    boost::asio::awaitable<std::chrono::steady_clock::time_point> wait(boost::asio::steady_timer& timer);

   private:
    BatchSlots* slots_;
    bool acquired_ = false;
  };

 private:
  std::mutex mutex_;
  const int capacity_;
  int used_ = 0;
  std::deque<boost::asio::steady_timer*> waiting_;  // oldest first; woken with a slot handed over
};

}  // namespace genai::mock
