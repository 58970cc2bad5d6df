// The client's send side: every record carries t_sent_ns, when the request's last byte was
// written, and runs report the send lag (t_sent − t_start, or − t_connected on a new connection).
// Against a server that does not read for a known time, a request larger than the socket buffers
// cannot be sent sooner: the lag is that wait, and the console says so.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "e2e/fault_server.h"
#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

int64_t field(const json::value& record, const char* key) { return record.at(key).to_number<int64_t>(); }

TEST(SendLag, EveryRecordSaysWhenItsRequestWasSent) {
  MockProcess mock({"--ttft-ms", "30", "--itl-ms", "1"});
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--traffic-scenario", "D(100,8)", "--num-concurrency", "2",
                                         "--max-requests-per-run", "6", "--output-dir", folder,
                                         "--experiment-name", "lag", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string& line : read_lines(folder + "/lag/records.jsonl")) {
    const json::value record = json::parse(line);
    // Causality: written after it started (and after its connection opened), answered after the
    // mock's 30 ms, which starts when the mock has read the request.
    const int64_t ready = field(record, "t_connected_ns") >= 0 ? field(record, "t_connected_ns") : field(record, "t_start_ns");
    EXPECT_GE(field(record, "t_sent_ns"), ready) << line;
    EXPECT_GE(field(record, "t_first_ns") - field(record, "t_sent_ns"), 29'000'000) << line;
  }
  const json::value summary = read_json_file(folder + "/lag/summary.json").as_array().at(0);
  EXPECT_EQ(summary.at("client_send_lag_ms").at("count").to_number<int64_t>(), 6);
  EXPECT_EQ(run.output.find("to write a request"), std::string::npos) << run.output;
}

// 6 MB of prompt against a 4 KiB receive buffer: the kernel holds a few MB, the rest waits until
// the server reads, 400 ms after the connection opened.
TEST(SendLag, AServerThatDoesNotReadMakesTheSendLate) {
  FaultServer server(
      [](FaultConnection& connection) {
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        if (connection.read_request() < 0) return;
        connection.write(chunked_sse_response(4));
      },
      4096);
  const std::string folder = make_temporary_folder();
  write_text(folder + "/big.jsonl", "{\"prompt\": \"" + std::string(6 << 20, 'a') + "\"}\n");
  const RunResult run = run_genai_bench({"benchmark", "--api-base", server.base_url(), "--api-model-name", "m",
                                         "--dataset-path", folder + "/big.jsonl", "--num-concurrency", "1",
                                         "--max-requests-per-run", "1", "--output-dir", folder,
                                         "--experiment-name", "late", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json::value record = json::parse(read_lines(folder + "/late/records.jsonl").at(0));
  ASSERT_TRUE(record.at("ok").as_bool()) << run.output;
  const int64_t ready = field(record, "t_connected_ns") >= 0 ? field(record, "t_connected_ns") : field(record, "t_start_ns");
  EXPECT_GE(field(record, "t_sent_ns") - ready, 300'000'000);
  const json::value summary = read_json_file(folder + "/late/summary.json").as_array().at(0);
  EXPECT_GE(summary.at("client_send_lag_ms").at("max").to_number<double>(), 300.0);
  EXPECT_NE(run.output.find("to write a request (p99)"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace genai::testing
