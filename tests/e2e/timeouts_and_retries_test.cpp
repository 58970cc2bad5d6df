// The fault matrix, part 1: every limit holds whether or not the connection was opened ahead,
// every attempt is counted and bounded, and Retry-After is honoured. The truth is the fault
// server's: what it was scripted to do, how many requests it read and when.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <signal.h>

#include <ctime>
#include <thread>

#include "e2e/fault_server.h"
#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr int kNoRequestSucceeded = 3;  // the README's exit statuses

// A benchmark of `requests` requests, one user, against `base_url`, with `extra` flags.
RunResult run_against(const std::string& base_url, const std::string& folder, int requests,
                      const std::vector<std::string>& extra) {
  std::vector<std::string> arguments = {"benchmark", "--api-base", base_url, "--api-model-name", "m",
                                        "--traffic-scenario", "D(8,5)", "--num-concurrency", "1",
                                        "--max-requests-per-run", std::to_string(requests), "--output-dir", folder,
                                        "--experiment-name", "x", "--no-ui"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return run_genai_bench(arguments, 60s);
}

std::vector<json::object> records_of(const std::string& folder) {
  std::vector<json::object> records;
  for (const std::string& line : read_lines(folder + "/x/records.jsonl")) records.push_back(json::parse(line).as_object());
  return records;
}

double seconds_of(const json::object& record, const char* from, const char* to) {
  return static_cast<double>(record.at(to).to_number<int64_t>() - record.at(from).to_number<int64_t>()) / 1e9;
}

double seconds_between(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Accepts, reads each request, and never answers.
void never_answer(FaultConnection& connection) {
  while (connection.read_request() >= 0) connection.hold_until_client_closes(20s);
}

// With and without opening connections before the clock: the limits are the same.
class Timeouts : public ::testing::TestWithParam<bool> {
 protected:
  std::vector<std::string> with(std::vector<std::string> flags) const {
    if (!GetParam()) flags.push_back("--no-preconnect");
    return flags;
  }
};

TEST_P(Timeouts, AServerThatNeverAnswersIsCutAtTheFirstByteLimit) {
  FaultServer server(never_answer);
  const std::string folder = make_temporary_folder();
  const auto started = std::chrono::steady_clock::now();
  const RunResult run = run_against(server.base_url(), folder, 2,
                                    with({"--connect-timeout", "1s", "--first-byte-timeout", "1s", "--max-retries", "0"}));
  EXPECT_LT(seconds_between(started, std::chrono::steady_clock::now()), 15) << run.output;
  EXPECT_EQ(run.exit_code, kNoRequestSucceeded) << run.output;
  const auto records = records_of(folder);
  ASSERT_EQ(records.size(), 2u) << run.output;
  for (const json::object& record : records) {
    EXPECT_EQ(record.at("error_kind").as_string(), "timeout_first_byte");
    EXPECT_NE(std::string(record.at("error_message").as_string()).find("first-byte"), std::string::npos);
    EXPECT_NEAR(seconds_of(record, "t_start_ns", "t_end_ns"), 1.0, 0.5);
  }
  EXPECT_EQ(server.requests(), 2);
}

TEST_P(Timeouts, TheNextRequestOnAKeptAliveConnectionIsCutToo) {
  FaultServer server([](FaultConnection& connection) {
    while (true) {
      const int request = connection.read_request();
      if (request < 0) return;
      if (request == 0) {
        connection.write(chunked_sse_response(5));
      } else {
        connection.hold_until_client_closes(20s);
      }
    }
  });
  const std::string folder = make_temporary_folder();
  const RunResult run = run_against(server.base_url(), folder, 2,
                                    with({"--connect-timeout", "1s", "--first-byte-timeout", "2s", "--max-retries", "0"}));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const auto records = records_of(folder);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records[0].at("ok").as_bool()) << json::serialize(records[0]);
  EXPECT_EQ(records[1].at("error_kind").as_string(), "timeout_first_byte");
  EXPECT_NEAR(seconds_of(records[1], "t_start_ns", "t_end_ns"), 2.0, 0.5);
  EXPECT_EQ(server.connections(), 1);
}

// A stream that would take 4 s: a token every 100 ms.
void slow_stream(FaultConnection& connection) {
  while (connection.read_request() >= 0) {
    connection.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 40; ++i) {
      if (!connection.write(http_chunk("data: " + content_event_json(i) + "\n\n"))) return;  // the client cut it
      std::this_thread::sleep_for(100ms);
    }
    connection.write(http_chunk("data: [DONE]\n\n") + "0\r\n\r\n");
  }
}

TEST_P(Timeouts, TheRequestLimitCutsAStreamThatIsStillFlowing) {
  FaultServer server(slow_stream);
  const std::string folder = make_temporary_folder();
  const RunResult run = run_against(server.base_url(), folder, 1, with({"--request-timeout", "1s", "--max-retries", "0"}));
  EXPECT_EQ(run.exit_code, kNoRequestSucceeded) << run.output;
  const auto records = records_of(folder);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].at("error_kind").as_string(), "timeout_total");
  EXPECT_NE(std::string(records[0].at("error_message").as_string()).find("request timeout"), std::string::npos);
  EXPECT_NEAR(seconds_of(records[0], "t_start_ns", "t_end_ns"), 1.0, 0.3);
  // The tokens before the cut were timed: about ten in the second the request lived.
  EXPECT_GE(records[0].at("itl_us").as_array().size(), 5u);
}

TEST_P(Timeouts, TheReadLimitCutsAStreamThatWentSilent) {
  FaultServer server([](FaultConnection& connection) {
    if (connection.read_request() < 0) return;
    connection.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 3; ++i) connection.write(http_chunk("data: " + content_event_json(i) + "\n\n"));
    connection.hold_until_client_closes(20s);
  });
  const std::string folder = make_temporary_folder();
  const RunResult run = run_against(server.base_url(), folder, 1, with({"--read-timeout", "1s", "--max-retries", "0"}));
  EXPECT_EQ(run.exit_code, kNoRequestSucceeded) << run.output;
  const auto records = records_of(folder);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].at("error_kind").as_string(), "timeout_idle");
  EXPECT_NE(std::string(records[0].at("error_message").as_string()).find("read timeout"), std::string::npos);
  EXPECT_NEAR(seconds_of(records[0], "t_first_ns", "t_end_ns"), 1.0, 0.3);
  EXPECT_EQ(records[0].at("itl_us").as_array().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Connections, Timeouts, ::testing::Bool(), [](const ::testing::TestParamInfo<bool>& param) {
  return param.param ? "OpenedAhead" : "OpenedByTheRequest";
});

// Reads a request and resets the connection without answering.
void reset_every_request(FaultConnection& connection) {
  if (connection.read_request() >= 0) connection.reset();
}

TEST(Retries, AResetBeforeAnyResponseIsNotResentWhenRetriesAreOff) {
  FaultServer server(reset_every_request);
  const std::string folder = make_temporary_folder();
  const RunResult run = run_against(server.base_url(), folder, 2, {"--max-retries", "0"});
  EXPECT_EQ(run.exit_code, kNoRequestSucceeded) << run.output;
  const auto records = records_of(folder);
  ASSERT_EQ(records.size(), 2u);
  for (const json::object& record : records) {
    EXPECT_EQ(record.at("error_kind").as_string(), "disconnected");
    EXPECT_EQ(record.at("attempts").to_number<int>(), 1);
  }
  EXPECT_EQ(server.requests(), 2);  // one sending per record: nothing re-sent behind the user's back
}

TEST(Retries, EachAttemptIsCountedBoundedAndBackedOff) {
  FaultServer server(reset_every_request);
  const std::string folder = make_temporary_folder();
  const RunResult run = run_against(server.base_url(), folder, 2, {"--max-retries", "2", "--retry-backoff", "300ms"});
  EXPECT_EQ(run.exit_code, kNoRequestSucceeded) << run.output;
  const auto records = records_of(folder);
  ASSERT_EQ(records.size(), 2u);
  for (const json::object& record : records) {
    EXPECT_EQ(record.at("attempts").to_number<int>(), 3);
    EXPECT_EQ(json::serialize(record.at("retry_error_kinds")), R"(["disconnected","disconnected"])");
  }
  ASSERT_EQ(server.requests(), 6);
  const auto times = server.request_times();
  for (int attempt : {1, 2, 4, 5}) {  // each retry of a request came after the backoff
    EXPECT_GE(seconds_between(times[attempt - 1], times[attempt]), 0.28) << "attempt " << attempt;
  }
}

// Ctrl-C while a retry waits out a long Retry-After: the run ends after the grace period, with
// no further sending, and the record keeps the attempt that was made.
TEST(Retries, CtrlCDuringARetryWaitSendsNothingMore) {
  FaultServer server([](FaultConnection& connection) {
    while (connection.read_request() >= 0) {
      connection.write("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 30\r\nContent-Length: 2\r\n\r\n{}");
    }
  });
  const std::string folder = make_temporary_folder();
  Subprocess benchmark({genai_bench_binary(), "benchmark", "--api-base", server.base_url(), "--api-model-name", "m",
                        "--traffic-scenario", "D(8,5)", "--num-concurrency", "1", "--max-requests-per-run", "5",
                        "--shutdown-grace", "300ms", "--output-dir", folder, "--experiment-name", "x", "--no-ui"});
  std::this_thread::sleep_for(1s);
  benchmark.send_signal(SIGINT);
  EXPECT_EQ(benchmark.wait(10s), 130) << benchmark.output();
  const auto records = records_of(folder);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].at("error_kind").as_string(), "throttled");
  EXPECT_EQ(records[0].at("attempts").to_number<int>(), 1);
  EXPECT_EQ(server.requests(), 1);
}

// The first request is refused with 429 and `retry_after_header`; the retry is answered.
struct RetryAfterCase {
  const char* name;
  std::function<std::string()> header;
  std::vector<std::string> flags;
  double least_s, most_s;
};

void PrintTo(const RetryAfterCase& parameters, std::ostream* out) { *out << parameters.name; }  // readable ctest names

class RetryAfter : public ::testing::TestWithParam<RetryAfterCase> {};

TEST_P(RetryAfter, TheRetryWaitsAsLongAsTheServerAsked) {
  const RetryAfterCase& parameters = GetParam();
  FaultServer server([&](FaultConnection& connection) {
    while (true) {
      const int request = connection.read_request();
      if (request < 0) return;
      if (request == 0) {
        connection.write("HTTP/1.1 429 Too Many Requests\r\n" + parameters.header() +
                         "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
      } else {
        connection.write(chunked_sse_response(5));
      }
    }
  });
  const std::string folder = make_temporary_folder();
  std::vector<std::string> flags = {"--retry-backoff", "10ms"};
  flags.insert(flags.end(), parameters.flags.begin(), parameters.flags.end());
  const RunResult run = run_against(server.base_url(), folder, 1, flags);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const auto records = records_of(folder);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].at("ok").as_bool());
  EXPECT_EQ(records[0].at("attempts").to_number<int>(), 2);
  EXPECT_EQ(json::serialize(records[0].at("retry_error_kinds")), R"(["throttled"])");
  const auto times = server.request_times();
  ASSERT_EQ(times.size(), 2u);
  const double waited = seconds_between(times[0], times[1]);
  EXPECT_GE(waited, parameters.least_s);
  EXPECT_LE(waited, parameters.most_s);
}

// An HTTP-date `seconds` from now (IMF-fixdate, whole seconds).
std::string http_date_in(int seconds) {
  const std::time_t when = std::time(nullptr) + seconds;
  std::tm utc{};
  gmtime_r(&when, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

INSTANTIATE_TEST_SUITE_P(
    Forms, RetryAfter,
    ::testing::Values(RetryAfterCase{"Seconds", [] { return std::string("Retry-After: 1"); }, {}, 0.95, 2.5},
                      // An HTTP-date has whole seconds: 2 s from now is between 1 and 2 s away.
                      RetryAfterCase{"HttpDate", [] { return "Retry-After: " + http_date_in(2); }, {}, 0.95, 2.5},
                      RetryAfterCase{"Milliseconds", [] { return std::string("retry-after-ms: 1200"); }, {}, 1.15, 2.5},
                      RetryAfterCase{"CappedByMaxRetryAfter", [] { return std::string("Retry-After: 3600"); },
                                     {"--max-retry-after", "1s"}, 0.95, 2.5}),
    [](const ::testing::TestParamInfo<RetryAfterCase>& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace genai::testing
