// A run that needs more open files than the process may have is refused before it starts, in
// one line that names the need, the limit and the fixes; one that fits runs. The limit is set
// for the child alone with util-linux's prlimit, whatever this machine's own limit is.
#include <gtest/gtest.h>

#include <filesystem>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

constexpr const char* kPrlimit = "/usr/bin/prlimit";

RunResult run_with_open_file_limit(int limit, const std::string& users, const std::string& folder) {
  Subprocess process({kPrlimit, "--nofile=" + std::to_string(limit) + ":" + std::to_string(limit), genai_bench_binary(),
                      "benchmark", "--num-concurrency", users, "--max-requests-per-run", users, "--mock-ttft-ms", "1",
                      "--mock-itl-ms", "0", "--output-dir", folder, "--no-ui", "--no-end-reports"});
  const int code = process.wait(std::chrono::minutes(2));
  return {code, process.output()};
}

TEST(OpenFileLimit, ARunThatCannotFitIsRefusedBeforeItStarts) {
  if (!std::filesystem::exists(kPrlimit)) GTEST_SKIP() << kPrlimit << " is not installed (util-linux)";
  const std::string folder = make_temporary_folder();
  // 100 users and the built-in mock in the same process: 2 x 100 sockets + 64 spare = 264 > 200.
  const RunResult refused = run_with_open_file_limit(200, "100", folder + "/refused");
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("100 concurrent streams need about 264 open files, and this process may open 200"),
            std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("more --threads will not help"), std::string::npos) << refused.output;
  EXPECT_FALSE(std::filesystem::exists(folder + "/refused/records.jsonl"));
  // 50 users: 164 fit.
  const RunResult fits = run_with_open_file_limit(200, "50", folder + "/fits");
  EXPECT_EQ(fits.exit_code, 0) << fits.output;
}

}  // namespace
}  // namespace genai::testing
