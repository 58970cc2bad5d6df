// Failures are counted by kind, retried when that is safe, and no record is ever lost.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

TEST(Faults, InjectedErrorRateIsMeasuredAndNoRecordIsLost) {
  const int requests = 2000;
  const double error_rate = 0.05;
  MockProcess mock({"--ttft-ms", "1", "--itl-ms", "0", "--error-rate", "0.05", "--seed", "7"});
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "mock",
                                         "--traffic-scenario", "D(16,4)", "--num-concurrency", "32",
                                         "--max-requests-per-run", std::to_string(requests), "--max-retries", "0",
                                         "--output-dir", folder, "--experiment-name", "errors", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json::value summary = read_json_file(folder + "/errors/summary.json").as_array()[0];
  const int failed = summary.at("requests").at("failed").to_number<int>();
  const int ok = summary.at("requests").at("ok").to_number<int>();
  EXPECT_EQ(ok + failed, requests);
  // Binomial: mean n*p, standard deviation sqrt(n*p*(1-p)) ~ 9.7; allow 4 standard deviations.
  const double sigma = std::sqrt(requests * error_rate * (1 - error_rate));
  EXPECT_NEAR(failed, requests * error_rate, 4 * sigma);
  EXPECT_EQ(summary.at("errors_by_kind").at("http_500").to_number<int>(), failed);
  EXPECT_EQ(read_lines(folder + "/errors/records.jsonl").size(), static_cast<size_t>(requests));
}

TEST(Faults, ServerErrorsAreRetriedWithEachRetryRecorded) {
  const int requests = 1000;
  MockProcess mock({"--ttft-ms", "1", "--itl-ms", "0", "--error-rate", "0.3", "--seed", "11"});
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "mock",
                                         "--traffic-scenario", "D(16,4)", "--num-concurrency", "16",
                                         "--max-requests-per-run", std::to_string(requests), "--max-retries", "3",
                                         "--retry-backoff", "1ms", "--output-dir", folder, "--experiment-name",
                                         "retries", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  int retries = 0, failed = 0;
  const auto lines = read_lines(folder + "/retries/records.jsonl");
  ASSERT_EQ(lines.size(), static_cast<size_t>(requests));
  for (const std::string& line : lines) {
    const json::value record = json::parse(line);
    const int attempts = record.at("attempts").to_number<int>();
    const auto* kinds = record.as_object().if_contains("retry_error_kinds");
    EXPECT_EQ(attempts - 1, kinds ? static_cast<int>(kinds->as_array().size()) : 0);
    if (kinds) {
      for (const auto& kind : kinds->as_array()) EXPECT_EQ(kind.as_string(), "http_500");
    }
    retries += attempts - 1;
    if (!record.at("ok").as_bool()) {
      ++failed;
      EXPECT_EQ(attempts, 4);
    }
  }
  // Expected retries per request: p + p^2 + p^3 = 0.417; failures: p^4 = 0.81%.
  EXPECT_NEAR(retries, requests * 0.417, 80);
  EXPECT_LT(failed, 30);
}

TEST(Faults, UnreachableServerFailsEveryRequestAsConnectError) {
  // Port 1 on loopback: nothing listens there, so connections are refused at once.
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", "http://127.0.0.1:1", "--api-model-name", "m",
                                         "--traffic-scenario", "D(8,4)", "--num-concurrency", "2",
                                         "--max-requests-per-run", "6", "--max-retries", "1", "--retry-backoff",
                                         "1ms", "--output-dir", folder, "--experiment-name", "refused", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json::value summary = read_json_file(folder + "/refused/summary.json").as_array()[0];
  EXPECT_EQ(summary.at("requests").at("failed").to_number<int>(), 6);
  EXPECT_EQ(summary.at("errors_by_kind").at("connect").to_number<int>(), 6);
  EXPECT_EQ(read_lines(folder + "/refused/records.jsonl").size(), 6u);
}

}  // namespace
}  // namespace genai::testing
