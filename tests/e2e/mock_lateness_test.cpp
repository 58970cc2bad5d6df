// The mock's own account of its lateness (GET /mock/stats) is what tells a slow mock from a slow
// client, so it must show starvation: the same load against the mock alone on a CPU, then against
// the mock at the lowest priority (nice 19) sharing that CPU with a process that never sleeps.
// Alone its writes are on time; starved they are late by the scheduler's slices.
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>

#include "e2e/fault_server.h"
#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

constexpr const char* kTaskset = "/usr/bin/taskset";

int last_allowed_cpu() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0 || CPU_COUNT(&set) < 2) return -1;
  int last = -1;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) last = cpu;
  }
  return last;
}

// A process spinning on `cpu` until killed.
pid_t start_spinner(int cpu) {
  const pid_t pid = fork();
  if (pid == 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
    volatile unsigned long spins = 0;
    while (true) spins = spins + 1;
  }
  return pid;
}

// The mock's event lateness (p50, p99, µs) after 16 requests of 40 tokens 5 ms apart from 8 users.
std::pair<double, double> lateness_under_load(const std::vector<std::string>& mock_command) {
  Subprocess mock(mock_command);
  const auto line = mock.read_line(std::chrono::seconds(30));
  if (!line) throw std::runtime_error("the mock printed no address");
  const auto port = static_cast<uint16_t>(std::stoi(line->substr(line->rfind(':') + 1)));
  const RunResult run = run_genai_bench({"benchmark", "--api-base", "http://127.0.0.1:" + std::to_string(port),
                                         "--api-model-name", "m", "--traffic-scenario", "D(10,40)", "--num-concurrency", "8",
                                         "--max-requests-per-run", "16", "--output-dir", make_temporary_folder(), "--no-ui"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const json::value stats = json::parse(http_get(port, "/mock/stats"));
  const json::value& lateness = stats.at("event_lateness_us");
  EXPECT_EQ(lateness.at("count").to_number<int64_t>(), 16 * 40);
  return {lateness.at("p50").to_number<double>(), lateness.at("p99").to_number<double>()};
}

TEST(MockLateness, NearZeroAloneAndLateWhenStarved) {
  const int cpu = last_allowed_cpu();
  if (cpu < 0) GTEST_SKIP() << "needs two CPUs: the client on one, the mock (and its starver) on another";
  if (!std::filesystem::exists(kTaskset)) GTEST_SKIP() << kTaskset << " is not installed (util-linux)";
  const std::vector<std::string> mock = {genai_bench_binary(), "mock-server", "--port", "0", "--threads", "1",
                                         "--ttft-ms", "5", "--itl-ms", "5"};
  std::vector<std::string> alone = {kTaskset, "-c", std::to_string(cpu)};
  alone.insert(alone.end(), mock.begin(), mock.end());
  const auto [alone_p50, alone_p99] = lateness_under_load(alone);

  const pid_t spinner = start_spinner(cpu);
  std::vector<std::string> starved = {kTaskset, "-c", std::to_string(cpu), "nice", "-n", "19"};
  starved.insert(starved.end(), mock.begin(), mock.end());
  const auto [starved_p50, starved_p99] = lateness_under_load(starved);
  kill(spinner, SIGKILL);
  waitpid(spinner, nullptr, 0);

  std::printf("mock event lateness: alone p50 %.0f us p99 %.0f us; starved p50 %.0f us p99 %.0f us\n", alone_p50,
              alone_p99, starved_p50, starved_p99);
  EXPECT_LT(alone_p50, 1000);  // on time, give or take the timer's wake-up
  EXPECT_GT(starved_p99, alone_p99 + 1000);
}

}  // namespace
}  // namespace genai::testing
