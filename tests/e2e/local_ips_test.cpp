// --local-ips end to end on loopback, where every 127.x.y.z is this machine's: connections come
// from the given addresses in turn (the server sees their source addresses), and an address that
// is not this machine's fails each request as connect_eaddrnotavail, with a hint, never a hang.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>

#include "e2e/fault_server.h"
#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

TEST(LocalIps, ConnectionsComeFromTheGivenAddressesInTurn) {
  FaultServer server([](FaultConnection& connection) {
    while (connection.read_request() >= 0) connection.write(chunked_sse_response(3));
  });
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", server.base_url(), "--api-model-name", "m",
                                         "--local-ips", "127.0.0.2-127.0.0.3", "--traffic-scenario", "D(10,3)", "--num-concurrency", "4",
                                         "--max-requests-per-run", "8", "--output-dir", folder, "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::vector<std::string> peers = server.peer_addresses();
  ASSERT_EQ(peers.size(), 4u);  // one kept-alive connection a user
  EXPECT_EQ(std::count(peers.begin(), peers.end(), "127.0.0.2"), 2);
  EXPECT_EQ(std::count(peers.begin(), peers.end(), "127.0.0.3"), 2);
}

TEST(LocalIps, AnAddressNotOfThisMachineIsItsOwnErrorKindWithAHint) {
  FaultServer server([](FaultConnection& connection) {
    while (connection.read_request() >= 0) connection.write(chunked_sse_response(3));
  });
  const std::string folder = make_temporary_folder();
  // 192.0.2.7: TEST-NET-1 (RFC 5737), never a local address.
  const RunResult run = run_genai_bench({"benchmark", "--api-base", server.base_url(), "--api-model-name", "m",
                                         "--local-ips", "192.0.2.7", "--traffic-scenario", "D(10,3)", "--num-concurrency", "2", "--max-requests-per-run",
                                         "2", "--max-retries", "0", "--output-dir", folder, "--experiment-name", "x",
                                         "--no-ui"});
  EXPECT_EQ(run.exit_code, 3) << run.output;
  EXPECT_EQ(server.connections(), 0);
  EXPECT_NE(run.output.find("errors in D(10,3) @ 2: connect_eaddrnotavail=2"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("hint: connect_eaddrnotavail"), std::string::npos) << run.output;
  for (const std::string& line : read_lines(folder + "/x/records.jsonl")) {
    EXPECT_EQ(boost::json::parse(line).at("error_kind"), "connect_eaddrnotavail") << line;
  }
  const RunResult bad = run_genai_bench({"benchmark", "--local-ips", "10.0.0.300", "--output-dir", folder, "--no-ui"});
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--local-ips: '10.0.0.300' is not an address"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace genai::testing
