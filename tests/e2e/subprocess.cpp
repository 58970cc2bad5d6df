#include "e2e/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace genai::testing {

Subprocess::Subprocess(const std::vector<std::string>& arguments) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  std::vector<char*> argv;
  for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  const int status = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  stdout_fd_ = pipe_fds[0];
  if (status != 0) throw std::runtime_error("cannot start " + arguments[0]);
}

Subprocess::~Subprocess() {
  if (!exit_code_) {
    send_signal(SIGKILL);
    wait(std::chrono::seconds(10));
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
}

void Subprocess::drain(int timeout_ms) {
  pollfd descriptor{stdout_fd_, POLLIN, 0};
  if (poll(&descriptor, 1, timeout_ms) <= 0) return;
  char buffer[65536];
  const ssize_t count = read(stdout_fd_, buffer, sizeof buffer);
  if (count > 0) {
    pending_.append(buffer, static_cast<size_t>(count));
    output_.append(buffer, static_cast<size_t>(count));
  }
}

std::optional<std::string> Subprocess::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const size_t newline = pending_.find('\n');
    if (newline != std::string::npos) {
      std::string line = pending_.substr(0, newline);
      pending_.erase(0, newline + 1);
      return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    drain(static_cast<int>(left.count()));
  }
}

void Subprocess::send_signal(int signal_number) {
  if (pid_ > 0 && !exit_code_) kill(pid_, signal_number);
}

int Subprocess::wait(std::chrono::milliseconds timeout) {
  if (exit_code_) return *exit_code_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (true) {
    drain(10);  // keep the pipe from filling up while the child runs
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
  }
  for (int i = 0; i < 100; ++i) {  // collect whatever is left in the pipe
    const size_t before = output_.size();
    drain(0);
    if (output_.size() == before) break;
  }
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return *exit_code_;
}

std::string genai_bench_binary() { return GENAI_BENCH_BINARY; }

MockProcess::MockProcess(const std::vector<std::string>& extra_arguments)
    : process_([&] {
        std::vector<std::string> arguments = {genai_bench_binary(), "mock-server", "--port", "0"};
        arguments.insert(arguments.end(), extra_arguments.begin(), extra_arguments.end());
        return arguments;
      }()) {
  const auto line = process_.read_line(std::chrono::seconds(30));
  if (!line) throw std::runtime_error("the mock server printed no address");
  // "mock server listening on http://127.0.0.1:PORT [more URLs]"
  std::istringstream words(line->substr(line->find("http://")));
  for (std::string url; words >> url;) urls_.push_back(url);
  port_ = static_cast<uint16_t>(std::stoi(urls_.front().substr(urls_.front().rfind(':') + 1)));
}

RunResult run_genai_bench(const std::vector<std::string>& arguments, std::chrono::milliseconds timeout) {
  std::vector<std::string> full = arguments;
  // Python's end-of-experiment workbook and plots cost a second of gnuplot per experiment; the
  // tests that check them ask with run_genai_bench_as_users_do.
  const bool benchmark = !full.empty() && (full.front() == "benchmark" || full.front().rfind("--", 0) == 0);
  if (benchmark) full.emplace_back("--no-end-reports");
  return run_genai_bench_as_users_do(full, timeout);
}

RunResult run_genai_bench_as_users_do(const std::vector<std::string>& arguments, std::chrono::milliseconds timeout) {
  std::vector<std::string> full = {genai_bench_binary()};
  full.insert(full.end(), arguments.begin(), arguments.end());
  Subprocess process(full);
  RunResult result;
  result.exit_code = process.wait(timeout);
  result.output = process.output();
  return result;
}

std::string make_temporary_folder() {
  std::string pattern = (std::filesystem::temp_directory_path() / "genai-bench-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

}  // namespace genai::testing
