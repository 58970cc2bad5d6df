#include "load/closed_loop.h"

#include "load/ramp_up.h"
#include "load/request_feed.h"
#include "load/run_support.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <optional>
#include <thread>

namespace genai::load {

namespace asio = boost::asio;

namespace {

struct User {
  // The generated text is kept to count it (a tokenizer and no usage) or to carry it into the
  // conversation's next turn.
  User(asio::io_context& context, const LoadTarget& target, const RunPlan& plan, std::chrono::nanoseconds start)
      : slot(context.get_executor(), target.client, *target.backend, target.tokenizer != nullptr || plan.turns > 1),
        start_offset(start) {}
  UserSlot slot;
  std::chrono::nanoseconds start_offset;  // from the run's start (the ramp-up)
  std::vector<metrics::RequestRecord> records;
};

struct SharedRunState {
  const RunPlan* plan = nullptr;
  const LoadTarget* target = nullptr;
  RequestContext request_context;
  net::Clock::time_point start{};
  net::Clock::time_point deadline{};
  int64_t ramp_end_ns = -1;  // an excluded ramp's end, from the experiment's start; -1: none
  RequestFeed* feed = nullptr;
  std::atomic<uint64_t> next_session{0};  // multi-turn: conversations started
  std::atomic<int64_t> live_users{0};
  RunProgress* progress = nullptr;
  FirstFailure failure;
};

// Waits for the user's place in the ramp-up; false when the run was stopped meanwhile.
asio::awaitable<bool> wait_for_start(User& user, SharedRunState& run) {
  if (user.start_offset.count() > 0) {
    user.slot.backoff_timer.expires_at(run.start + user.start_offset);
    boost::system::error_code ignored;
    co_await user.slot.backoff_timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
  co_return !run.target->stop->stop_requested.load(std::memory_order_relaxed);
}

void mark_ramp(const SharedRunState& run, metrics::RequestRecord& record) {
  record.in_ramp = run.ramp_end_ns >= 0 && record.t_start_ns < run.ramp_end_ns;
}

asio::awaitable<void> user_loop(User& user, SharedRunState& run) {
  const LoadTarget& target = *run.target;
  if (!co_await wait_for_start(user, run)) {
    user.slot.connection.close();
    co_return;
  }
  while (!target.stop->stop_requested.load(std::memory_order_relaxed) && net::Clock::now() < run.deadline) {
    std::optional<RequestFeed::Next> next = run.feed->next();
    if (!next) break;
    metrics::RequestRecord record;
    record.run_index = run.plan->run_index;
    record.request_index = next->index;
    run.progress->in_flight.fetch_add(1, std::memory_order_relaxed);
    co_await run_request(user.slot, next->request, run.request_context, record);
    mark_ramp(run, record);
    run.progress->in_flight.fetch_sub(1, std::memory_order_relaxed);
    if (!record.ok()) run.progress->failed.fetch_add(1, std::memory_order_relaxed);
    run.progress->finished.fetch_add(1, std::memory_order_relaxed);
    target.sink->append(record);
    user.records.push_back(std::move(record));
  }
  // A kept-alive connection's pending timer would keep this worker's event loop running.
  user.slot.connection.close();
}

// Multi-turn: the user holds conversations of plan.turns turns, one after another; each turn
// carries the history with the server's real answers, after plan.think_time. A failed turn ends
// its conversation. Turns are built here, on the loop: they depend on the previous answer.
asio::awaitable<void> conversation_loop(User& user, SharedRunState& run) {
  const LoadTarget& target = *run.target;
  const RunPlan& plan = *run.plan;
  const auto turns = static_cast<uint64_t>(plan.turns);
  auto running = [&] {
    return !target.stop->stop_requested.load(std::memory_order_relaxed) && net::Clock::now() < run.deadline;
  };
  if (!co_await wait_for_start(user, run)) {
    user.slot.connection.close();
    co_return;
  }
  while (running()) {
    // Conversations are never split: a shard holds whole ones (I, I + N, ...).
    const uint64_t session = plan.shard.global(run.next_session.fetch_add(1, std::memory_order_relaxed));
    if (session * turns >= plan.max_requests) break;
    const uint64_t session_turns = std::min(turns, plan.max_requests - session * turns);
    Conversation conversation;
    for (uint64_t turn = 0; turn < session_turns && (turn == 0 || running()); ++turn) {
      const uint64_t index = plan.first_request_index + session * turns + turn;
      std::string user_message;
      const PreparedRequest request = prepare_turn(target, plan, index, conversation, user_message);
      metrics::RequestRecord record;
      record.run_index = plan.run_index;
      record.request_index = index;
      record.session = static_cast<int64_t>(session);
      record.turn = static_cast<int32_t>(turn);
      run.progress->in_flight.fetch_add(1, std::memory_order_relaxed);
      co_await run_request(user.slot, request, run.request_context, record);
      mark_ramp(run, record);
      run.progress->in_flight.fetch_sub(1, std::memory_order_relaxed);
      if (!record.ok()) run.progress->failed.fetch_add(1, std::memory_order_relaxed);
      run.progress->finished.fetch_add(1, std::memory_order_relaxed);
      target.sink->append(record);
      const bool ok = record.ok();
      user.records.push_back(std::move(record));
      if (!ok) break;
      conversation.add_turn(user_message, user.slot.recorder.generated_text());
      if (turn + 1 < session_turns && plan.think_time.count() > 0) {
        user.slot.backoff_timer.expires_after(plan.think_time);
        boost::system::error_code ignored;
        co_await user.slot.backoff_timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
      }
    }
  }
  user.slot.connection.close();
}

}  // namespace

std::vector<metrics::RequestRecord> run_closed_loop(const RunPlan& plan, const LoadTarget& target,
                                                    RunProgress& progress, const std::function<void()>& on_tick) {
  SharedRunState run;
  run.plan = &plan;
  run.target = &target;
  run.progress = &progress;
  run.request_context = request_context_for(target);
  // --shard I/N: this process's users are the experiment's users I, I + N, ...; each starts at its
  // global place in the ramp, so the shards' starts together are the unsharded run's.
  const auto user_count = static_cast<int64_t>(plan.shard.part_of(static_cast<uint64_t>(std::max<int64_t>(0, plan.concurrency))));
  const auto worker_count = static_cast<size_t>(std::max<int64_t>(1, std::min<int64_t>(target.worker_threads, user_count)));
  std::vector<std::unique_ptr<asio::io_context>> loops;
  WorkerContexts contexts;
  for (size_t i = 0; i < worker_count; ++i) {
    loops.push_back(std::make_unique<asio::io_context>(1));
    contexts.push_back(loops.back().get());
  }
  std::vector<std::unique_ptr<User>> users;
  users.reserve(static_cast<size_t>(user_count));
  for (int64_t i = 0; i < user_count; ++i) {
    const auto global_user = static_cast<int64_t>(plan.shard.global(static_cast<uint64_t>(i)));
    users.push_back(std::make_unique<User>(*contexts[static_cast<size_t>(i) % worker_count], target, plan,
                                           user_start_offset(global_user, plan.concurrency, plan.ramp_up)));
  }

  RunPlan feed_plan = plan;
  if (plan.turns > 1) feed_plan.max_requests = 0;  // conversations build each turn from the last answer
  const std::unique_ptr<RequestFeed> feed = make_run_feed(feed_plan, target);
  run.feed = feed.get();
  if (plan.preconnect) {
    std::vector<std::vector<UserSlot*>> slots(worker_count);
    for (size_t i = 0; i < users.size(); ++i) slots[i % worker_count].push_back(&users[i]->slot);
    open_connections(contexts, slots);
  }
  feed->wait_until_full();
  if (!wait_for_run_start(plan, target, progress)) return {};
  run.start = net::Clock::now();
  run.deadline = plan.max_duration.count() > 0 ? run.start + plan.max_duration : net::Clock::time_point::max();
  if (plan.ramp_excluded && plan.ramp_up.count() > 0) {
    run.ramp_end_ns = net::nanoseconds_between(target.experiment_start, run.start + plan.ramp_up);
  }

  run.live_users = user_count;
  for (int64_t i = 0; i < user_count; ++i) {
    asio::io_context& context = *contexts[static_cast<size_t>(i) % worker_count];
    auto loop = plan.turns > 1 ? conversation_loop(*users[static_cast<size_t>(i)], run) : user_loop(*users[static_cast<size_t>(i)], run);
    asio::co_spawn(context, std::move(loop), [&run](std::exception_ptr error) {
      run.failure.keep(error);
      run.live_users.fetch_sub(1);
    });
  }

  std::vector<std::thread> threads = start_worker_threads(contexts);
  // This thread only watches: progress, and the stop / grace / cancel sequence.
  supervise_run(target, [&run] { return run.live_users.load() > 0; }, on_tick, [&] {
    for (size_t w = 0; w < worker_count; ++w) {
      asio::post(*contexts[w], [&users, w, worker_count] {
        for (size_t i = w; i < users.size(); i += worker_count) {
          users[i]->slot.connection.cancel();
          users[i]->slot.backoff_timer.cancel();
        }
      });
    }
  });
  for (auto& thread : threads) thread.join();
  progress.prompts_built_on_loop += feed->built_by_users();
  run.failure.rethrow_if_any();
  return gather_records(users, progress.finished.load());
}

}  // namespace genai::load
