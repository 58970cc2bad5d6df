// Command lines of the other genai-bench tools, run here: Python genai-bench's defaults against a
// real server, the Rust rewrite's spellings (no subcommand, --provider, --base-url, ...), the
// YAML-driven tool's `genai-bench CONFIG.yaml`; and what both expect of files: folders that never
// collide, a log file, --verbose.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <string>

#include "files.h"
#include "subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

// The one experiment folder inside `parent`.
std::string only_experiment(const std::string& parent) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(parent)) {
    if (entry.is_directory()) found.push_back(entry.path().string());
  }
  EXPECT_EQ(found.size(), 1u) << parent;
  return found.empty() ? "" : found.front();
}

size_t record_count(const std::string& experiment) { return read_lines(experiment + "/records.jsonl").size(); }

TEST(OtherToolsCommandLines, ARealServerGetsPythonsDefaultExperimentForTheTask) {
  MockProcess mock({"--ttft-ms", "0", "--itl-ms", "0"});
  const std::string folder = make_temporary_folder();
  RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "org/chat-model",
                                   "--max-requests-per-run", "1", "--output-dir", folder + "/chat", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output.rfind("genai-bench: not given, so as Python genai-bench for text-to-text: --traffic-scenario "
                             "N(480,240)/(300,150) D(100,100) D(100,1000) D(2000,200) D(7800,200) --num-concurrency "
                             "1 2 4 8 16 32 64 128 256\n", 0),
            0u)
      << run.output;
  const std::string chat = only_experiment(folder + "/chat");
  // Named as Python names it, after the model's last path part: BACKEND_TASK_MODEL_TIMESTAMP.
  EXPECT_EQ(std::filesystem::path(chat).filename().string().rfind("openai_text-to-text_chat-model_2", 0), 0u) << chat;
  const json::object metadata = read_json_file(chat + "/experiment_metadata.json").as_object();
  EXPECT_EQ(metadata.at("traffic_scenario").as_array().size(), 5u);
  EXPECT_EQ(metadata.at("num_concurrency").as_array().size(), 9u);
  EXPECT_EQ(metadata.at("model").as_string(), "chat-model");
  EXPECT_EQ(record_count(chat), 45u);
  EXPECT_TRUE(std::filesystem::exists(chat + "/N480_240_300_150_text-to-text_num_concurrency_256_time_1s.json") ||
              std::filesystem::exists(chat + "/N480_240_300_150_text-to-text_num_concurrency_256_time_2s.json"));

  // Embeddings: five E scenarios over seven batch sizes, one user each, as Python runs them.
  run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "e", "--task", "text-to-embeddings",
                         "--max-requests-per-run", "1", "--output-dir", folder + "/embed", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("--traffic-scenario E(64) E(128) E(256) E(512) E(1024) --batch-size 1 2 4 8 24 48 96\n"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(record_count(only_experiment(folder + "/embed")), 35u);

  // The built-in mock keeps its one-run demo, and says so.
  run = run_genai_bench({"benchmark", "--max-requests-per-run", "2", "--output-dir", folder + "/demo", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("(built-in mock demo): --traffic-scenario D(128,128) --num-concurrency 1\n"), std::string::npos);
  EXPECT_EQ(record_count(only_experiment(folder + "/demo")), 2u);
}

TEST(OtherToolsCommandLines, TheRustRewritesFormRunsWithoutASubcommand) {
  MockProcess mock({"--ttft-ms", "1", "--itl-ms", "0"});
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"--provider", "openai", "--base-url", mock.base_url() + "/v1", "--model", "gpt-x",
                                         "--num-requests", "5", "--concurrency", "2,3", "--stream", "--csv", "--json",
                                         "--traffic-scenario", "D(10,5)", "--output-dir", folder, "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("genai-bench: --csv, --json: summary.csv, summary.json and every request's record are always written"),
            std::string::npos);
  const std::string experiment = only_experiment(folder);
  EXPECT_EQ(record_count(experiment), 10u);  // --num-requests 5 per run, --concurrency 2 and 3
  const json::object target = read_json_file(experiment + "/experiment.json").at("target").as_object();
  EXPECT_EQ(target.at("model").as_string(), "gpt-x");  // its --model names the requests' model
  // Its --scenario is a delay between requests: refused, with the spellings that say it here.
  const RunResult delay = run_genai_bench({"--provider", "openai", "--base-url", mock.base_url(), "--scenario", "N(100,20)",
                                           "--output-dir", folder, "--no-ui"});
  EXPECT_EQ(delay.exit_code, 2);
  EXPECT_NE(delay.output.find("--scenario N(100,20): genai-bench-rs's delay between requests; here --request-rate R "
                              "--arrival constant|normal|uniform"),
            std::string::npos)
      << delay.output;
}

TEST(OtherToolsCommandLines, TheYamlToolsOneArgumentForm) {
  MockProcess mock({"--ttft-ms", "1", "--itl-ms", "0"});
  const std::string folder = make_temporary_folder();
  write_text(folder + "/bench.yaml", "base_url: " + mock.base_url() + "/v1\nmodel: m\noutput_prefix_name: nightly\n"
                                     "output_dir: " + folder + "/out\nruns: 1\nnum_concurrent_requests: [3]\n"
                                     "cases:\n  - {input_tokens: 16, output_tokens: 4}\n");
  const RunResult run = run_genai_bench({folder + "/bench.yaml"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::vector<std::string> rows = read_lines(folder + "/out/nightly.csv");
  ASSERT_EQ(rows.size(), 2u);  // the header and the one case at one concurrency
  EXPECT_NE(rows[1].find(",m,16,4,1,3,"), std::string::npos) << rows[1];
  // A config that is not there is named, in one line.
  const RunResult missing = run_genai_bench({folder + "/missing.yaml"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("--config: File does not exist: " + folder + "/missing.yaml"), std::string::npos)
      << missing.output;
}

TEST(OtherToolsCommandLines, ARerunNeverWritesIntoAnEarlierExperimentsFolder) {
  MockProcess mock({"--ttft-ms", "1", "--itl-ms", "0"});
  const std::string folder = make_temporary_folder();
  const std::vector<std::string> arguments{"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                           "--traffic-scenario", "D(10,2)", "--num-concurrency", "1",
                                           "--max-requests-per-run", "2", "--experiment-base-dir", folder,
                                           "--experiment-folder-name", "nightly", "--no-ui"};
  ASSERT_EQ(run_genai_bench(arguments).exit_code, 0);
  const RunResult second = run_genai_bench(arguments);
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find("genai-bench: " + folder + "/nightly holds an earlier experiment; this one goes to " + folder +
                               "/nightly_2"),
            std::string::npos)
      << second.output;
  EXPECT_EQ(record_count(folder + "/nightly"), 2u);
  EXPECT_EQ(record_count(folder + "/nightly_2"), 2u);
  EXPECT_EQ(read_json_file(folder + "/nightly_2/experiment.json").at("name").as_string(), "nightly_2");
}

TEST(OtherToolsCommandLines, VerboseSaysThePlanAndEveryFailureInTheConsoleAndTheLog) {
  // Every request refused with 500: the failures are said one by one.
  MockProcess mock({"--ttft-ms", "1", "--itl-ms", "0", "--error-rate", "1"});
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--traffic-scenario", "D(10,2)", "--num-concurrency", "1", "--max-retries", "0",
                                         "--max-requests-per-run", "3", "--output-dir", folder, "--verbose", "--no-ui"});
  EXPECT_EQ(run.exit_code, 3) << run.output;
  EXPECT_NE(run.output.find("debug: run 1: D(10,2) num_concurrency 1, at most 3 requests"), std::string::npos) << run.output;
  for (const char* index : {"0", "1", "2"}) {
    EXPECT_NE(run.output.find("debug: run 1/1 D(10,2) @ 1 request " + std::string(index) + " failed: http_500 (HTTP 500)"),
              std::string::npos)
        << run.output;
  }
  const std::string log = read_text(only_experiment(folder) + "/genai_bench.log");
  EXPECT_NE(log.find("debug: run 1/1 D(10,2) @ 1 request 2 failed: http_500"), std::string::npos) << log;
  EXPECT_NE(log.find("genai-bench: no request succeeded"), std::string::npos) << log;
}

TEST(OtherToolsCommandLines, NormalAndUniformArrivalsScheduleTheRequests) {
  MockProcess mock({"--ttft-ms", "1", "--itl-ms", "0"});
  const std::string folder = make_temporary_folder();
  for (const char* arrival : {"normal", "uniform", "deterministic"}) {
    const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                           "--traffic-scenario", "D(10,2)", "--request-rate", "50", "--arrival", arrival,
                                           "--max-requests-per-run", "20", "--output-dir", folder + "/" + arrival, "--no-ui"});
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const json::object experiment = read_json_file(only_experiment(folder + "/" + arrival) + "/experiment.json").as_object();
    const std::string described = std::string(arrival) == "normal"    ? "normal(sd=0.5)"
                                  : std::string(arrival) == "uniform" ? "uniform(+-1)"
                                                                      : "constant";
    EXPECT_EQ(experiment.at("runs").as_array()[0].at("arrival").as_string(), described) << arrival;
  }
  const RunResult refused = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                             "--request-rate", "5", "--arrival", "uniform", "--arrival-spread", "2",
                                             "--output-dir", folder, "--no-ui"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.output.find("--arrival-spread: at most 1 with --arrival uniform"), std::string::npos) << refused.output;
}

TEST(OtherToolsCommandLines, PythonsRunFilesInTheMetricsTimeUnitAsked) {
  MockProcess mock({"--ttft-ms", "30", "--itl-ms", "0"});
  const std::string folder = make_temporary_folder();
  for (const char* unit : {"ms", "S"}) {
    const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                           "--traffic-scenario", "D(10,2)", "--num-concurrency", "1", "--max-requests-per-run",
                                           "2", "--metrics-time-unit", unit, "--output-dir", folder + "/" + unit, "--no-ui"});
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const std::string experiment = only_experiment(folder + "/" + unit);
    std::string run_file;
    for (const auto& entry : std::filesystem::directory_iterator(experiment)) {
      if (entry.path().filename().string().rfind("D10_2_", 0) == 0) run_file = entry.path().string();
    }
    const json::object python_run = read_json_file(run_file).as_object();
    const bool ms = std::string(unit) == "ms";
    EXPECT_EQ(python_run.at("_time_unit").as_string(), ms ? "ms" : "s");
    const double ttft = python_run.at("aggregated_metrics").at("stats").at("ttft").at("mean").to_number<double>();
    EXPECT_NEAR(ttft, ms ? 30 : 0.030, ms ? 8 : 0.008);  // the mock's 30 ms, plus the loopback's little
    const double first = python_run.at("individual_request_metrics").as_array()[0].at("ttft").to_number<double>();
    EXPECT_NEAR(first, ms ? 30 : 0.030, ms ? 8 : 0.008);
    EXPECT_EQ(read_json_file(experiment + "/experiment_metadata.json").at("metrics_time_unit").as_string(), ms ? "ms" : "s");
  }
}

TEST(OtherToolsCommandLines, EveryExperimentEndsWithPythonsWorkbookAndPlotsUnlessTurnedOff) {
  MockProcess mock({"--ttft-ms", "1", "--itl-ms", "0"});
  const std::string folder = make_temporary_folder();
  const std::vector<std::string> arguments{"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                           "--traffic-scenario", "D(10,2)", "--num-concurrency", "1", "2",
                                           "--max-requests-per-run", "2", "--experiment-base-dir", folder,
                                           "--experiment-folder-name", "python", "--no-ui"};
  const RunResult run = run_genai_bench_as_users_do(arguments);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_GT(std::filesystem::file_size(folder + "/python/python_summary.xlsx"), 0u);
  if (openpyxl_available()) {  // Python's sheets, in its order; a row per request
    const json::value book = read_workbook(folder + "/python/python_summary.xlsx");
    const std::string python_sheets =
        R"(["Summary","Appendix","Experiment Metadata","Aggregated Metrics for Each Run","Individual Request Metrics"])";
    EXPECT_EQ(json::serialize(book.at("sheets")), python_sheets);
    EXPECT_EQ(book.at("rows").at("Individual Request Metrics").as_array().size(), 1u + 4);
    const json::array& summary = book.at("rows").at("Summary").as_array();
    ASSERT_EQ(summary.size(), 2u);
    const std::string python_header =
        R"json(["GPU Type","Use Case","Concurrency at target speed (>10 tokens/s)","Total Throughput (tokens/min)"])json";
    EXPECT_EQ(json::serialize(summary[0]), python_header);
    EXPECT_EQ(summary[1].as_array()[1].as_string(), "D(10,2)");
  }
  if (std::filesystem::exists("/usr/bin/gnuplot")) {
    EXPECT_GT(std::filesystem::file_size(folder + "/python/traffic_scenario_combined_plots_2x4.png"), 0u);
  }
  std::vector<std::string> without = arguments;
  without.back() = "--no-end-reports";
  ASSERT_EQ(run_genai_bench_as_users_do(without).exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(folder + "/python_2/records.jsonl"));
  EXPECT_FALSE(std::filesystem::exists(folder + "/python_2/python_2_summary.xlsx"));
  EXPECT_FALSE(std::filesystem::exists(folder + "/python_2/traffic_scenario_combined_plots_2x4.png"));
}

}  // namespace
}  // namespace genai::testing
