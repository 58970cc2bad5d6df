// Failures are counted by kind, retried when that is safe, and no record is ever lost.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>

#include "e2e/fault_server.h"
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

// Failures half-way through a stream: each is counted by its kind, is not retried (the server
// did work), and every request still has its record.
struct MidStreamFault {
  const char* mock_fault;
  const char* error_kind;
};

void PrintTo(const MidStreamFault& fault, std::ostream* out) { *out << fault.mock_fault; }  // readable ctest names

class MidStreamFaults : public ::testing::TestWithParam<MidStreamFault> {};

TEST_P(MidStreamFaults, AreCountedByKindWithNoRecordLost) {
  const int requests = 400;
  MockProcess mock({"--ttft-ms", "1", "--itl-ms", "0", "--fault-rate", "0.25", "--fault", GetParam().mock_fault,
                    "--seed", "3"});
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "mock",
                                         "--traffic-scenario", "D(16,10)", "--num-concurrency", "8",
                                         "--max-requests-per-run", std::to_string(requests), "--output-dir", folder,
                                         "--experiment-name", "faults", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json::value summary = read_json_file(folder + "/faults/summary.json").as_array()[0];
  const int failed = summary.at("requests").at("failed").to_number<int>();
  EXPECT_EQ(summary.at("requests").at("ok").to_number<int>() + failed, requests);
  EXPECT_EQ(summary.at("errors_by_kind").as_object().size(), 1u) << json::serialize(summary.at("errors_by_kind"));
  EXPECT_EQ(summary.at("errors_by_kind").at(GetParam().error_kind).to_number<int>(), failed);
  // Binomial(400, 0.25): mean 100, standard deviation ~8.7.
  EXPECT_NEAR(failed, 100, 4 * 8.7);
  const auto lines = read_lines(folder + "/faults/records.jsonl");
  ASSERT_EQ(lines.size(), static_cast<size_t>(requests));
  for (const std::string& line : lines) {
    const json::value record = json::parse(line);
    if (record.at("ok").as_bool()) continue;
    EXPECT_EQ(record.at("attempts").to_number<int>(), 1);  // never retried: tokens had arrived
    EXPECT_EQ(record.at("itl_us").as_array().size(), 4u);  // the 5 tokens before the fault were timed
  }
}

INSTANTIATE_TEST_SUITE_P(Kinds, MidStreamFaults,
                         ::testing::Values(MidStreamFault{"disconnect", "disconnected"},
                                           MidStreamFault{"error-event", "stream_error"},
                                           MidStreamFault{"malformed", "malformed_response"}),
                         [](const ::testing::TestParamInfo<MidStreamFault>& param) {
                           return std::string(param.param.error_kind);
                         });

// Resets before any response byte are retried, and every sending is an attempt: the requests the
// mock read are exactly the attempts the records count.
TEST(Faults, ResetsBeforeAnyByteAreRetriedAndEveryAttemptIsCounted) {
  const int requests = 400;
  MockProcess mock({"--ttft-ms", "1", "--itl-ms", "0", "--fault", "reset:0.3", "--seed", "5"});
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "mock",
                                         "--traffic-scenario", "D(16,4)", "--num-concurrency", "8",
                                         "--max-requests-per-run", std::to_string(requests), "--max-retries", "2",
                                         "--retry-backoff", "1ms", "--output-dir", folder, "--experiment-name",
                                         "resets", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  int attempts = 0, failed = 0;
  const auto lines = read_lines(folder + "/resets/records.jsonl");
  ASSERT_EQ(lines.size(), static_cast<size_t>(requests));
  for (const std::string& line : lines) {
    const json::value record = json::parse(line);
    attempts += record.at("attempts").to_number<int>();
    if (const auto* kinds = record.as_object().if_contains("retry_error_kinds")) {
      for (const auto& kind : kinds->as_array()) EXPECT_EQ(kind.as_string(), "disconnected");
    }
    if (!record.at("ok").as_bool()) {
      ++failed;
      EXPECT_EQ(record.at("error_kind").as_string(), "disconnected");
      EXPECT_EQ(record.at("attempts").to_number<int>(), 3);
    }
  }
  const json::value sent = json::parse(http_get(mock.port(), "/mock/stats"));
  EXPECT_EQ(sent.at("requests").to_number<int>(), attempts);
  EXPECT_EQ(sent.at("responses").to_number<int>(), requests - failed);
  // Expected attempts per request: 1 + p + p^2 = 1.39 (p = 0.3); failures p^3 = 2.7 %.
  EXPECT_NEAR(attempts, requests * 1.39, 40);
  EXPECT_LT(failed, 25);
}

TEST(Faults, UnreachableServerFailsEveryRequestAsConnectError) {
  // Port 1 on loopback: nothing listens there, so connections are refused at once.
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", "http://127.0.0.1:1", "--api-model-name", "m",
                                         "--traffic-scenario", "D(8,4)", "--num-concurrency", "2",
                                         "--max-requests-per-run", "6", "--max-retries", "1", "--retry-backoff",
                                         "1ms", "--output-dir", folder, "--experiment-name", "refused", "--no-ui"});
  ASSERT_EQ(run.exit_code, 3) << run.output;  // no request succeeded
  EXPECT_NE(run.output.find("no request succeeded (connect: 6)"), std::string::npos) << run.output;
  const json::value summary = read_json_file(folder + "/refused/summary.json").as_array()[0];
  EXPECT_EQ(summary.at("requests").at("failed").to_number<int>(), 6);
  EXPECT_EQ(summary.at("errors_by_kind").at("connect").to_number<int>(), 6);
  const auto lines = read_lines(folder + "/refused/records.jsonl");
  ASSERT_EQ(lines.size(), 6u);
  for (const std::string& line : lines) {  // each refused connection is an attempt, retried once
    EXPECT_EQ(json::parse(line).at("attempts").to_number<int>(), 2) << line;
  }
}

}  // namespace
}  // namespace genai::testing
