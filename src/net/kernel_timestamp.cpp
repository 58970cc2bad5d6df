#include "net/kernel_timestamp.h"

#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace genai::net {

void enable_receive_timestamps(int fd) {
  const int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
}

Clock::time_point kernel_receive_time(msghdr& message, Clock::time_point read_at) {
  for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr; header = CMSG_NXTHDR(&message, header)) {
    if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_TIMESTAMPNS) continue;
    timespec received{}, now{};
    std::memcpy(&received, CMSG_DATA(header), sizeof received);
    clock_gettime(CLOCK_REALTIME, &now);
    const int64_t waited_ns =
        (static_cast<int64_t>(now.tv_sec) - received.tv_sec) * 1'000'000'000 + (now.tv_nsec - received.tv_nsec);
    if (waited_ns < 0 || waited_ns > 10'000'000'000) return read_at;
    return read_at - std::chrono::nanoseconds(waited_ns);
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
