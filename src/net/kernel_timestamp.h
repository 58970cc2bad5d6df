// The kernel's receive time of socket bytes (SO_TIMESTAMPNS), moved onto our steady clock: bytes
// are timed by when they arrived, not by when a busy event loop got round to reading them. Used
// by the client for every read and by the mock for each request.
#pragma once

#include <sys/socket.h>
#include <sys/types.h>

#include <cstddef>

#include "net/clock.h"

namespace genai::net {

// Asks for receive timestamps on a socket (each socket must ask).
void enable_receive_timestamps(int fd);

// The receive time carried by a recvmsg() control message, on the steady clock; `read_at` (when
// the read was done) if the kernel gave none or the clocks disagree implausibly.
Clock::time_point kernel_receive_time(msghdr& message, Clock::time_point read_at);

// recvmsg() of up to `room` bytes with `flags`: returns what recvmsg returned (errno as it left
// it); `read_at` is now, `arrived` the bytes' kernel receive time (read_at when none came).
ssize_t receive_timed(int fd, char* into, size_t room, int flags, Clock::time_point& arrived, Clock::time_point& read_at);

// When the first unread bytes of `fd` arrived, without consuming them (MSG_PEEK); now if none
// are there or they carry no timestamp.
Clock::time_point peek_arrival(int fd);

// Linux switches receive timestamping on for the whole system when a first socket asks for it,
// and does so later, on a workqueue: bytes that arrive before then carry no timestamp. Holding
// one of these from start-up turns the switch on before any connection is made.
class ReceiveTimestampsOn {
 public:
  ReceiveTimestampsOn();
  ~ReceiveTimestampsOn();
  ReceiveTimestampsOn(const ReceiveTimestampsOn&) = delete;
  ReceiveTimestampsOn& operator=(const ReceiveTimestampsOn&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace genai::net
