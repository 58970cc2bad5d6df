// What a stopped run leaves: SIGKILL mid-run leaves only whole records (each is one write(2)),
// which `report` reads; a second Ctrl-C cancels what is in flight at once.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <thread>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

TEST(Interrupts, KillNineLeavesOnlyWholeRecordsThatReportReads) {
  MockProcess mock({"--ttft-ms", "1", "--itl-ms", "0"});
  const std::string folder = make_temporary_folder();
  Subprocess benchmark({genai_bench_binary(), "benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                        "--traffic-scenario", "D(8,8)", "--num-concurrency", "32", "--max-requests-per-run",
                        "100000000", "--output-dir", folder, "--experiment-name", "killed", "--no-ui"});
  std::this_thread::sleep_for(1500ms);  // thousands of records written by then
  benchmark.send_signal(SIGKILL);
  EXPECT_EQ(benchmark.wait(10s), 128 + SIGKILL);
  const std::string text = read_text(folder + "/killed/records.jsonl");
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n') << "a torn last record";
  const auto lines = read_lines(folder + "/killed/records.jsonl");
  for (const std::string& line : lines) ASSERT_NO_THROW(json::parse(line)) << line;
  const RunResult report = run_genai_bench({"report", folder + "/killed"}, 120s);
  EXPECT_EQ(report.exit_code, 0) << report.output;
  std::printf("%zu whole records after SIGKILL\n", lines.size());
}

TEST(Interrupts, ASecondCtrlCCancelsWhatIsInFlightAtOnce) {
  MockProcess mock({"--ttft-ms", "5000", "--itl-ms", "0"});  // every request would take 5 s
  const std::string folder = make_temporary_folder();
  Subprocess benchmark({genai_bench_binary(), "benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                        "--traffic-scenario", "D(8,4)", "--num-concurrency", "4", "--max-requests-per-run", "100",
                        "--shutdown-grace", "60s", "--output-dir", folder, "--experiment-name", "twice", "--no-ui"});
  std::this_thread::sleep_for(700ms);
  const auto first = std::chrono::steady_clock::now();
  benchmark.send_signal(SIGINT);
  std::this_thread::sleep_for(200ms);
  benchmark.send_signal(SIGINT);
  EXPECT_EQ(benchmark.wait(20s), 130) << benchmark.output();
  EXPECT_LT(std::chrono::steady_clock::now() - first, 4s) << "waited for the grace period or the requests";
  const json::value summary = read_json_file(folder + "/twice/summary.json").as_array()[0];
  EXPECT_EQ(summary.at("errors_by_kind").at("cancelled").to_number<int>(), 4);
  EXPECT_EQ(read_lines(folder + "/twice/records.jsonl").size(), 4u);
}

}  // namespace
}  // namespace genai::testing
