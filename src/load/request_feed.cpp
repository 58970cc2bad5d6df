#include "load/request_feed.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace genai::load {

RequestFeed::RequestFeed(const LoadTarget& target, const RunPlan& plan, uint64_t first_index, uint64_t count,
                         size_t capacity, bool background)
    : target_(target),
      plan_(plan),
      first_index_(first_index),
      end_position_(plan.shard.part_of(count)),
      capacity_(std::max<size_t>(1, capacity)) {
  if (background) producer_ = std::thread([this] { produce(); });
}

RequestFeed::~RequestFeed() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (producer_.joinable()) producer_.join();
}

PreparedRequest RequestFeed::build(uint64_t index) const {
  return prepare_request(target_, plan_, index);
}

void RequestFeed::produce() {
  // The lowest priority (nice 19, this thread only): an event loop that wants the core gets it at
  // once, and the producer runs in the time the loops leave.
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 19);
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return stopping_ || (ready_.size() < capacity_ && next_unclaimed_ < end_position_); });
    if (stopping_) return;
    const uint64_t index = index_at(next_unclaimed_++);
    ++in_production_;
    lock.unlock();
    PreparedRequest request = build(index);
    lock.lock();
    --in_production_;
    ready_.push_back({index, std::move(request)});
    changed_.notify_all();
  }
}

void RequestFeed::wait_until_full() {
  if (!producer_.joinable()) return;
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return ready_.size() >= capacity_ || next_unclaimed_ >= end_position_; });
}

std::optional<RequestFeed::Next> RequestFeed::next() {
  if (!producer_.joinable()) {  // cheap prompts, nothing built ahead: one atomic, no lock
    const uint64_t position = next_inline_.fetch_add(1, std::memory_order_relaxed);
    if (position >= end_position_) return std::nullopt;
    const uint64_t index = index_at(position);
    return Next{index, build(index)};
  }
  std::unique_lock lock(mutex_);
  if (ready_.empty() && next_unclaimed_ >= end_position_ && in_production_ > 0) {
    // The budget's last requests are being built: wait for them (one build at most, only at the
    // very end of a run) rather than lose them.
    changed_.wait(lock, [&] { return !ready_.empty() || in_production_ == 0; });
  }
  if (!ready_.empty()) {
    Next next = std::move(ready_.front());
    ready_.pop_front();
    lock.unlock();
    changed_.notify_all();  // room for the producer
    return next;
  }
  if (next_unclaimed_ >= end_position_) return std::nullopt;  // any still being built are the producer's
  const uint64_t index = index_at(next_unclaimed_++);
  if (producer_.joinable()) ++built_by_users_;
  lock.unlock();
  return Next{index, build(index)};
}

uint64_t RequestFeed::built_by_users() const {
  std::lock_guard lock(mutex_);
  return built_by_users_;
}

}  // namespace genai::load
