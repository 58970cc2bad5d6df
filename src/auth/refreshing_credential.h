// A credential that expires (Google's OAuth access token, OCI's instance-principal session token)
// kept fresh off the event loops: the first is fetched on the caller's thread (a failure stops the
// run with one line); a thread of its own fetches the next when `renew_in(lifetime)` after the
// last one says, and after a failed renewal tries again in 1 s, doubling up to 30 s, each failure
// counted and reported in one line. Readers take the current one under a short lock.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "common/result.h"

namespace genai::auth {

template <typename Credential>
class RefreshingCredential {
 public:
  using Clock = std::chrono::steady_clock;
  struct Fetched {
    std::shared_ptr<const Credential> value;
    Clock::duration lifetime{};
  };
  using Fetch = std::function<Result<Fetched>()>;
  using RenewIn = std::function<Clock::duration(Clock::duration lifetime)>;

  // `what` names the credential in reports ("gcp-vertex: refreshing the access token").
  RefreshingCredential(Fetch fetch, RenewIn renew_in, std::string what, std::function<void(const std::string&)> report)
      : fetch_(std::move(fetch)), renew_in_(std::move(renew_in)), what_(std::move(what)), report_(std::move(report)) {}

  ~RefreshingCredential() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (refresher_.joinable()) refresher_.join();
  }
  RefreshingCredential(const RefreshingCredential&) = delete;
  RefreshingCredential& operator=(const RefreshingCredential&) = delete;

  Status start() {
    Result<Fetched> first = fetch_();
    if (!first) return make_error(first.error());
    install(std::move(*first));
    refresher_ = std::thread([this] { refresh_loop(); });
    return Ok{};
  }

  // The current credential and its lifetime; once it has expired, "expired and could not be
  // renewed (<the last renewal's failure>)", for the caller to name the credential before.
  Result<Fetched> current() const {
    std::lock_guard lock(mutex_);
    if (Clock::now() >= expires_at_) return make_error("expired and could not be renewed (" + last_failure_ + ")");
    return current_;
  }

  uint64_t refreshes() const { return refreshes_; }
  uint64_t failures() const { return failures_; }

 private:
  void install(Fetched fetched) {
    std::lock_guard lock(mutex_);
    fetched.lifetime = std::max<Clock::duration>(fetched.lifetime, std::chrono::seconds(2));
    expires_at_ = Clock::now() + fetched.lifetime;
    refresh_at_ = Clock::now() + renew_in_(fetched.lifetime);
    current_ = std::move(fetched);
  }

  void refresh_loop() {
    std::chrono::seconds retry_wait(1);
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      if (wake_.wait_until(lock, refresh_at_, [&] { return stopping_; })) return;
      lock.unlock();
      Result<Fetched> next = fetch_();
      if (next) {
        install(std::move(*next));
        ++refreshes_;
        retry_wait = std::chrono::seconds(1);
      } else {
        ++failures_;
        if (report_) {
          report_(what_ + " failed (" + std::to_string(failures_.load()) + " so far): " + next.error() + "; retrying in " +
                  std::to_string(retry_wait.count()) + " s");
        }
      }
      lock.lock();
      if (!next) {
        last_failure_ = next.error();
        refresh_at_ = Clock::now() + retry_wait;
        retry_wait = std::min(retry_wait * 2, std::chrono::seconds(30));
      }
    }
  }

  Fetch fetch_;
  RenewIn renew_in_;
  std::string what_;
  std::function<void(const std::string&)> report_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  Fetched current_;
  std::string last_failure_ = "no renewal failed";
  Clock::time_point expires_at_{}, refresh_at_{};
  std::atomic<uint64_t> refreshes_{0}, failures_{0};
  bool stopping_ = false;
  std::thread refresher_;  // last: it starts after everything above exists
};

}  // namespace genai::auth
