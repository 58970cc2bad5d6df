#include "app/mock_process.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <optional>

namespace genai::app {

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  }
  return cpus;
}

bool pin_this_thread(const std::vector<int>& cpus) {
  if (cpus.empty()) return false;
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int cpu : cpus) CPU_SET(cpu, &set);
  return sched_setaffinity(0, sizeof set, &set) == 0;
}

namespace {

std::string this_binary() {
  char path[PATH_MAX];
  const ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
  return length > 0 ? std::string(path, static_cast<size_t>(length)) : std::string("genai-bench");
}

// Reads `fd` until a whole line, EOF or `deadline`; the line without its '\n', or nothing.
std::optional<std::string> read_line(int fd, std::chrono::steady_clock::time_point deadline) {
  std::string line;
  char c = 0;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd ready{fd, POLLIN, 0};
    if (poll(&ready, 1, static_cast<int>(left.count())) <= 0) continue;
    const ssize_t got = read(fd, &c, 1);
    if (got <= 0) return std::nullopt;
    if (c == '\n') return line;
    line.push_back(c);
  }
}

}  // namespace

Result<std::unique_ptr<MockProcess>> MockProcess::start(const std::vector<std::string>& arguments, const std::vector<int>& cpus) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return make_error(std::string("cannot start the mock: pipe: ") + std::strerror(errno));
  std::vector<std::string> words = {this_binary(), "mock-server", "--port", "0"};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return make_error(std::string("cannot start the mock: fork: ") + std::strerror(errno));
  if (pid == 0) {  // the child: only async-signal-safe calls until exec
    dup2(pipe_fds[1], STDOUT_FILENO);
    if (!cpus.empty()) {
      cpu_set_t set;
      CPU_ZERO(&set);
      for (int cpu : cpus) CPU_SET(cpu, &set);
      sched_setaffinity(0, sizeof set, &set);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  // "mock server listening on http://127.0.0.1:PORT"
  const auto line = read_line(pipe_fds[0], std::chrono::steady_clock::now() + std::chrono::seconds(10));
  const size_t at = line ? line->find("http://") : std::string::npos;
  if (at == std::string::npos) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    close(pipe_fds[0]);
    return make_error("the mock did not start (" + (line ? *line : std::string("no output")) + ")");
  }
  const std::string first_url = line->substr(at, line->find(' ', at) - at);  // more addresses follow it, if any
  return std::unique_ptr<MockProcess>(new MockProcess(pid, pipe_fds[0], first_url));
}

std::string MockProcess::stop() {
  if (pid_ <= 0) return {};
  kill(pid_, SIGINT);
  std::string rest;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (auto line = read_line(output_fd_, deadline)) rest += *line + "\n";
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  close(output_fd_);
  return rest;
}

MockProcess::~MockProcess() { stop(); }

}  // namespace genai::app
