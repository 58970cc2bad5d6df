// Measured latency must match what the mock really sent: the client adds no error worth
// reporting, at low and at high concurrency. The mock runs in its own process and keeps its own
// account of every response (GET /mock/stats: when each request's bytes reached it, when each
// content event was written), so the comparison holds whatever else shares the machine: a busy
// mock is late, and the client must see exactly that lateness, no more.
#include <gtest/gtest.h>

#include <cstdio>

#include <boost/json.hpp>

#include "e2e/fault_server.h"
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

// The client's view of every request of the run (warm-up included, as the mock saw them all).
struct ClientView {
  double ttft_mean_ms = 0;
  double itl_mean_ms = 0;
};

ClientView client_view(const std::vector<std::string>& lines) {
  double ttft_sum_ns = 0, gap_sum_us = 0;
  size_t requests = 0, gaps = 0;
  for (const std::string& line : lines) {
    const json::value record = json::parse(line);
    EXPECT_EQ(record.at("output_source").as_string(), "usage");
    EXPECT_EQ(record.at("itl_us").as_array().size(), static_cast<size_t>(kOutputTokens - 1));
    ttft_sum_ns += static_cast<double>(record.at("t_first_ns").to_number<int64_t>() - record.at("t_start_ns").to_number<int64_t>());
    ++requests;
    for (const json::value& gap : record.at("itl_us").as_array()) {
      gap_sum_us += gap.to_number<double>();
      ++gaps;
    }
  }
  return {ttft_sum_ns / static_cast<double>(requests) / 1e6, gap_sum_us / static_cast<double>(gaps) / 1e3};
}

// Two processes share this 2-core machine: the client gets one event-loop thread, the mock two.
// At 512 users the machine is saturated and the mock falls behind its schedule (by milliseconds,
// more when anything else runs): the injected 100 ms is then not what was sent, and comparing
// with it fails a good client (TTFT mean 104.9 ms was seen under ctest -j2; 106-112 ms beside a
// busy loop). What the mock actually sent is the truth the client must match, within 1 ms for
// TTFT (the client's own write of the request, and the loopback hop, are inside it) and 0.3 ms
// for the mean gap. Measured here at 512 users with a busy loop on the same two cores (mock
// lateness p99 8-54 ms, TTFT 102-106 ms): client minus mock 0.02-0.46 ms (TTFT), under 0.03 ms
// (gap); alone, 0.18-0.27 ms and 0.01 ms.
TEST_P(LatencyAccuracy, MeasuredTtftAndItlMatchWhatTheMockSent) {
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
  const json::value sent = json::parse(http_get(mock.port(), "/mock/stats"));

  const json::value summaries = read_json_file(folder + "/accuracy/summary.json");
  ASSERT_EQ(summaries.as_array().size(), 1u);
  const json::value& summary = summaries.as_array()[0];
  EXPECT_EQ(summary.at("concurrency").to_number<int>(), concurrency);
  EXPECT_EQ(summary.at("requests").at("ok").to_number<int>(), measured);
  EXPECT_EQ(summary.at("requests").at("excluded").to_number<int>(), requests - measured);
  EXPECT_EQ(summary.at("requests").at("failed").to_number<int>(), 0);
  // Output tokens are exactly what the mock sent, by the server's count and by ours.
  EXPECT_EQ(stat(summary, "output_tokens", "min"), kOutputTokens);
  EXPECT_EQ(stat(summary, "output_tokens", "max"), kOutputTokens);

  const auto lines = read_lines(folder + "/accuracy/records.jsonl");
  ASSERT_EQ(lines.size(), static_cast<size_t>(requests));
  const ClientView client = client_view(lines);
  ASSERT_EQ(sent.at("served_ttft_us").at("count").to_number<int>(), requests);
  const double sent_ttft_ms = stat(sent, "served_ttft_us", "mean") / 1e3;
  const double sent_gap_ms = stat(sent, "served_gap_us", "mean") / 1e3;
  std::printf("concurrency %d: TTFT mean client %.3f ms, mock sent %.3f ms (injected %.0f; mock lateness p99 %.2f ms); "
              "ITL mean client %.3f ms, mock sent %.3f ms\n",
              concurrency, client.ttft_mean_ms, sent_ttft_ms, kInjectedTtftMs,
              stat(sent, "event_lateness_us", "p99") / 1e3, client.itl_mean_ms, sent_gap_ms);
#ifdef GENAI_SANITIZED_BUILD
  // Client and mock are both the sanitized binary here, slowed down 2-3x on purpose: this run
  // checks memory safety of these paths and the counts; the Release run asserts timing.
  std::printf("sanitized build: timing tolerances are asserted by the Release build's tests\n");
#else
  EXPECT_NEAR(client.ttft_mean_ms, sent_ttft_ms, 1.0);
  EXPECT_NEAR(client.itl_mean_ms, sent_gap_ms, 0.3);
#endif
  // The mock is never early: what it sent is the injected delay plus its own lateness.
  EXPECT_GE(sent_ttft_ms, kInjectedTtftMs - 0.1);
  EXPECT_GE(sent_gap_ms, kInjectedItlMs - 0.1);
}

INSTANTIATE_TEST_SUITE_P(Concurrency, LatencyAccuracy, ::testing::Values(1, 64, 512));

}  // namespace
}  // namespace genai::testing
