// Uploads against the built-in mock's storage sink (/mock-storage: it answers as each service does
// and checks no signature; tests/reference/storage_*_test.sh check the signatures and the bytes
// against emulators and stand-ins). These run in the sanitized build too: the upload threads, the
// retries, the exit statuses and experiment.json's "uploads" entries.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "e2e/fault_server.h"
#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const std::string kFixtures = std::string(GENAI_TESTS_DIR) + "/fixtures";

// The one experiment folder under `output_dir`.
std::string only_experiment(const std::string& output_dir) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(output_dir)) found.push_back(entry.path().string());
  EXPECT_EQ(found.size(), 1u);
  return found.empty() ? "" : found.front();
}

size_t record_lines(const std::string& experiment) {
  size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(experiment)) {
    if (entry.path().filename() == "records.jsonl") count += read_lines(entry.path().string()).size();
  }
  return count;
}

size_t files_under(const std::string& folder) {
  size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) count += entry.is_regular_file() ? 1 : 0;
  return count;
}

json::array uploads_of(const std::string& experiment) {
  const json::value value = read_json_file(experiment + "/experiment.json");
  const auto* uploads = value.as_object().if_contains("uploads");
  return uploads != nullptr && uploads->is_array() ? uploads->as_array() : json::array();
}

std::vector<std::string> small_benchmark(const std::string& output_dir) {
  return {"benchmark", "--traffic-scenario", "D(10,4)", "--num-concurrency", "1", "--max-requests-per-run", "3",
          "--max-time-per-run", "10s", "--output-dir", output_dir, "--no-ui"};
}

TEST(Uploads, ABenchmarkUploadsItsFolderAfterItsReports) {
  MockProcess mock({});
  const std::string folder = make_temporary_folder();
  std::vector<std::string> arguments = small_benchmark(folder + "/out");
  arguments.insert(arguments.end(), {"--upload-results", "--storage-provider", "aws", "--storage-bucket", "results",
                                     "--storage-prefix", "runs/2026", "--storage-endpoint", mock.base_url() + "/mock-storage",
                                     "--storage-aws-access-key-id", "AKIDBENCH", "--storage-aws-secret-access-key",
                                     "k-bench-secret-0123456789"});
  const RunResult run = run_genai_bench(arguments);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string experiment = only_experiment(folder + "/out");
  const json::array uploads = uploads_of(experiment);
  ASSERT_EQ(uploads.size(), 1u) << run.output;
  const json::object& upload = uploads[0].as_object();
  const std::string name = fs::path(experiment).filename().string();
  EXPECT_EQ(upload.at("status"), "ok");
  EXPECT_EQ(upload.at("provider"), "aws");
  EXPECT_EQ(std::string(upload.at("destination").as_string()), "s3://results/runs/2026/" + name + "/");
  // Every file the folder held when it was uploaded: all of them but the summary written after.
  EXPECT_EQ(upload.at("files").to_number<int64_t>(), static_cast<int64_t>(files_under(experiment))) << run.output;
  EXPECT_EQ(upload.at("failed_files").to_number<int64_t>(), 0);
  EXPECT_NE(run.output.find("genai-bench: uploaded " + std::to_string(files_under(experiment)) + " files ("), std::string::npos)
      << run.output;
  EXPECT_EQ(run.output.find("k-bench-secret-0123456789"), std::string::npos);
}

// Every shard's folder has the experiment's name: each goes under NAME/shard-I, not on the others.
TEST(Uploads, EachShardUploadsUnderItsOwnIndex) {
  MockProcess mock({});
  const std::string folder = make_temporary_folder();
  std::vector<std::string> arguments = {"benchmark", "--traffic-scenario", "D(10,4)", "--num-concurrency", "2",
                                        "--max-requests-per-run", "4", "--max-time-per-run", "10s", "--output-dir",
                                        folder + "/out", "--no-ui"};
  arguments.insert(arguments.end(), {"--shard", "1/2", "--experiment-name", "run-7", "--upload-results", "--storage-provider",
                                     "aws", "--storage-bucket", "results", "--storage-endpoint", mock.base_url() + "/mock-storage",
                                     "--storage-aws-access-key-id", "AKIDBENCH", "--storage-aws-secret-access-key",
                                     "k-bench-secret-0123456789"});
  const RunResult run = run_genai_bench(arguments);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json::array uploads = uploads_of(only_experiment(folder + "/out"));
  ASSERT_EQ(uploads.size(), 1u) << run.output;
  EXPECT_EQ(std::string(uploads[0].as_object().at("destination").as_string()), "s3://results/run-7/shard-1/");
}

TEST(Uploads, AFailedUploadExitsSixAndLeavesTheFolderIntact) {
  const std::string folder = make_temporary_folder();
  std::vector<std::string> arguments = small_benchmark(folder + "/out");
  // Nothing listens on port 1: every request fails to connect, is retried, then given up.
  arguments.insert(arguments.end(), {"--upload-results", "--storage-provider", "azure", "--storage-bucket", "results",
                                     "--storage-endpoint", "http://127.0.0.1:1/acct", "--storage-azure-account-name",
                                     "acct", "--storage-azure-account-key",
                                     "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="});
  const RunResult run = run_genai_bench(arguments);
  EXPECT_EQ(run.exit_code, 6) << run.output;
  const std::string experiment = only_experiment(folder + "/out");
  EXPECT_EQ(record_lines(experiment), 3u);
  const json::array uploads = uploads_of(experiment);
  ASSERT_EQ(uploads.size(), 1u);
  EXPECT_EQ(uploads[0].as_object().at("status"), "failed");
  EXPECT_EQ(uploads[0].as_object().at("failed_files"), uploads[0].as_object().at("files"));
  EXPECT_NE(run.output.find("the local folder is intact: " + experiment), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("127.0.0.1:1"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("Eby8vdM02"), std::string::npos) << run.output;
}

TEST(Uploads, MissingCredentialsStopTheBenchmarkBeforeItRuns) {
  const std::string folder = make_temporary_folder();
  ::unsetenv("AZURE_STORAGE_ACCOUNT_KEY");
  std::vector<std::string> arguments = small_benchmark(folder + "/out");
  arguments.insert(arguments.end(), {"--upload-results", "--storage-provider", "azure", "--storage-bucket", "results",
                                     "--storage-azure-account-name", "acct"});
  const RunResult run = run_genai_bench(arguments);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("--storage-azure-account-key"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(folder + "/out")) << "an experiment ran before its upload flags were checked";

  // An empty folder sends no file, but a store that cannot start still fails the upload.
  fs::create_directories(folder + "/empty");
  const RunResult empty = run_genai_bench({"upload", "--storage-provider", "github", "--github-token", "t", "--github-owner",
                                           "o/r", "--storage-endpoint", "http://127.0.0.1:1", folder + "/empty"});
  EXPECT_EQ(empty.exit_code, 6) << empty.output;

  const RunResult no_bucket = run_genai_bench({"upload", "--storage-provider", "aws", folder});
  EXPECT_EQ(no_bucket.exit_code, 2) << no_bucket.output;
  EXPECT_NE(no_bucket.output.find("--storage-bucket"), std::string::npos) << no_bucket.output;
  const RunResult no_folder = run_genai_bench({"upload", "--storage-provider", "github", "--github-token", "t",
                                               "--github-owner", "o/r", folder + "/missing"});
  EXPECT_EQ(no_folder.exit_code, 2) << no_folder.output;
  EXPECT_NE(no_folder.output.find(folder + "/missing: not a folder"), std::string::npos) << no_folder.output;
}

// Ctrl-C while a request hangs (a server that reads it and never answers, with --storage-timeout
// far away): the request is given up at once, no other file is started, and the status is 130.
TEST(Uploads, CtrlCStopsAnUploadWhoseServerHangs) {
  FaultServer server([](FaultConnection& connection) {
    if (connection.read_request() >= 0) connection.hold_until_client_closes(std::chrono::seconds(120));
  });
  const std::string folder = make_temporary_folder();
  fs::create_directories(folder + "/exp");
  for (int i = 0; i < 12; ++i) write_text(folder + "/exp/file" + std::to_string(i) + ".json", "{}");
  Subprocess upload({genai_bench_binary(), "upload", "--storage-provider", "aws", "--storage-bucket", "b", "--storage-endpoint",
                     server.base_url(), "--storage-aws-access-key-id", "AKIDBENCH", "--storage-aws-secret-access-key",
                     "k-bench-secret-0123456789", "--storage-timeout", "10m", folder + "/exp"});
  for (int i = 0; i < 200 && server.requests() < 4; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(server.requests(), 4) << "four files in flight at once";
  const auto interrupted = std::chrono::steady_clock::now();
  upload.send_signal(SIGINT);
  EXPECT_EQ(upload.wait(std::chrono::seconds(30)), 130) << upload.output();
  EXPECT_LT(std::chrono::steady_clock::now() - interrupted, std::chrono::seconds(5)) << upload.output();
  EXPECT_EQ(server.requests(), 4) << "a file was started or a request repeated after Ctrl-C";
  EXPECT_NE(upload.output().find("12 of 12 files were not uploaded"), std::string::npos) << upload.output();
}

// OCI instance principals: the mock plays the instance metadata service and the federation
// endpoint (as in providers_test), and the upload signs with the session token it issued.
TEST(Uploads, OciInstancePrincipalsGetASessionTokenAndUpload) {
  MockProcess mock({"--dialect", "oci", "--oci-instance-identity", kFixtures + "/oci-instance-principal"});
  const std::string folder = make_temporary_folder();
  fs::create_directories(folder + "/exp/plots");
  write_text(folder + "/exp/summary.json", "{}");
  write_text(folder + "/exp/plots/a.svg", "<svg/>");
  ::setenv("OCI_METADATA_BASE_URL", (mock.base_url() + "/opc/v2").c_str(), 1);
  ::setenv("OCI_SDK_AUTH_CLIENT_REGION_URL", mock.base_url().c_str(), 1);
  const RunResult run = run_genai_bench({"upload", "--storage-provider", "oci", "--auth", "instance_principal",
                                         "--storage-bucket", "results", "--storage-endpoint", mock.base_url() + "/mock-storage",
                                         folder + "/exp"});
  ::setenv("OCI_METADATA_BASE_URL", "http://127.0.0.1:1/opc/v2", 1);
  const RunResult unreachable = run_genai_bench({"upload", "--storage-provider", "oci", "--storage-auth-type",
                                                 "instance_principal", "--storage-bucket", "results", "--storage-endpoint",
                                                 mock.base_url() + "/mock-storage", folder + "/exp"});
  ::unsetenv("OCI_METADATA_BASE_URL");
  ::unsetenv("OCI_SDK_AUTH_CLIENT_REGION_URL");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("uploaded 2 files (8 bytes) to oci://results@mocknamespace/exp/"), std::string::npos) << run.output;
  EXPECT_EQ(unreachable.exit_code, 6) << unreachable.output;
  EXPECT_NE(unreachable.output.find("instance_principal"), std::string::npos) << unreachable.output;
  EXPECT_NE(unreachable.output.find("127.0.0.1:1"), std::string::npos) << unreachable.output;
}

}  // namespace
}  // namespace genai::testing
