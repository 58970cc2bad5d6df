// `genai-bench mock-server`: an OpenAI-compatible server with programmable latency and faults,
// used by the demo, the end-to-end tests and the benchmarks. Listens on loopback by default.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "mock/mock_options.h"

namespace genai::mock {

class MockServer {
 public:
  // Binds and listens (so port() is known at once); serving starts with run() or start().
  static Result<std::unique_ptr<MockServer>> listen(const MockOptions& options);
  ~MockServer();

  uint16_t port() const;  // the first address's
  // Every address listened on, "http://HOST:PORT" (IPv6 hosts in brackets), the first first.
  std::vector<std::string> urls() const;
  void start();  // serves on options.threads background threads
  void run();    // serves on this thread plus options.threads - 1 others, until stop()
  void stop();   // safe from any thread
  // One line: what the mock served and how late it was by its own schedule (see send_truth.h).
  std::string send_truth_summary() const;

 private:
  MockServer() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace genai::mock
