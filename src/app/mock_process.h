// The built-in mock in a process of its own (this binary's `mock-server`), optionally pinned to
// some CPUs, so a measurement of the client is not one of the two sharing a core. Used by
// `calibrate`.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace genai::app {

class MockProcess {
 public:
  // Starts `genai-bench mock-server ARGUMENTS --port 0` pinned to `cpus` (none: anywhere) and waits
  // for the line that gives its port.
  static Result<std::unique_ptr<MockProcess>> start(const std::vector<std::string>& arguments, const std::vector<int>& cpus);
  ~MockProcess();
  MockProcess(const MockProcess&) = delete;
  MockProcess& operator=(const MockProcess&) = delete;

  const std::string& base_url() const { return base_url_; }
  // Stops it (SIGINT, as Ctrl-C) and returns what it printed after its first line (its own
  // account of what it sent).
  std::string stop();

 private:
  MockProcess(pid_t pid, int output_fd, std::string base_url) : pid_(pid), output_fd_(output_fd), base_url_(std::move(base_url)) {}
  pid_t pid_;
  int output_fd_;
  std::string base_url_;
};

// The CPUs this process may run on (sched_getaffinity), in order.
std::vector<int> allowed_cpus();
// Pins the calling thread, and every thread it starts after, to `cpus`; false when refused.
bool pin_this_thread(const std::vector<int>& cpus);

}  // namespace genai::app
