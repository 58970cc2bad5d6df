// `genai-bench calibrate` end to end: it starts the mock in a process of its own, runs the load,
// and sets the client's records against the mock's log of its writes. The test recomputes the
// client's TTFT and E2E error from the two files the folder keeps (records.jsonl and
// mock_writes.jsonl) and checks calibration.json says the same.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

TEST(Calibrate, ClientErrorIsTheClientsRecordMinusTheMocksWrite) {
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"calibrate", "--traffic-scenario", "D(10,8)", "--num-concurrency", "2",
                                         "--max-requests-per-run", "6", "--mock-ttft-ms", "30", "--mock-itl-ms", "5",
                                         "--output-dir", folder, "--experiment-name", "cal", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("this machine measures within 1 ms at p99 up to 2 users"), std::string::npos) << run.output;
  const json::object calibration = read_json_file(folder + "/cal/calibration.json").as_object();
  const int64_t origin = calibration.at("steady_origin_ns").as_int64();
  const json::array& runs = calibration.at("runs").as_array();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].at("requests_paired").to_number<int64_t>(), 6);

  std::map<std::string, json::object> writes;  // by X-Request-Id
  for (const std::string& line : read_lines(folder + "/cal/mock_writes.jsonl")) {
    json::object entry = json::parse(line).as_object();
    writes[std::string(entry.at("id").as_string())] = entry;
  }
  ASSERT_EQ(writes.size(), 6u);
  double ttft_max = -1e18, e2e_max = -1e18;
  for (const std::string& line : read_lines(folder + "/cal/records.jsonl")) {
    const json::object record = json::parse(line).as_object();
    const std::string id = std::to_string(record.at("run").to_number<int>()) + "." +
                           std::to_string(record.at("request").to_number<int>());
    const json::array& written = writes.at(id).at("written_ns").as_array();
    ASSERT_EQ(written.size(), 8u);  // one content event a token
    // The mock wrote the first token no sooner than its 30 ms after the request arrived.
    EXPECT_GE(written.front().as_int64() - writes.at(id).at("arrival_ns").as_int64(), 30'000'000);
    ttft_max = std::max(ttft_max, static_cast<double>(origin + record.at("t_first_ns").as_int64() - written.front().as_int64()) / 1e6);
    e2e_max = std::max(e2e_max, static_cast<double>(origin + record.at("t_end_ns").as_int64() - written.back().as_int64()) / 1e6);
  }
  const json::object& error = runs[0].at("client_error_ms").as_object();
  EXPECT_NEAR(error.at("ttft").at("max").to_number<double>(), ttft_max, 1e-6);
  EXPECT_NEAR(error.at("e2e").at("max").to_number<double>(), e2e_max, 1e-6);
  // On loopback the client sees a byte within a few ms of its write, whatever this machine does.
  EXPECT_LT(std::abs(ttft_max), 5.0);
  EXPECT_EQ(error.at("itl").at("count").to_number<int64_t>(), 6 * 7);
  EXPECT_TRUE(runs[0].at("client_read_delay_ms").as_object().contains("p99"));
  EXPECT_FALSE(runs[0].at("verdict").as_string().empty());
}

TEST(Calibrate, ItMeasuresAgainstItsOwnMockOnly) {
  const RunResult run = run_genai_bench({"calibrate", "--api-base", "http://127.0.0.1:1", "--no-ui"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("calibrate: it measures against its own mock"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace genai::testing
