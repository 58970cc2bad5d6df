// The live dashboard on a real terminal: the benchmark runs inside tmux, and tmux's view of the
// screen (capture-pane) must show the live numbers while the run goes on. Requests take about
// 300 ms (the mock's 100 ms TTFT and 20 tokens 10 ms apart), so the run lasts about 3 s.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

std::string capture(const std::string& session) {
  std::string screen;
  FILE* pipe = popen(("tmux capture-pane -p -t " + session + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return screen;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) screen.append(buffer, n);
  pclose(pipe);
  return screen;
}

TEST(Dashboard, ShowsLiveNumbersInPlaceOnATerminal) {
  if (std::system("command -v tmux >/dev/null") != 0) GTEST_SKIP() << "tmux is needed (scripts/install-deps.sh installs it)";
  const std::string folder = make_temporary_folder();
  const std::string session = "genai-bench-test-" + std::to_string(::getpid());
  const std::string command = genai_bench_binary() +
                              " benchmark --traffic-scenario 'D(20,20)' --num-concurrency 4 --max-requests-per-run 40"
                              " --mock-ttft-ms 100 --mock-itl-ms 10 --output-dir " + folder +
                              " --experiment-name live; sleep 30";
  ASSERT_EQ(std::system(("tmux new-session -d -s " + session + " -x 140 -y 30 \"" + command + "\"").c_str()), 0);
  std::string screen;
  int done = 0;
  double ttft_p50 = 0;
  bool seen = false;
  for (int attempt = 0; attempt < 100 && !seen; ++attempt) {  // up to 10 s; the run is mid-way at ~1.5 s
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    screen = capture(session);
    // "  progress  [#####-----] 12/40 done  0 failed  4 in flight" and "  TTFT p50 100.1 ms ..."
    const size_t bar_end = screen.find("] ", screen.find("progress  ["));
    const size_t ttft = screen.find("TTFT p50 ");
    if (bar_end == std::string::npos || ttft == std::string::npos) continue;
    seen = std::sscanf(screen.c_str() + bar_end + 2, "%d/40 done  0 failed", &done) == 1 && done > 0 && done < 40 &&
           std::sscanf(screen.c_str() + ttft, "TTFT p50 %lf ms", &ttft_p50) == 1 && ttft_p50 > 0 &&
           screen.find("in flight") != std::string::npos;
  }
  std::system(("tmux kill-session -t " + session + " 2>/dev/null").c_str());
  ASSERT_TRUE(seen) << screen;
  EXPECT_NE(screen.find("req/s"), std::string::npos) << screen;
  EXPECT_NE(screen.find("output tokens/s"), std::string::npos) << screen;
  EXPECT_EQ(screen.find("genai-bench  run 1/1"), screen.rfind("genai-bench  run 1/1")) << "redrawn in place:\n" << screen;
#ifndef GENAI_SANITIZED_BUILD
  EXPECT_GE(ttft_p50, 100.0) << screen;  // the mock's injected TTFT
  EXPECT_LT(ttft_p50, 150.0) << screen;
#endif
}

}  // namespace
}  // namespace genai::testing
