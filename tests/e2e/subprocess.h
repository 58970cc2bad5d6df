// Test helper: runs a program as a child process (the genai-bench binary under test), reads its
// standard output line by line, signals it and collects its exit status.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace genai::testing {

class Subprocess {
 public:
  // Starts `arguments[0]` with the rest as its arguments; stdout (and stderr) are captured.
  explicit Subprocess(const std::vector<std::string>& arguments);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // The next line of output, or nothing if none arrives within `timeout`.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  void send_signal(int signal_number);
  // Waits for exit (killing it after `timeout`) and returns the exit code (128 + signal if killed).
  int wait(std::chrono::milliseconds timeout = std::chrono::minutes(5));
  // Everything printed so far and up to exit (call after wait()).
  const std::string& output() const { return output_; }

 private:
  void drain(int timeout_ms);
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string pending_;  // read but not yet returned by read_line
  std::string output_;
  std::optional<int> exit_code_;
};

// The genai-bench binary built beside the tests.
std::string genai_bench_binary();

// A mock server in its own process on a free loopback port, stopped when this goes out of scope.
class MockProcess {
 public:
  explicit MockProcess(const std::vector<std::string>& extra_arguments);
  uint16_t port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::vector<std::string>& urls() const { return urls_; }  // every address it listens on

 private:
  Subprocess process_;
  uint16_t port_ = 0;
  std::vector<std::string> urls_;
};

// Runs the benchmark binary to completion: returns its exit code and output.
struct RunResult {
  int exit_code = -1;
  std::string output;
};
// `benchmark` runs get --no-end-reports (Python's end-of-experiment workbook and plots).
RunResult run_genai_bench(const std::vector<std::string>& arguments,
                          std::chrono::milliseconds timeout = std::chrono::minutes(5));
// Exactly the arguments given.
RunResult run_genai_bench_as_users_do(const std::vector<std::string>& arguments,
                                      std::chrono::milliseconds timeout = std::chrono::minutes(5));

// A fresh empty folder under the system's temporary directory.
std::string make_temporary_folder();

}  // namespace genai::testing
