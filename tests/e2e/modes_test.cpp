// The ways users run a benchmark: the YAML config, non-streaming, /v1/completions, the built-in
// mock, and bad input that must end in one clear line.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <filesystem>
#include <sstream>
#include <thread>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  for (std::string field; std::getline(stream, field, ',');) fields.push_back(field);
  return fields;
}

TEST(YamlConfig, BurstsPerCaseWriteOneRowPerCaseAndConcurrency) {
  MockProcess mock({"--ttft-ms", "20", "--itl-ms", "5"});
  const std::string folder = make_temporary_folder();
  write_text(folder + "/scenario.yaml", "base_url: " + mock.base_url() + "/v1\n" +
                                            "api_key: sk-test-secret-123456\n"
                                            "model: mock-model\n"
                                            "output_prefix_name: nightly\n"
                                            "output_dir: " + folder + "/out\n"
                                            "save_format: csv\n"
                                            "stream_writing: true\n"
                                            "runs: 2\n"
                                            "num_concurrent_requests: [1, 3]\n"
                                            "cases:\n"
                                            "  - input_tokens: 16\n"
                                            "    output_tokens: 8\n"
                                            "  - input_tokens: 32\n"
                                            "    output_tokens: 4\n");
  const RunResult run = run_genai_bench({"benchmark", "--config", folder + "/scenario.yaml", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output.find("sk-test-secret-123456"), std::string::npos) << "the API key was printed";

  const auto lines = read_lines(folder + "/out/nightly.csv");
  ASSERT_EQ(lines.size(), 5u);  // header + 2 cases x 2 concurrencies
  EXPECT_EQ(lines[0], "@timestamp,model,input_tokens,output_tokens,runs,num_concurrent_requests,TTFT (ms),TPOT (ms),"
                      "Throughput (TPS)");
  const std::vector<std::pair<int, int>> expected_cases = {{16, 1}, {16, 3}, {32, 1}, {32, 3}};
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto fields = split_csv_line(lines[i]);
    ASSERT_EQ(fields.size(), 9u) << lines[i];
    EXPECT_EQ(fields[1], "mock-model");
    EXPECT_EQ(std::stoi(fields[2]), expected_cases[i - 1].first);
    EXPECT_EQ(fields[4], "2");
    EXPECT_EQ(std::stoi(fields[5]), expected_cases[i - 1].second);
    const double ttft_ms = std::stod(fields[6]), tpot_ms = std::stod(fields[7]), tps = std::stod(fields[8]);
    EXPECT_NEAR(ttft_ms, 20, 3);
    EXPECT_NEAR(tpot_ms, 5, 0.5);
    EXPECT_NEAR(tps, 1000 / tpot_ms * expected_cases[i - 1].second, 1e-3);
  }
  // Every request of every burst has a record: (1 + 3) requests x 2 runs x 2 cases.
  std::string experiment;
  for (const auto& entry : std::filesystem::directory_iterator(folder + "/out")) {
    if (entry.is_directory()) experiment = entry.path().string();
  }
  ASSERT_FALSE(experiment.empty());
  EXPECT_EQ(read_lines(experiment + "/records.jsonl").size(), 16u);
  EXPECT_EQ(read_text(experiment + "/experiment.json").find("sk-test-secret-123456"), std::string::npos);
}

TEST(YamlConfig, UnknownKeyIsAnErrorNamingKeyAndLine) {
  const std::string folder = make_temporary_folder();
  write_text(folder + "/bad.yaml", "model: m\nconcurrency: 4\ncases:\n  - {input_tokens: 1, output_tokens: 2}\n");
  const RunResult run = run_genai_bench({"benchmark", "--config", folder + "/bad.yaml", "--no-ui"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("bad.yaml:2: unknown key 'concurrency'"), std::string::npos) << run.output;
  EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
}

TEST(Modes, NonStreamingAndCompletionsEndpoint) {
  MockProcess mock({"--ttft-ms", "5", "--itl-ms", "1"});
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench(
      {"benchmark", "--api-base", mock.base_url() + "/v1/", "--api-model-name", "m", "--api-endpoint", "completions",
       "--no-stream", "--traffic-scenario", "D(20,10)", "--num-concurrency", "2", "--max-requests-per-run", "6",
       "--output-dir", folder, "--experiment-name", "whole", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json::value summary = read_json_file(folder + "/whole/summary.json").as_array()[0];
  EXPECT_EQ(summary.at("requests").at("ok").to_number<int>(), 6);
  EXPECT_EQ(summary.at("output_tokens").at("mean").to_number<double>(), 10);
  EXPECT_EQ(summary.at("ttft_ms").at("count").to_number<int>(), 0);  // no stream, no first token: absent
  EXPECT_TRUE(summary.at("ttft_ms").at("mean").is_null());
  // 5 ms + 9 gaps of 1 ms before the whole response is sent.
  EXPECT_NEAR(summary.at("e2e_ms").at("mean").to_number<double>(), 14, 3);
}

// A whole response far larger than the connection's first read buffer (4 KiB) arrives in reads
// that fill it: every byte must survive the buffer growing, on a new and on a reused connection.
TEST(Modes, ResponsesLargerThanTheReadBufferArriveIntact) {
  MockProcess mock({"--ttft-ms", "0", "--itl-ms", "0"});
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--no-stream", "--traffic-scenario", "D(8,6000)", "--num-concurrency", "2",
                                         "--max-requests-per-run", "8", "--max-retries", "0", "--output-dir", folder,
                                         "--experiment-name", "large", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json::value summary = read_json_file(folder + "/large/summary.json").as_array()[0];
  EXPECT_EQ(summary.at("requests").at("failed").to_number<int>(), 0) << read_text(folder + "/large/records.jsonl");
  EXPECT_EQ(summary.at("output_tokens").at("min").to_number<double>(), 6000);
}

// With no usage from the server, output tokens are counted with --model-tokenizer. The truth is
// independent of our tokenizer code: in this tokenizer.json every word the mock sends (" the",
// " model", ...) is one token, so the count must be the max_tokens asked for.
TEST(Modes, WithoutUsageOutputIsCountedWithTheTokenizer) {
  const std::string folder = make_temporary_folder();
  json::object vocab;
  for (int byte = 33; byte <= 126; ++byte) vocab[std::string(1, static_cast<char>(byte))] = byte;
  vocab["\xC4\xA0"] = 256;  // Ġ, the byte-level space
  json::array merges;
  int next_id = 300;
  for (const char* word : {"the", "model", "writes", "one", "token", "at", "a", "time", "and", "every", "is",
                           "counted", "with", "care"}) {
    std::string merged = "\xC4\xA0";  // Ġ + each letter in turn
    for (const char letter : std::string(word)) {
      merges.emplace_back(merged + " " + std::string(1, letter));
      merged += letter;
      if (!vocab.contains(merged)) vocab[merged] = next_id++;
    }
  }
  json::object model{{"type", "BPE"}, {"vocab", vocab}, {"merges", merges}};
  json::object tokenizer{{"normalizer", nullptr},
                         {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}},
                         {"model", model}};
  write_text(folder + "/tokenizer.json", json::serialize(tokenizer));

  MockProcess mock({"--ttft-ms", "1", "--itl-ms", "0", "--no-usage"});
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--model-tokenizer", folder + "/tokenizer.json", "--traffic-scenario",
                                         "D(32,15)", "--num-concurrency", "2", "--max-requests-per-run", "6",
                                         "--output-dir", folder, "--experiment-name", "counted", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string& line : read_lines(folder + "/counted/records.jsonl")) {
    const json::value record = json::parse(line);
    EXPECT_EQ(record.at("output_source").as_string(), "tokenizer") << line;
    EXPECT_EQ(record.at("output_tokens").to_number<int>(), 15) << line;
    EXPECT_EQ(record.at("input_source").as_string(), "tokenizer") << line;
    EXPECT_EQ(record.at("input_tokens").to_number<int>(), 32) << line;
  }
}

TEST(Modes, NoApiBaseBenchmarksTheBuiltInMockAndSaysSo) {
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--traffic-scenario", "D(16,8)", "--num-concurrency", "4",
                                         "--max-requests-per-run", "8", "--mock-ttft-ms", "10", "--mock-itl-ms", "2",
                                         "--output-dir", folder, "--experiment-name", "builtin", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("No --api-base given: benchmarking the built-in mock server"), std::string::npos);
  const json::value summary = read_json_file(folder + "/builtin/summary.json").as_array()[0];
  EXPECT_EQ(summary.at("requests").at("ok").to_number<int>(), 8);
  EXPECT_NEAR(summary.at("ttft_ms").at("mean").to_number<double>(), 10, 2);
  // Python genai-bench's files are there too, under its own naming.
  EXPECT_TRUE(std::filesystem::exists(folder + "/builtin/experiment_metadata.json"));
  // SCENARIO_TASK_num_concurrency_N_time_Ss.json, S the run's whole seconds (1 or so here; the
  // --max-time-per-run of 60 at most), as Python counts them.
  std::string run_file;
  for (const auto& entry : std::filesystem::directory_iterator(folder + "/builtin")) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("D16_8_text-to-text_num_concurrency_4_time_", 0) == 0) run_file = name;
  }
  ASSERT_FALSE(run_file.empty());
  const int seconds = std::stoi(run_file.substr(std::string("D16_8_text-to-text_num_concurrency_4_time_").size()));
  EXPECT_GE(seconds, 1);
  EXPECT_LE(seconds, 60);
  EXPECT_EQ(run_file.substr(run_file.size() - 6), "s.json");
  const json::value python_run = read_json_file(folder + "/builtin/" + run_file);
  EXPECT_EQ(python_run.at("aggregated_metrics").at("num_completed_requests").to_number<int>(), 8);
  EXPECT_NEAR(python_run.at("aggregated_metrics").at("stats").at("ttft").at("mean").to_number<double>(), 0.010, 0.002);
  EXPECT_EQ(python_run.at("individual_request_metrics").as_array().size(), 8u);
}

TEST(BadInput, MalformedScenarioIsOneLineNamingTheFlag) {
  const RunResult run = run_genai_bench({"benchmark", "--traffic-scenario", "D(1,2", "--no-ui"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("--traffic-scenario"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("D(1,2"), std::string::npos) << run.output;
  EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
}

TEST(BadInput, BadDurationAndBadUrlNameTheirFlags) {
  const RunResult duration = run_genai_bench({"benchmark", "--max-time-per-run", "soon", "--no-ui"});
  EXPECT_EQ(duration.exit_code, 2);
  EXPECT_NE(duration.output.find("--max-time-per-run"), std::string::npos) << duration.output;
  const RunResult url = run_genai_bench({"benchmark", "--api-base", "ftp://x", "--api-model-name", "m", "--no-ui"});
  EXPECT_NE(url.exit_code, 0);
  EXPECT_NE(url.output.find("--api-base"), std::string::npos) << url.output;
  EXPECT_EQ(std::count(url.output.begin(), url.output.end(), '\n'), 1) << url.output;
}

TEST(BadInput, UnreadableTokenizerNamesTheFlagAndTheFile) {
  const std::string folder = make_temporary_folder();
  write_text(folder + "/tokenizer.json", "{\"model\": {\"type\": \"WordLevel\"}}");
  const RunResult run = run_genai_bench({"benchmark", "--model-tokenizer", folder + "/tokenizer.json",
                                         "--output-dir", folder, "--experiment-name", "x", "--no-ui"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("--model-tokenizer: " + folder + "/tokenizer.json: $.model.type: 'WordLevel'"),
            std::string::npos) << run.output;
}

TEST(Interrupt, CtrlCStopsNewRequestsWritesReportsAndLosesNoFinishedRecord) {
  MockProcess mock({"--ttft-ms", "50", "--itl-ms", "50"});  // each request lasts ~1 s
  const std::string folder = make_temporary_folder();
  Subprocess benchmark({genai_bench_binary(), "benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                        "--traffic-scenario", "D(8,20)", "--num-concurrency", "4", "--max-requests-per-run", "1000",
                        "--shutdown-grace", "300ms", "--output-dir", folder, "--experiment-name", "stopped",
                        "--no-ui"});
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  benchmark.send_signal(SIGINT);
  const int exit_code = benchmark.wait(std::chrono::seconds(20));
  EXPECT_EQ(exit_code, 130) << benchmark.output();
  const json::value experiment = read_json_file(folder + "/stopped/experiment.json");
  EXPECT_TRUE(experiment.at("interrupted").as_bool());
  const json::value summary = read_json_file(folder + "/stopped/summary.json").as_array()[0];
  const int total = summary.at("requests").at("total").to_number<int>();
  // The 4 users finished about one request each before Ctrl-C; the 4 in flight were cancelled
  // after the grace period and are recorded as such. Nothing started afterwards.
  EXPECT_GE(total, 4);
  EXPECT_LE(total, 12);
  EXPECT_EQ(read_lines(folder + "/stopped/records.jsonl").size(), static_cast<size_t>(total));
  EXPECT_EQ(summary.at("errors_by_kind").at("cancelled").to_number<int>(), 4);
}

}  // namespace
}  // namespace genai::testing
