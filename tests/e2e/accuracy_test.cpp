// Measured latency must match the latency the mock injects: the client adds no error worth
// reporting, at low and at high concurrency. The mock runs in its own process.
#include <gtest/gtest.h>

#include <cstdio>

#include <boost/json.hpp>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

constexpr double kInjectedTtftMs = 100;
constexpr double kInjectedItlMs = 10;
constexpr int kOutputTokens = 20;

double stat(const json::value& summary, const char* metric, const char* name) {
  return summary.at(metric).at(name).to_number<double>();
}

class LatencyAccuracy : public ::testing::TestWithParam<int> {};

// Two processes share this 2-core machine: the client gets one event-loop thread, the mock two.
// The first eighth of the requests (one round of users) is warm-up: when 512 users start in the
// same millisecond, the mock is still accepting and parsing that burst when the first requests
// arrive, and really does answer them late (the client reports that truthfully). The seven
// steady-state rounds that follow are where the injected delays are the truth to compare
// against; seven, so one round disturbed by the machine cannot move the mean by much.
TEST_P(LatencyAccuracy, MeasuredTtftAndItlMatchTheInjectedDelays) {
  const int concurrency = GetParam();
  const int requests = std::max(16, 8 * concurrency);
  const int measured = requests - requests / 8;
  MockProcess mock({"--ttft-ms", "100", "--itl-ms", "10", "--threads", "2"});
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench(
      {"benchmark", "--api-base", mock.base_url(), "--api-model-name", "mock", "--traffic-scenario",
       "D(32," + std::to_string(kOutputTokens) + ")", "--num-concurrency", std::to_string(concurrency),
       "--max-requests-per-run", std::to_string(requests), "--warmup-ratio", "0.125", "--threads", "1",
       "--output-dir", folder, "--experiment-name", "accuracy", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;

  const json::value summaries = read_json_file(folder + "/accuracy/summary.json");
  ASSERT_EQ(summaries.as_array().size(), 1u);
  const json::value& summary = summaries.as_array()[0];
  EXPECT_EQ(summary.at("concurrency").to_number<int>(), concurrency);
  EXPECT_EQ(summary.at("requests").at("ok").to_number<int>(), measured);
  EXPECT_EQ(summary.at("requests").at("excluded").to_number<int>(), requests - measured);
  EXPECT_EQ(summary.at("requests").at("failed").to_number<int>(), 0);
  std::printf("concurrency %d: measured TTFT mean %.3f ms (p99 %.3f), ITL mean %.3f ms over %d requests\n",
              concurrency, stat(summary, "ttft_ms", "mean"), stat(summary, "ttft_ms", "p99"),
              stat(summary, "itl_ms", "mean"), measured);
#ifdef GENAI_SANITIZED_BUILD
  // Client and mock are both the sanitized binary here, slowed down 2-3x on purpose: this run
  // checks memory safety of these paths and the counts below; the Release run asserts timing.
  std::printf("sanitized build: TTFT/ITL tolerances are asserted by the Release build's tests\n");
#else
  EXPECT_NEAR(stat(summary, "ttft_ms", "mean"), kInjectedTtftMs, 2.0);
  EXPECT_NEAR(stat(summary, "itl_ms", "mean"), kInjectedItlMs, 0.5);
#endif
  // Output tokens are exactly what the mock sent, by the server's count and by ours.
  EXPECT_EQ(stat(summary, "output_tokens", "min"), kOutputTokens);
  EXPECT_EQ(stat(summary, "output_tokens", "max"), kOutputTokens);

  const auto lines = read_lines(folder + "/accuracy/records.jsonl");
  ASSERT_EQ(lines.size(), static_cast<size_t>(requests));
  for (const std::string& line : lines) {
    const json::value record = json::parse(line);
    EXPECT_EQ(record.at("output_source").as_string(), "usage");
    EXPECT_EQ(record.at("itl_us").as_array().size(), static_cast<size_t>(kOutputTokens - 1));
  }
}

INSTANTIATE_TEST_SUITE_P(Concurrency, LatencyAccuracy, ::testing::Values(1, 64, 512));

}  // namespace
}  // namespace genai::testing
