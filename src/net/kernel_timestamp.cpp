#include "net/kernel_timestamp.h"

#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace genai::net {

void enable_receive_timestamps(int fd) {
  const int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
}

namespace {

// The realtime clock (the kernel's timestamps are on it) and the steady clock read back to back.
// A thread preempted between the two reads would move every arrival it converts by the time it
// was away, and under load that put a stream's event before the one it followed; so a pair that
// took longer than a few microseconds is read again (three tries; the tightest pair wins).
struct ClockPair {
  int64_t realtime_ns = 0;
  Clock::time_point steady{};
};

ClockPair read_clock_pair() {
  ClockPair best;
  std::chrono::nanoseconds best_gap = std::chrono::nanoseconds::max();
  for (int attempt = 0; attempt < 3; ++attempt) {
    timespec now{};
    const Clock::time_point before = Clock::now();
    clock_gettime(CLOCK_REALTIME, &now);
    const Clock::time_point after = Clock::now();
    if (after - before < best_gap) {
      best_gap = after - before;
      best.realtime_ns = static_cast<int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
      best.steady = before + (after - before) / 2;
    }
    if (best_gap < std::chrono::microseconds(4)) break;
  }
  return best;
}

}  // namespace

Clock::time_point kernel_receive_time(msghdr& message, Clock::time_point read_at) {
  for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr; header = CMSG_NXTHDR(&message, header)) {
    if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_TIMESTAMPNS) continue;
    timespec received{};
    std::memcpy(&received, CMSG_DATA(header), sizeof received);
    const ClockPair now = read_clock_pair();
    const int64_t waited_ns = now.realtime_ns - (static_cast<int64_t>(received.tv_sec) * 1'000'000'000 + received.tv_nsec);
    if (waited_ns < 0 || waited_ns > 10'000'000'000) return read_at;
    return std::min(read_at, now.steady - std::chrono::nanoseconds(waited_ns));
  }
  return read_at;
}

ssize_t receive_timed(int fd, char* into, size_t room, int flags, Clock::time_point& arrived,
                      Clock::time_point& read_at) {
  iovec io{into, room};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
  msghdr message{};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  const ssize_t count = ::recvmsg(fd, &message, flags);
  const int saved = errno;  // the clock reads below must not change what the caller sees
  read_at = Clock::now();
  arrived = count > 0 ? kernel_receive_time(message, read_at) : read_at;
  errno = saved;
  return count;
}

Clock::time_point peek_arrival(int fd) {
  char byte = 0;
  Clock::time_point arrived{}, read_at{};
  receive_timed(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT, arrived, read_at);
  return arrived;
}

ReceiveTimestampsOn::ReceiveTimestampsOn() {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ >= 0) enable_receive_timestamps(fd_);
}

ReceiveTimestampsOn::~ReceiveTimestampsOn() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace genai::net
