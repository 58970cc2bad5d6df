// What the closed and the open loop share: worker event loops, opening connections before a
// run's clock starts, and the watch over a running run (progress ticks, Ctrl-C: stop starting
// requests, give those in flight the grace period, then cancel them).
#pragma once

#include <boost/asio/io_context.hpp>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "load/load_target.h"
#include "load/request_feed.h"
#include "load/request_runner.h"
#include "load/run_plan.h"

namespace genai::load {

// The worker event loops of a run (owned by the loop that runs them), one thread each.
using WorkerContexts = std::vector<boost::asio::io_context*>;

// Opens each slot's connection on the worker loop that owns it (slots[w] on contexts[w]) and
// returns once every attempt has ended; the loops are ready to run again.
void open_connections(const WorkerContexts& contexts, const std::vector<std::vector<UserSlot*>>& slots);

// The run's requests, built ahead off the event loops when that is costly (exact-length prompts:
// a tokenizer round trip each), up to 4096 of them (or two per user) before the clock starts, so
// a typical run spends no tokenizer time at all while it is timed.
std::unique_ptr<RequestFeed> make_run_feed(const RunPlan& plan, const LoadTarget& target);

// What every request of a run needs from the target: retries, the clock's origin, the stop flag,
// the secret to mask and the tokenizer that counts output without usage.
RequestContext request_context_for(const LoadTarget& target);

// Runs each context on a thread of its own until it runs out of work. `on_thread_start` runs
// first on each thread.
std::vector<std::thread> start_worker_threads(const WorkerContexts& contexts, const std::function<void()>& on_thread_start = {});

// The moment a run takes as its zero, just before its first request: with plan.start_at_ns, after
// sleeping until then on the realtime clock (every shard's common zero). Records when it was in
// `progress`; returns false, starting nothing, when this process was ready only after start_at +
// start_grace (progress.missed_start) or a stop came during the wait.
bool wait_for_run_start(const RunPlan& plan, const LoadTarget& target, RunProgress& progress);

// The first exception a run's coroutines threw (a bug): kept from any thread, rethrown on the
// caller's once the loops are done.
class FirstFailure {
 public:
  void keep(std::exception_ptr error) {
    if (!error) return;
    std::lock_guard lock(mutex_);
    if (!error_) error_ = error;
  }
  void rethrow_if_any() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::mutex mutex_;
  std::exception_ptr error_;
};

// The records every owner (user, worker) kept, in one list.
template <class Owners>
std::vector<metrics::RequestRecord> gather_records(Owners& owners, size_t expected) {
  std::vector<metrics::RequestRecord> records;
  records.reserve(expected);
  for (auto& owner : owners) {
    for (auto& record : owner->records) records.push_back(std::move(record));
  }
  return records;
}

// Watches the run from the calling thread until `running()` is false: calls `on_tick` a few times
// a second; once a stop was requested and target.shutdown_grace has passed (or a cancel was
// requested), calls `cancel_in_flight` once.
void supervise_run(const LoadTarget& target, const std::function<bool()>& running, const std::function<void()>& on_tick,
                   const std::function<void()>& cancel_in_flight);

}  // namespace genai::load
