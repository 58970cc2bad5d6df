// The client's own error, measured against a server that knows when it wrote each byte: the
// built-in mock with --record-writes, in another process on the same machine. Both sides time
// events on the steady clock (CLOCK_MONOTONIC, one clock for every process of a machine), so a
// client observation minus the server's write of the same event is what the client added:
// loopback delivery, and the client's lateness where it had no kernel timestamp. Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "metrics/record.h"
#include "metrics/statistics.h"

namespace genai::metrics {

// One request as the server wrote it, on the steady clock (ns since its epoch).
struct ServerWrites {
  int64_t arrival_ns = 0;          // the request's first bytes in the server's socket
  std::vector<int64_t> due_ns;     // each content event: when the server's schedule wanted it
  std::vector<int64_t> written_ns; // and when the server handed it to the kernel
};

// The id the client sends (X-Request-Id) and the server logs: "<run>.<request>".
std::string calibration_request_id(uint32_t run_index, uint64_t request_index);

struct CalibrationRun {
  uint32_t run_index = 0;
  uint64_t requests = 0;  // ok records of the run
  uint64_t paired = 0;    // of those, found in the server's log with as many content events
  // Client minus server, in ms, for the same event: TTFT's first content event, each ITL gap
  // (the client's gap minus the server's), E2E's last write.
  Statistics ttft_error_ms, itl_error_ms, e2e_error_ms;
  Statistics mock_lateness_ms;  // every content write of the run's requests minus when it was due
};

// Per run (in run order): ok records are paired with the server's writes by id; `origin_ns` is
// the experiment's start on the steady clock (records' times are relative to it). A record whose
// content events do not match the server's writes in number is counted but not paired.
std::vector<CalibrationRun> calibrate_runs(const std::vector<RequestRecord>& records,
                                           const std::unordered_map<std::string, ServerWrites>& writes_by_id,
                                           int64_t origin_ns);

}  // namespace genai::metrics
