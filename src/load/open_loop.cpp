#include "load/open_loop.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <algorithm>
#include <cmath>
#include <optional>

#include "load/ramp_up.h"
#include "load/run_support.h"

namespace genai::load {

namespace asio = boost::asio;

namespace {

// One worker event loop: it dispatches its share of the schedule and runs those requests on
// connections it owns, reusing idle ones (most recently used first: still warm) and opening more
// when all are busy.
//
// Pacing. A request is started by whichever comes first: the worker's timer for its due time, or
// the worker's loop, which checks the due time after every handler it runs. The timer wakes an
// idle loop; the check keeps a busy one on time: a timer's completion queues behind every read
// that became ready in the same wake-up (hundreds at a few thousand requests a second), so timers
// alone started requests a whole batch late (docs/BENCHMARKS.md, "Open loop pacing").
struct Worker {
  Worker() : due(context) {}
  asio::io_context context{1};
  std::vector<std::unique_ptr<UserSlot>> slots;  // every connection this worker opened
  std::vector<UserSlot*> idle;
  int64_t in_flight = 0;
  int64_t cap = 0;  // this worker's share of --max-concurrency; 0: none
  bool dispatching = true;  // false once the schedule, the time limit or a stop ends this worker's share
  std::optional<RequestFeed::Next> pending;  // taken from the feed, waiting for its due time (or the cap)
  net::Clock::time_point pending_due = net::Clock::time_point::max();
  bool pending_waited_for_cap = false;
  asio::steady_timer due;  // armed for pending_due while the worker is idle
  net::Clock::time_point timer_due = net::Clock::time_point::max();  // max: not armed
  uint64_t timer_generation = 0;  // tells a replaced wait's completion from the armed one's
  std::vector<metrics::RequestRecord> records;
};

struct OpenRunState {
  const RunPlan* plan = nullptr;
  const LoadTarget* target = nullptr;
  RequestFeed* feed = nullptr;
  std::vector<int64_t> offsets_ns;  // due time of request first_request_index + i, from run_start
  net::Clock::time_point run_start{};
  net::Clock::time_point deadline = net::Clock::time_point::max();
  RequestContext request_context;
  RunProgress* progress = nullptr;
  std::atomic<int> live_workers{0};
  FirstFailure failure;
  bool stopping() const { return target->stop->stop_requested.load(std::memory_order_relaxed); }
};

UserSlot& acquire_slot(Worker& worker, const LoadTarget& target) {
  if (worker.idle.empty()) {
    worker.slots.push_back(std::make_unique<UserSlot>(worker.context.get_executor(), target.client, *target.backend,
                                                      target.tokenizer != nullptr));
    return *worker.slots.back();
  }
  UserSlot* slot = worker.idle.back();
  worker.idle.pop_back();
  return *slot;
}

void start_due_requests(Worker& worker, OpenRunState& run);

// The worker's share is over and its last request has ended: closing the idle keep-alive
// connections lets its loop run out of work.
void finish_worker(Worker& worker, OpenRunState& run) {
  for (auto& slot : worker.slots) slot->connection.close();
  run.live_workers.fetch_sub(1);
}

void end_dispatch(Worker& worker, OpenRunState& run) {
  if (!worker.dispatching) return;
  worker.dispatching = false;
  worker.pending.reset();
  worker.pending_due = net::Clock::time_point::max();
  ++worker.timer_generation;
  worker.due.cancel();
  if (worker.in_flight == 0) finish_worker(worker, run);
}

asio::awaitable<void> run_one(Worker& worker, OpenRunState& run, UserSlot& slot, RequestFeed::Next next,
                              net::Clock::time_point t_sched) {
  metrics::RequestRecord record;
  record.run_index = run.plan->run_index;
  record.request_index = next.index;
  record.t_sched_ns = net::nanoseconds_between(run.target->experiment_start, t_sched);
  co_await run_request(slot, next.request, run.request_context, record);
  record.in_ramp = run.plan->ramp_excluded && t_sched < run.run_start + run.plan->ramp_up;
  run.progress->in_flight.fetch_sub(1, std::memory_order_relaxed);
  if (!record.ok()) run.progress->failed.fetch_add(1, std::memory_order_relaxed);
  run.progress->finished.fetch_add(1, std::memory_order_relaxed);
  run.target->sink->append(record);
  worker.records.push_back(std::move(record));
  worker.idle.push_back(&slot);
  --worker.in_flight;
  if (worker.dispatching) {
    start_due_requests(worker, run);  // a request held back by the cap may go now
  } else if (worker.in_flight == 0) {
    finish_worker(worker, run);
  }
}

void arm_due_timer(Worker& worker, OpenRunState& run) {
  if (worker.timer_due == worker.pending_due) return;
  worker.timer_due = worker.pending_due;
  const uint64_t generation = ++worker.timer_generation;
  worker.due.expires_at(worker.pending_due);
  worker.due.async_wait([&worker, &run, generation](boost::system::error_code) {
    if (generation != worker.timer_generation) return;  // replaced by a later arming, or dispatch ended
    worker.timer_due = net::Clock::time_point::max();
    start_due_requests(worker, run);  // due, or woken by a stop
  });
}

// Starts every request that is due (any worker may take any request of the run), without waiting
// for them to end, then arms the timer for the next one. Runs on the worker's loop only.
void start_due_requests(Worker& worker, OpenRunState& run) {
  while (worker.dispatching) {
    if (run.stopping()) return end_dispatch(worker, run);
    if (!worker.pending) {
      std::optional<RequestFeed::Next> next = run.feed->next();
      if (!next) return end_dispatch(worker, run);
      const auto t_sched =
          run.run_start + std::chrono::nanoseconds(run.offsets_ns[next->index - run.plan->first_request_index]);
      if (t_sched > run.deadline) return end_dispatch(worker, run);  // the time limit: nothing starts after it
      worker.pending = std::move(next);
      worker.pending_due = t_sched;
      worker.pending_waited_for_cap = false;
    }
    if (net::Clock::now() < worker.pending_due) return arm_due_timer(worker, run);
    if (worker.cap > 0 && worker.in_flight >= worker.cap) {
      if (!worker.pending_waited_for_cap) run.progress->waited_for_cap.fetch_add(1, std::memory_order_relaxed);
      worker.pending_waited_for_cap = true;
      return;  // the next request to end starts it
    }
    UserSlot& slot = acquire_slot(worker, *run.target);
    ++worker.in_flight;
    run.progress->in_flight.fetch_add(1, std::memory_order_relaxed);
    RequestFeed::Next next = std::move(*worker.pending);
    const net::Clock::time_point t_sched = worker.pending_due;
    worker.pending.reset();
    worker.pending_due = net::Clock::time_point::max();
    // Runs inline up to the request's first wait: its bytes are on their way when this returns.
    asio::co_spawn(worker.context, run_one(worker, run, slot, std::move(next), t_sched),
                   [&run](std::exception_ptr error) { run.failure.keep(error); });
  }
}

// The worker's thread: its loop, with the due time checked after every handler.
void run_worker(Worker& worker, OpenRunState& run) {
  while (worker.context.run_one() > 0) {
    if (worker.pending_due != net::Clock::time_point::max() && net::Clock::now() >= worker.pending_due) {
      start_due_requests(worker, run);
    }
  }
}

}  // namespace

std::vector<int64_t> open_loop_schedule(const RunPlan& plan, const LoadTarget& target) {
  if (plan.trace != nullptr) {
    std::vector<int64_t> offsets;
    const auto& requests = plan.trace->requests;
    const uint64_t count = std::min<uint64_t>(plan.max_requests, requests.size());
    for (uint64_t i = 0; i < count; ++i) {
      const double ms = static_cast<double>(requests[i].timestamp_ms - requests.front().timestamp_ms) / plan.trace_speedup;
      offsets.push_back(static_cast<int64_t>(std::min(ms * 1e6 + 0.5, 9e18)));  // a tiny speedup: far, not undefined
    }
    return offsets;
  }
  uint64_t count = plan.max_requests;
  if (plan.max_duration.count() > 0) {
    const double in_time = std::ceil(std::chrono::duration<double>(plan.max_duration).count() * plan.arrival->rate * 1.5) + 16;
    count = std::min<uint64_t>(count, static_cast<uint64_t>(in_time));
  }
  const uint64_t seed = workload::Random::mix(target.seed ^ (uint64_t{plan.run_index} << 32) ^ 0x6f70656e);  // "open"
  std::vector<int64_t> offsets = workload::arrival_offsets_ns(*plan.arrival, count, seed);
  for (int64_t& offset : offsets) offset = ramped_offset_ns(offset, plan.ramp_up);
  return offsets;
}

std::vector<metrics::RequestRecord> run_open_loop(const RunPlan& plan, const LoadTarget& target, RunProgress& progress,
                                                  const std::function<void()>& on_tick) {
  OpenRunState run;
  run.plan = &plan;
  run.target = &target;
  run.progress = &progress;
  run.request_context = request_context_for(target);
  run.offsets_ns = open_loop_schedule(plan, target);
  const uint64_t scheduled = run.offsets_ns.size();
  const double rate = scheduled > 1 && run.offsets_ns.back() > 0
                          ? static_cast<double>(scheduled - 1) / (static_cast<double>(run.offsets_ns.back()) / 1e9)
                          : 1;

  // Workers: no more than the cap (each worker's share of it must be at least one).
  // --shard I/N: this process keeps arrivals I, I + N, ... of the whole schedule (the feed's
  // indices), and its part of the cap.
  const auto cap = static_cast<int64_t>(plan.shard.part_of(static_cast<uint64_t>(std::max<int64_t>(0, plan.concurrency))));
  int64_t workers = std::max(1, target.worker_threads);
  if (cap > 0) workers = std::min(workers, cap);
  std::vector<std::unique_ptr<Worker>> pool;
  WorkerContexts contexts;
  for (int64_t w = 0; w < workers; ++w) {
    pool.push_back(std::make_unique<Worker>());
    contexts.push_back(&pool.back()->context);
    if (cap > 0) pool.back()->cap = cap / workers + (w < cap % workers ? 1 : 0);
  }

  RunPlan feed_plan = plan;
  feed_plan.max_requests = scheduled;
  const std::unique_ptr<RequestFeed> feed = make_run_feed(feed_plan, target);
  run.feed = feed.get();
  // Connections opened ahead: the cap, or a tenth of a second of arrivals (at least one per worker).
  if (plan.preconnect) {
    const int64_t wanted = cap > 0 ? cap
                                   : std::clamp<int64_t>(static_cast<int64_t>(std::ceil(rate / plan.shard.count / 10)), workers, 1024);
    std::vector<std::vector<UserSlot*>> slots(static_cast<size_t>(workers));
    for (int64_t i = 0; i < wanted; ++i) {
      Worker& worker = *pool[static_cast<size_t>(i % workers)];
      worker.slots.push_back(std::make_unique<UserSlot>(worker.context.get_executor(), target.client, *target.backend,
                                                        target.tokenizer != nullptr));
      worker.idle.push_back(worker.slots.back().get());
      slots[static_cast<size_t>(i % workers)].push_back(worker.slots.back().get());
    }
    open_connections(contexts, slots);
    // Idle connections are taken from the back: put the ones that opened there, so a request
    // never reconnects while an open one waits (when ports run out, the open ones would sit
    // unused while every request failed to connect).
    for (auto& worker : pool) {
      std::stable_partition(worker->idle.begin(), worker->idle.end(),
                            [](const UserSlot* slot) { return !slot->connection.is_open(); });
    }
  }
  feed->wait_until_full();

  if (!wait_for_run_start(plan, target, progress)) return {};
  run.run_start = net::Clock::now();
  if (plan.max_duration.count() > 0) run.deadline = run.run_start + plan.max_duration;
  run.live_workers = static_cast<int>(workers);
  for (auto& worker : pool) asio::post(worker->context, [&worker, &run] { start_due_requests(*worker, run); });
  std::vector<std::thread> threads;
  for (auto& worker : pool) threads.emplace_back([&worker, &run] { run_worker(*worker, run); });
  // A stop ends every worker's dispatch, even one waiting for a far scheduled time (a low rate).
  bool stop_passed_on = false;
  const auto tick = [&] {
    if (on_tick) on_tick();
    if (stop_passed_on || !target.stop->stop_requested.load()) return;
    stop_passed_on = true;
    for (auto& worker : pool) {
      asio::post(worker->context, [&worker, &run] { start_due_requests(*worker, run); });
    }
  };
  supervise_run(target, [&run] { return run.live_workers.load() > 0; }, tick, [&] {
    for (auto& worker : pool) {
      asio::post(worker->context, [&worker] {
        for (auto& slot : worker->slots) {
          slot->connection.cancel();
          slot->backoff_timer.cancel();
        }
      });
    }
  });
  for (auto& thread : threads) thread.join();
  progress.prompts_built_on_loop += feed->built_by_users();
  run.failure.rethrow_if_any();
  return gather_records(pool, progress.finished.load());
}

}  // namespace genai::load
