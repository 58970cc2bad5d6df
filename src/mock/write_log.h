// The mock's per-request account of its content writes, kept for `genai-bench calibrate` (mock-
// server --record-writes): which request (the client's X-Request-Id), when its bytes reached the
// socket, and each content event's due and written times. Times are the steady clock's
// (CLOCK_MONOTONIC), which every process of the machine shares, so a client's records can be
// set against them. One log per event loop, each written by its loop; GET /mock/writes drains
// them all.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace genai::mock {

struct RequestWrites {
  std::string id;              // the X-Request-Id header; empty when the request had none
  int64_t arrival_ns = 0;      // the request's first bytes in the socket (the kernel's time)
  std::vector<int64_t> due_ns;      // each content event: when the schedule wanted it
  std::vector<int64_t> written_ns;  // and when it was handed to the kernel
};

class WriteLog {
 public:
  void add(RequestWrites writes);
  std::vector<RequestWrites> drain();  // everything added so far, which the log then forgets

 private:
  std::mutex mutex_;  // the loop adds, the /mock/writes reader drains
  std::vector<RequestWrites> entries_;
};

// One JSON object a line: {"id", "arrival_ns", "due_ns": [...], "written_ns": [...]}.
std::string write_log_jsonl(const std::vector<RequestWrites>& entries);
// Its reverse; an error names the line.
Result<std::vector<RequestWrites>> parse_write_log(std::string_view jsonl);

}  // namespace genai::mock
