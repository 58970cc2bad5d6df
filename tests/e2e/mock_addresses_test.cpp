// mock-server with more than one address (--host a list, --port repeated or a range): one process
// listens on every host with every port and serves on each, so it can take more than one port's
// worth of connections; a --port that is not one is refused in a line.
#include <gtest/gtest.h>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

TEST(MockAddresses, EveryHostWithEveryPortServes) {
  // MockProcess adds "--port 0": with a second one, two free ports on each of two hosts.
  MockProcess mock({"--host", "127.0.0.1,127.0.0.2", "--port", "0", "--ttft-ms", "1", "--itl-ms", "1"});
  ASSERT_EQ(mock.urls().size(), 4u);
  EXPECT_EQ(mock.urls()[0].rfind("http://127.0.0.1:", 0), 0u);
  EXPECT_EQ(mock.urls()[3].rfind("http://127.0.0.2:", 0), 0u);
  const std::string folder = make_temporary_folder();
  for (const std::string& url : mock.urls()) {
    const RunResult run = run_genai_bench({"benchmark", "--api-base", url, "--api-model-name", "m", "--traffic-scenario",
                                           "D(10,2)", "--num-concurrency", "1", "--max-requests-per-run", "2",
                                           "--output-dir", folder, "--no-ui"});
    EXPECT_EQ(run.exit_code, 0) << url << "\n" << run.output;
  }
}

TEST(MockAddresses, APortThatIsNotOneIsRefusedInALine) {
  for (const auto& [port, expected] : std::vector<std::pair<std::string, std::string>>{
           {"70000", "--port '70000': not a port (0-65535) or a range A-B"},
           {"9-3", "--port '9-3': a range is A-B with 1 <= A <= B <= 65535"},
           {"1000-3000", "--port '1000-3000': at most 1024 ports in a range"}}) {
    const RunResult run = run_genai_bench({"mock-server", "--port", port});
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_NE(run.output.find(expected), std::string::npos) << run.output;
  }
}

}  // namespace
}  // namespace genai::testing
