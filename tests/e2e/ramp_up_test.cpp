// --ramp-up end to end against the mock. Closed loop: the users' first requests start evenly over
// the ramp, and the requests started in it are marked and left out of the metrics. Open loop: the
// schedule (recorded exactly in t_sched_ns) is the constant one moved onto a rate rising linearly,
// so each due time is known in advance.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

std::vector<json::object> records_of(const std::string& file) {
  std::vector<json::object> records;
  for (const std::string& line : read_lines(file)) records.push_back(json::parse(line).as_object());
  std::sort(records.begin(), records.end(), [](const json::object& a, const json::object& b) {
    return a.at("t_start_ns").to_number<int64_t>() < b.at("t_start_ns").to_number<int64_t>();
  });
  return records;
}

bool in_ramp(const json::object& record) {
  const json::value* ramp = record.if_contains("ramp");
  return ramp != nullptr && ramp->as_bool();
}

// 4 users over 400 ms: first requests at 0, 100, 200, 300 ms. Each request lasts 50 + 9 × 50 =
// 500 ms (TTFT, then 9 gaps), so every second request starts after the ramp: 4 of the 8 in it.
TEST(RampUp, ClosedLoopUsersStartEvenlyAndTheRampIsLeftOut) {
  MockProcess mock({"--ttft-ms", "50", "--itl-ms", "50"});
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--traffic-scenario", "D(10,10)", "--num-concurrency", "4", "--ramp-up", "400ms",
                                         "--max-requests-per-run", "8", "--output-dir", folder, "--experiment-name", "closed",
                                         "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::vector<json::object> records = records_of(folder + "/closed/records.jsonl");
  ASSERT_EQ(records.size(), 8u);
  const int64_t first = records[0].at("t_start_ns").to_number<int64_t>();
  for (size_t i = 0; i < 4; ++i) {
    const double offset_ms = static_cast<double>(records[i].at("t_start_ns").to_number<int64_t>() - first) / 1e6;
    EXPECT_NEAR(offset_ms, 100.0 * static_cast<double>(i), 15) << json::serialize(records[i]);
    EXPECT_TRUE(in_ramp(records[i])) << json::serialize(records[i]);
  }
  for (size_t i = 4; i < 8; ++i) EXPECT_FALSE(in_ramp(records[i])) << json::serialize(records[i]);
  const json::value summary = read_json_file(folder + "/closed/summary.json").as_array().at(0);
  EXPECT_EQ(summary.at("requests").at("excluded").to_number<int64_t>(), 4);
  EXPECT_EQ(summary.at("requests").at("total").to_number<int64_t>(), 4);
  EXPECT_EQ(read_json_file(folder + "/closed/experiment.json").at("options").at("ramp_up"), "--ramp-up 400ms");
}

// 100 requests at 100/s, constant gaps, ramped over 1 s: request i is due at s = i / 100 s on the
// constant schedule, so at sqrt(2 · 1 s · s) while s < 0.5 s and s + 0.5 s after. The first 50 fall
// in the ramp.
TEST(RampUp, OpenLoopRateRisesLinearlyOverTheRamp) {
  MockProcess mock({"--ttft-ms", "5", "--itl-ms", "1"});
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--traffic-scenario", "D(10,2)", "--request-rate", "100", "--arrival", "constant",
                                         "--ramp-up", "1s", "--max-requests-per-run", "100", "--output-dir", folder,
                                         "--experiment-name", "open", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::vector<json::object> records = records_of(folder + "/open/records.jsonl");
  ASSERT_EQ(records.size(), 100u);
  std::sort(records.begin(), records.end(), [](const json::object& a, const json::object& b) {
    return a.at("request").to_number<int64_t>() < b.at("request").to_number<int64_t>();
  });
  const int64_t zero = records[0].at("t_sched_ns").to_number<int64_t>();
  int ramped = 0;
  for (const json::object& record : records) {
    const double s = record.at("request").to_number<double>() / 100;
    const double due_s = s < 0.5 ? std::sqrt(2 * s) : s + 0.5;
    const double offset_s = static_cast<double>(record.at("t_sched_ns").to_number<int64_t>() - zero) / 1e9;
    EXPECT_NEAR(offset_s, due_s, 1e-6) << json::serialize(record);
    ramped += in_ramp(record) ? 1 : 0;
  }
  EXPECT_EQ(ramped, 50);
  const json::value summary = read_json_file(folder + "/open/summary.json").as_array().at(0);
  EXPECT_EQ(summary.at("requests").at("excluded").to_number<int64_t>(), 50);
}

TEST(RampUp, ConflictingOrMisplacedRampsAreRefusedInOneLine) {
  const std::string folder = make_temporary_folder();
  RunResult run = run_genai_bench({"benchmark", "--ramp-up", "1s", "--spawn-rate", "10", "--output-dir", folder, "--no-ui"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("--ramp-up and --spawn-rate both say how users start"), std::string::npos) << run.output;
  run = run_genai_bench({"benchmark", "--ramp-up", "soon", "--output-dir", folder, "--no-ui"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("--ramp-up"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace genai::testing
