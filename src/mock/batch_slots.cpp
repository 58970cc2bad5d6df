#include "mock/batch_slots.h"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace genai::mock {

namespace asio = boost::asio;

asio::awaitable<void> BatchSlots::acquire(asio::steady_timer& timer) {
  {
    std::lock_guard lock(mutex_);
    if (used_ < capacity_) {
      ++used_;
      co_return;
    }
    timer.expires_at(asio::steady_timer::time_point::max());
    waiting_.push_back(&timer);
  }
  // release() cancels this wait through the timer's own executor, so the cancel runs after the
  // wait below has started (this coroutine holds that executor's thread until it suspends here).
  boost::system::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

asio::awaitable<std::chrono::steady_clock::time_point> BatchSlots::Hold::wait(asio::steady_timer& timer) {
  if (slots_ != nullptr) {
    co_await slots_->acquire(timer);
    acquired_ = true;
  }
  co_return std::chrono::steady_clock::now();
}

void BatchSlots::release() {
  std::lock_guard lock(mutex_);
  if (waiting_.empty()) {
    --used_;
    return;
  }
  asio::steady_timer* next = waiting_.front();  // the slot passes to the oldest waiter
  waiting_.pop_front();
  asio::post(next->get_executor(), [next] { next->cancel(); });
}

}  // namespace genai::mock
