// Embeddings and rerank against the mock, iterated over batch sizes like concurrency. The mock
// counts each text as bytes / 4, rounded up, so a request's input_tokens show what it sent; these
// endpoints generate nothing, so the output metrics are absent.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

TEST(Tasks, EmbeddingsSendBatchesOfTextsAndReportNoOutput) {
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--task", "text-to-embeddings", "--traffic-scenario", "E(32)",
                                         "--batch-size", "1", "4", "--num-concurrency", "2",
                                         "--max-requests-per-run", "6", "--output-dir", folder, "--experiment-name",
                                         "embed", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string& line : read_lines(folder + "/embed/records.jsonl")) {
    const json::value record = json::parse(line);
    const int batch = record.at("run").to_number<int>() == 0 ? 1 : 4;
    EXPECT_TRUE(record.at("ok").as_bool()) << line;
    EXPECT_EQ(record.at("input_tokens").to_number<int>(), 32 * batch) << line;  // 128 bytes per text
    EXPECT_EQ(record.at("output_source").as_string(), "none") << line;
    EXPECT_EQ(record.at("t_first_ns").to_number<int64_t>(), -1) << line;
  }
  const json::array summaries = read_json_file(folder + "/embed/summary.json").as_array();
  ASSERT_EQ(summaries.size(), 2u);
  EXPECT_EQ(summaries[1].at("batch_size").to_number<int>(), 4);
  EXPECT_EQ(summaries[1].at("ttft_ms").at("count").to_number<int>(), 0);  // absent, not zero
  EXPECT_TRUE(summaries[1].at("throughput").at("output_tokens_per_s").is_null());
  // Python's run-file name: E(32) as written, without parentheses; the run's whole seconds (1 here).
  EXPECT_TRUE(std::filesystem::exists(folder + "/embed/E32_text-to-embeddings_batch_size_4_time_1s.json") ||
              std::filesystem::exists(folder + "/embed/E32_text-to-embeddings_batch_size_4_time_2s.json"));
  EXPECT_NE(run.output.find("2 x b4"), std::string::npos) << run.output;
}

TEST(Tasks, RerankSendsAQueryAndDocuments) {
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--task", "text-to-rerank", "--traffic-scenario", "R(40,8)",
                                         "--batch-size", "3", "--max-requests-per-run", "4", "--output-dir", folder,
                                         "--experiment-name", "rerank", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string& line : read_lines(folder + "/rerank/records.jsonl")) {
    // Three documents of 40 tokens and a query of 8, as the mock counts them.
    EXPECT_EQ(json::parse(line).at("input_tokens").to_number<int>(), 3 * 40 + 8) << line;
  }
  const RunResult mismatched = run_genai_bench({"benchmark", "--task", "text-to-rerank", "--traffic-scenario",
                                                "D(10,10)", "--output-dir", folder + "/bad"});
  EXPECT_NE(mismatched.exit_code, 0);
  EXPECT_NE(mismatched.output.find("D(10,10) is a text-to-text scenario, but --task is text-to-rerank"), std::string::npos)
      << mismatched.output;
}

// I(56,84,2): two 56 x 84 PNGs per request. The mock reads each PNG's header and counts
// ceil(56/28) x ceil(84/28) = 6 tokens an image, plus the 32-token text (128 bytes): 44.
TEST(Tasks, ImageTextToTextSendsPngsOfTheScenariosSize) {
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--task", "image-text-to-text", "--traffic-scenario",
                                         "I(56,84,2)", "--max-requests-per-run", "5", "--output-dir", folder,
                                         "--experiment-name", "vision", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string& line : read_lines(folder + "/vision/records.jsonl")) {
    const json::value record = json::parse(line);
    EXPECT_TRUE(record.at("ok").as_bool()) << line;
    EXPECT_EQ(record.at("input_tokens").to_number<int>(), 32 + 2 * 6) << line;
    EXPECT_EQ(record.at("output_tokens").to_number<int>(), 128) << line;
  }
}

// The mock's prefill: --prefill-ms-per-1k 100 with 2,000-token prompts (8,000 bytes, the mock's
// count) puts the first token 200 ms after the 10 ms TTFT, at least.
TEST(MockModel, PrefillDelaysTheFirstTokenByPromptLength) {
  const std::string folder = make_temporary_folder();
  MockProcess mock({"--ttft-ms", "10", "--itl-ms", "1", "--prefill-ms-per-1k", "100"});
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--traffic-scenario", "D(2000,3)", "--max-requests-per-run", "3", "--num-concurrency", "1",
                                         "--output-dir", folder, "--experiment-name", "prefill", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string& line : read_lines(folder + "/prefill/records.jsonl")) {
    const json::value record = json::parse(line);
    EXPECT_GE(record.at("t_first_ns").to_number<int64_t>() - record.at("t_start_ns").to_number<int64_t>(), 210'000'000)
        << line;
  }
}

}  // namespace
}  // namespace genai::testing
