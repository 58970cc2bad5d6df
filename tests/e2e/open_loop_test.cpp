// Open-loop runs against the mock: requests start at their scheduled times whether or not earlier
// ones have ended (no coordinated omission), every record keeps t_sched, and --max-concurrency
// holds due requests back. Timings are asserted only as orderings the schedule implies.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

struct Times {
  int64_t sched, start, end;
};

std::vector<Times> times_by_schedule(const std::string& records_path) {
  std::vector<Times> times;
  for (const std::string& line : read_lines(records_path)) {
    const json::value record = json::parse(line);
    times.push_back({record.at("t_sched_ns").to_number<int64_t>(), record.at("t_start_ns").to_number<int64_t>(),
                     record.at("t_end_ns").to_number<int64_t>()});
  }
  std::sort(times.begin(), times.end(), [](const Times& a, const Times& b) { return a.sched < b.sched; });
  return times;
}

TEST(OpenLoop, RequestsStartOnScheduleWhileEarlierOnesAreStillRunning) {
  const std::string folder = make_temporary_folder();
  // Each request takes ~300 ms; one is due every 20 ms: about 15 are in flight at once.
  MockProcess mock({"--ttft-ms", "200", "--itl-ms", "10", "--threads", "1"});
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--request-rate", "50", "--arrival", "constant", "--traffic-scenario",
                                         "D(20,10)", "--max-requests-per-run", "30", "--output-dir", folder,
                                         "--experiment-name", "open", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::vector<Times> times = times_by_schedule(folder + "/open/records.jsonl");
  ASSERT_EQ(times.size(), 30u);
  for (size_t i = 0; i < times.size(); ++i) {
    EXPECT_GE(times[i].start, times[i].sched) << i;
    if (i > 0) {
      EXPECT_EQ(times[i].sched - times[i - 1].sched, 20'000'000) << i;  // constant: exactly 1/rate
    }
  }
  // The second request started long before the first ended: the load did not wait for answers.
  EXPECT_LT(times[1].start, times[0].end);
  const json::value summary = read_json_file(folder + "/open/summary.json").as_array().at(0);
  EXPECT_EQ(summary.at("request_rate").to_number<double>(), 50);
  EXPECT_EQ(summary.at("arrival").as_string(), "constant");
  EXPECT_EQ(summary.at("client_lateness_ms").at("count").to_number<int>(), 30);
  EXPECT_GT(summary.at("achieved_request_rate").to_number<double>(), 0);
  EXPECT_NE(run.output.find("50/s"), std::string::npos) << run.output;
}

TEST(OpenLoop, MaxConcurrencyHoldsDueRequestsBack) {
  const std::string folder = make_temporary_folder();
  MockProcess mock({"--ttft-ms", "100", "--itl-ms", "0", "--threads", "1"});
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--request-rate", "100", "--max-concurrency", "2", "--traffic-scenario",
                                         "D(20,4)", "--max-requests-per-run", "10", "--output-dir", folder,
                                         "--experiment-name", "capped", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::vector<Times> times = times_by_schedule(folder + "/capped/records.jsonl");
  ASSERT_EQ(times.size(), 10u);
  // Never more than two in flight: at each start, count the requests started and not yet ended.
  for (const Times& at : times) {
    int in_flight = 0;
    for (const Times& other : times) in_flight += other.start <= at.start && other.end > at.start;
    EXPECT_LE(in_flight, 2);
  }
  EXPECT_NE(run.output.find("were due while --max-concurrency 2 requests were in flight"), std::string::npos)
      << run.output;
}

TEST(OpenLoop, OpenLoopFlagsNeedARate) {
  const std::string folder = make_temporary_folder();
  RunResult run = run_genai_bench({"benchmark", "--max-concurrency", "4", "--output-dir", folder, "--no-ui"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("--max-concurrency: only with --request-rate"), std::string::npos) << run.output;
  run = run_genai_bench({"benchmark", "--request-rate", "5", "--burstiness", "2", "--output-dir", folder, "--no-ui"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("--burstiness: only with --arrival gamma"), std::string::npos) << run.output;
  run = run_genai_bench({"benchmark", "--request-rate", "5", "--num-concurrency", "2", "--output-dir", folder, "--no-ui"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("choose one"), std::string::npos) << run.output;
}

// The mock answers after 50 ms: every request meets ttft<=500ms and none meets ttft<=20ms.
TEST(Goodput, SummaryCountsTheRequestsThatMetTheSlo) {
  MockProcess mock({"--ttft-ms", "50", "--itl-ms", "1"});
  for (const auto& [slo, met] : {std::pair{"ttft:500ms,e2e:5s", 8}, std::pair{"ttft:20ms", 0}}) {
    const std::string folder = make_temporary_folder();
    const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                           "--slo", slo, "--num-concurrency", "2", "--traffic-scenario", "D(10,5)",
                                           "--max-requests-per-run", "8", "--output-dir", folder,
                                           "--experiment-name", "slo", "--no-ui"});
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const json::value goodput = read_json_file(folder + "/slo/summary.json").as_array().at(0).at("goodput");
    EXPECT_EQ(goodput.at("requests_met").to_number<int>(), met) << slo;
    EXPECT_DOUBLE_EQ(goodput.at("attainment").to_number<double>(), met / 8.0) << slo;
    EXPECT_EQ(goodput.at("requests_per_s").to_number<double>() > 0, met > 0) << slo;
    EXPECT_NE(run.output.find("goodput in D(10,5) @ 2"), std::string::npos) << run.output;
  }
  const RunResult bad = run_genai_bench({"benchmark", "--slo", "ttft:fast", "--output-dir", make_temporary_folder()});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("--slo: 'ttft:fast'"), std::string::npos) << bad.output;
}

// A 20-line trace, one request every 10 ms with output lengths 2..21, replayed twice as fast:
// each request is scheduled 5 ms after the one before and asks for its line's output length.
TEST(TraceReplay, RequestsFollowTheTraceTimestampsAndLengths) {
  const std::string folder = make_temporary_folder();
  std::string trace;
  for (int i = 0; i < 20; ++i) {
    trace += "{\"timestamp\": " + std::to_string(1000 + 10 * i) + ", \"input_length\": " + std::to_string(100 + i) +
             ", \"output_length\": " + std::to_string(2 + i) + ", \"hash_ids\": [" + std::to_string(i % 3) + "]}\n";
  }
  write_text(folder + "/trace.jsonl", trace);
  MockProcess mock({"--ttft-ms", "5", "--itl-ms", "1"});
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m", "--trace",
                                         folder + "/trace.jsonl", "--trace-speedup", "2", "--output-dir", folder,
                                         "--experiment-name", "replay", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::vector<std::pair<int64_t, int64_t>> sched_and_output(20, {-1, -1});
  for (const std::string& line : read_lines(folder + "/replay/records.jsonl")) {
    const json::value record = json::parse(line);
    const auto index = record.at("request").to_number<size_t>();
    ASSERT_LT(index, 20u);
    sched_and_output[index] = {record.at("t_sched_ns").to_number<int64_t>(), record.at("output_tokens").to_number<int64_t>()};
  }
  for (size_t i = 0; i < 20; ++i) {
    EXPECT_EQ(sched_and_output[i].second, static_cast<int64_t>(2 + i)) << i;
    if (i > 0) {
      EXPECT_EQ(sched_and_output[i].first - sched_and_output[i - 1].first, 5'000'000) << i;
    }
  }
  const json::value summary = read_json_file(folder + "/replay/summary.json").as_array().at(0);
  EXPECT_EQ(summary.at("scenario").as_string(), "trace:trace.jsonl");
  EXPECT_EQ(summary.at("arrival").as_string(), "trace x2");
  const RunResult mixed = run_genai_bench({"benchmark", "--trace", folder + "/trace.jsonl", "--request-rate", "3",
                                           "--output-dir", folder + "/mixed"});
  EXPECT_NE(mixed.exit_code, 0);
  EXPECT_NE(mixed.output.find("--trace: the trace sets each request's lengths and time"), std::string::npos) << mixed.output;
}

// The queueing mock serves at most 4 requests at once, each for 40 ms: it saturates at
// 4 / 0.04 s = 100 requests/s (one user: 25/s). The sweep must put the knee there, within a step.
TEST(Sweep, FindsTheKneeTheQueueingModelPredicts) {
  const std::string folder = make_temporary_folder();
  MockProcess mock({"--ttft-ms", "40", "--itl-ms", "0", "--max-batch", "4", "--threads", "1"});
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--traffic-scenario", "D(10,2)", "--sweep", "--sweep-steps", "4",
                                         "--sweep-max-concurrency", "16", "--max-requests-per-run", "60",
                                         "--output-dir", folder, "--experiment-name", "sweep", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json::value experiment = read_json_file(folder + "/sweep/experiment.json");
  EXPECT_EQ(experiment.at("runs").as_array().size(), 6u);  // baseline, probe, four rates
  const json::value& sweep = experiment.at("sweep");
  const double predicted = 4 / 0.040;
  const double step = (sweep.at("max_rate").to_number<double>() - sweep.at("synchronous_rate").to_number<double>()) / 3;
  EXPECT_NEAR(sweep.at("synchronous_rate").to_number<double>(), 1 / 0.040, 2.5);
  ASSERT_TRUE(sweep.at("knee_rate").is_number()) << json::serialize(sweep);
  EXPECT_NEAR(sweep.at("knee_rate").to_number<double>(), predicted, step) << json::serialize(sweep);
  EXPECT_NE(run.output.find("sweep: knee at"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace genai::testing
