// Exit statuses a script can trust (README: "Exit status"), results that survive a full disk,
// and bad command lines that are refused in one line without echoing a secret.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>

#include "e2e/fault_server.h"
#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr int kBadCommandLine = 2;
constexpr int kNoRequestSucceeded = 3;
constexpr int kResultsNotWritten = 4;

std::vector<std::string> benchmark_of(const std::string& base_url, const std::string& folder, int requests) {
  return {"benchmark", "--api-base", base_url, "--api-model-name", "m", "--traffic-scenario", "D(8,4)",
          "--num-concurrency", "2", "--max-requests-per-run", std::to_string(requests), "--max-retries", "0",
          "--output-dir", folder, "--experiment-name", "x", "--no-ui"};
}

TEST(ExitStatus, NothingListeningMeansNoRequestSucceeded) {
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench(benchmark_of("http://127.0.0.1:1", folder, 4), 60s);
  EXPECT_EQ(run.exit_code, kNoRequestSucceeded) << run.output;
  EXPECT_NE(run.output.find("no request succeeded"), std::string::npos) << run.output;
  EXPECT_EQ(read_json_file(folder + "/x/summary.json").as_array()[0].at("errors_by_kind").at("connect").to_number<int>(), 4);
}

TEST(ExitStatus, HttpsToAPlainHttpPortMeansNoRequestSucceeded) {
  MockProcess mock({});  // plain HTTP: it drops a connection that opens with a TLS ClientHello
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench(benchmark_of("https://127.0.0.1:" + std::to_string(mock.port()), folder, 2), 60s);
  EXPECT_EQ(run.exit_code, kNoRequestSucceeded) << run.output;
  EXPECT_EQ(read_json_file(folder + "/x/summary.json").as_array()[0].at("errors_by_kind").at("tls").to_number<int>(), 2);
}

TEST(ExitStatus, SomeRequestsSucceedingIsARun) {
  FaultServer server([](FaultConnection& connection) {
    while (true) {
      const int request = connection.read_request();
      if (request < 0) return;
      connection.write(request % 2 == 0 ? chunked_sse_response(4)
                                        : "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\n\r\n{}");
    }
  });
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench(benchmark_of(server.base_url(), folder, 4), 60s);
  EXPECT_EQ(run.exit_code, 0) << run.output;
}

// After a failed write of records.jsonl the run stops starting requests, says so in one line,
// exits 4, and leaves a folder `report` reads: whole lines only, no temporary files.
void expect_results_not_written(const RunResult& run, const std::string& experiment, int requested) {
  EXPECT_EQ(run.exit_code, kResultsNotWritten) << run.output;
  EXPECT_NE(run.output.find("cannot write records.jsonl"), std::string::npos) << run.output;
  const auto lines = read_lines(experiment + "/records.jsonl");
  EXPECT_GT(lines.size(), 0u);
  EXPECT_LT(lines.size(), static_cast<size_t>(requested)) << "requests went on after the write failed";
  for (const std::string& line : lines) EXPECT_NO_THROW(json::parse(line)) << line;
  const std::string text = read_text(experiment + "/records.jsonl");
  EXPECT_TRUE(text.empty() || text.back() == '\n') << "a torn last line";
  for (const auto& entry : std::filesystem::directory_iterator(experiment)) {
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
  }
}

TEST(ExitStatus, AFileSizeLimitStopsTheRunAndKeepsWholeRecords) {
  MockProcess mock({"--ttft-ms", "0", "--itl-ms", "0"});
  const std::string folder = make_temporary_folder();
  // ulimit -f: writes past 64 KiB fail (EFBIG), the way a full disk's do (ENOSPC).
  std::vector<std::string> arguments = {"/usr/bin/prlimit", "--fsize=65536", genai_bench_binary()};
  const auto benchmark = benchmark_of(mock.base_url(), folder, 5000);
  arguments.insert(arguments.end(), benchmark.begin(), benchmark.end());
  Subprocess process(arguments);
  RunResult run;
  run.exit_code = process.wait(120s);
  run.output = process.output();
  expect_results_not_written(run, folder + "/x", 5000);
  const RunResult report = run_genai_bench({"report", folder + "/x"}, 60s);
  EXPECT_EQ(report.exit_code, 0) << report.output;
}

// A real full disk: a 256 KiB tmpfs. Needs root (CI's machines are); skipped otherwise.
TEST(ExitStatus, AFullDiskStopsTheRunAndReportStillReadsTheFolder) {
  const std::string mount_point = make_temporary_folder();
  if (::geteuid() != 0 || ::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=256k") != 0) {
    GTEST_SKIP() << "cannot mount a small tmpfs here (needs root): the file-size-limit test covers the same path";
  }
  struct Unmount {
    std::string path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{mount_point};
  MockProcess mock({"--ttft-ms", "0", "--itl-ms", "0"});
  const RunResult run = run_genai_bench(benchmark_of(mock.base_url(), mount_point, 20000), 120s);
  expect_results_not_written(run, mount_point + "/x", 20000);
  EXPECT_NE(run.output.find("No space left on device"), std::string::npos) << run.output;
  // The folder, moved where there is room, is read whole by `report`.
  const std::string copy = make_temporary_folder() + "/x";
  std::filesystem::copy(mount_point + "/x", copy, std::filesystem::copy_options::recursive);
  const RunResult report = run_genai_bench({"report", copy}, 60s);
  EXPECT_EQ(report.exit_code, 0) << report.output;
}

// A kill -9 in the middle of a write leaves a torn last line: `report` skips it, says so, and
// builds everything from the whole lines. A bad line anywhere else is still refused.
TEST(TornRecords, ReportSkipsATornLastLineAndRefusesABadMiddleOne) {
  MockProcess mock({"--ttft-ms", "0", "--itl-ms", "0"});
  const std::string folder = make_temporary_folder();
  ASSERT_EQ(run_genai_bench(benchmark_of(mock.base_url(), folder, 6), 60s).exit_code, 0);
  const std::string records = folder + "/x/records.jsonl";
  const std::string whole = read_text(records);
  write_text(records, whole + whole.substr(0, 40));
  const RunResult torn = run_genai_bench({"report", folder + "/x"}, 60s);
  EXPECT_EQ(torn.exit_code, 0) << torn.output;
  EXPECT_NE(torn.output.find("records.jsonl:7: the last record is incomplete"), std::string::npos) << torn.output;
  write_text(records, whole.substr(0, 40) + "\n" + whole);
  const RunResult bad = run_genai_bench({"report", folder + "/x"}, 60s);
  EXPECT_NE(bad.exit_code, 0) << bad.output;
  EXPECT_NE(bad.output.find("records.jsonl:1:"), std::string::npos) << bad.output;
}

TEST(BadCommandLine, AnUnknownSecretFlagsValueIsNeverEchoed) {
  const std::string secret = "sk-test-DO-NOT-PRINT-4242";
  for (const std::vector<std::string>& arguments :
       {std::vector<std::string>{"benchmark", "--bogus-api-key", secret, "--api-base", "http://127.0.0.1:1"},
        std::vector<std::string>{"benchmark", "--bogus-api-key=" + secret},
        std::vector<std::string>{"benchmark", "--api-key", secret, "stray-positional", "--no-such-flag"},
        std::vector<std::string>{"benchmark", "--api-kye", secret},
        std::vector<std::string>{"benchmark", "--num-concurrency", "x", "--api-key", secret}}) {
    const RunResult run = run_genai_bench(arguments, 30s);
    EXPECT_EQ(run.exit_code, kBadCommandLine) << run.output;
    EXPECT_EQ(run.output.find("DO-NOT-PRINT"), std::string::npos) << run.output;
    EXPECT_LE(std::count(run.output.begin(), run.output.end(), '\n'), 2) << run.output;
  }
}

TEST(BadCommandLine, AnUnknownFlagIsNamed) {
  const RunResult run = run_genai_bench({"benchmark", "--bogus-api-key", "k", "--no-ui"}, 30s);
  EXPECT_EQ(run.exit_code, kBadCommandLine);
  EXPECT_NE(run.output.find("--bogus-api-key"), std::string::npos) << run.output;
}

TEST(BadCommandLine, ConcurrencyMustBePositive) {
  for (const char* value : {"0", "-1"}) {
    const RunResult run = run_genai_bench({"benchmark", "--num-concurrency", value, "--no-ui"}, 30s);
    EXPECT_EQ(run.exit_code, kBadCommandLine) << run.output;
    EXPECT_NE(run.output.find("--num-concurrency"), std::string::npos) << run.output;
    EXPECT_LT(run.output.size(), 200u) << run.output;
  }
}

}  // namespace
}  // namespace genai::testing
