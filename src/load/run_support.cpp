#include "load/run_support.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <thread>

namespace genai::load {

namespace asio = boost::asio;

void open_connections(const WorkerContexts& contexts, const std::vector<std::vector<UserSlot*>>& slots) {
  for (size_t w = 0; w < contexts.size() && w < slots.size(); ++w) {
    for (UserSlot* slot : slots[w]) asio::co_spawn(*contexts[w], slot->connection.open(), asio::detached);
  }
  for (auto& thread : start_worker_threads(contexts)) thread.join();
  for (boost::asio::io_context* context : contexts) context->restart();
}

std::unique_ptr<RequestFeed> make_run_feed(const RunPlan& plan, const LoadTarget& target) {
  // Ahead, on a thread of its own, when building costs: exact-length prompts, or a signature
  // (an RSA signature takes about a millisecond, too long for an event loop).
  const bool build_ahead = target.tokenizer != nullptr || target.authorizer != nullptr;
  const uint64_t ahead = std::min<uint64_t>(plan.max_requests, std::max<uint64_t>(4096, 2 * static_cast<uint64_t>(std::max<int64_t>(0, plan.concurrency))));
  return std::make_unique<RequestFeed>(target, plan, plan.first_request_index, plan.max_requests,
                                       static_cast<size_t>(ahead), build_ahead);
}

RequestContext request_context_for(const LoadTarget& target) {
  return RequestContext{&target.retry, target.experiment_start, &target.stop->stop_requested, target.secret,
                        target.tokenizer, target.authorizer, target.host_header};
}

std::vector<std::thread> start_worker_threads(const WorkerContexts& contexts, const std::function<void()>& on_thread_start) {
  std::vector<std::thread> threads;
  for (boost::asio::io_context* context : contexts) {
    threads.emplace_back([context, on_thread_start] {
      if (on_thread_start) on_thread_start();
      context->run();
    });
  }
  return threads;
}

bool wait_for_run_start(const RunPlan& plan, const LoadTarget& target, RunProgress& progress) {
  if (!plan.start_at_ns) {
    progress.start_epoch_ns = net::realtime_now_ns();
    return true;
  }
  const int64_t start_at = *plan.start_at_ns;
  if (const int64_t ready = net::realtime_now_ns(); ready > start_at + plan.start_grace.count()) {
    progress.start_lateness_ns = ready - start_at;
    progress.missed_start = true;
    return false;
  }
  // Coarse sleeps while a Ctrl-C may come, then one absolute sleep to the moment itself.
  constexpr int64_t kSlice = 50'000'000;
  while (start_at - net::realtime_now_ns() > kSlice) {
    if (target.stop->stop_requested.load()) return false;
    std::this_thread::sleep_for(std::chrono::nanoseconds(std::min<int64_t>(kSlice, start_at - net::realtime_now_ns() - kSlice)));
  }
  const timespec at{static_cast<time_t>(start_at / 1'000'000'000), static_cast<long>(start_at % 1'000'000'000)};
  while (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &at, nullptr) == EINTR) {
  }
  const int64_t started = net::realtime_now_ns();
  progress.start_epoch_ns = started;
  progress.start_lateness_ns = started - start_at;
  return !target.stop->stop_requested.load();
}

void supervise_run(const LoadTarget& target, const std::function<bool()>& running, const std::function<void()>& on_tick,
                   const std::function<void()>& cancel_in_flight) {
  std::optional<net::Clock::time_point> stop_seen;
  bool cancelled = false;
  while (running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (on_tick) on_tick();
    if (target.stop->stop_requested.load() && !stop_seen) stop_seen = net::Clock::now();
    const bool grace_over = stop_seen && net::Clock::now() - *stop_seen >= target.shutdown_grace;
    if (!cancelled && (grace_over || target.stop->cancel_requested.load())) {
      cancelled = true;
      cancel_in_flight();
    }
  }
}

}  // namespace genai::load
