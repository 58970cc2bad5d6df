// --prompt-source api against the mock: prompts written by the server to the exact length, cached
// in the experiment folder, and reused by a rerun given --prompt-cache. The mock's tokens are the
// words of "the model writes one token at a time and every token is counted with care" and a
// final ".", so a text's token count is its words plus its periods.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <algorithm>
#include <sstream>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

size_t mock_token_count(const std::string& text) {
  std::istringstream words(text);
  size_t count = static_cast<size_t>(std::count(text.begin(), text.end(), '.'));
  for (std::string word; words >> word;) ++count;
  return count;
}

TEST(PromptSourceApi, PromptsAreGeneratedToLengthCachedAndReusedByARerun) {
  const std::string folder = make_temporary_folder();
  MockProcess mock({"--ttft-ms", "1", "--itl-ms", "0"});
  const RunResult first = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                           "--prompt-source", "api", "--traffic-scenario", "D(37,5)",
                                           "--traffic-scenario", "U(10,50)/(4,8)", "--num-concurrency", "2",
                                           "--max-requests-per-run", "12", "--output-dir", folder,
                                           "--experiment-name", "first", "--no-ui"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("Generating 24 prompts with the server"), std::string::npos) << first.output;

  for (const auto& [file, low, high] : {std::tuple{"D_37_5.jsonl", 37, 37}, std::tuple{"U_10_50_4_8.jsonl", 10, 50}}) {
    const std::vector<std::string> lines = read_lines(folder + "/first/prompts/" + file);
    ASSERT_EQ(lines.size(), 13u) << file;  // the header and 12 prompts
    const json::value header = json::parse(lines[0]);
    EXPECT_EQ(header.at("model").as_string(), "m");
    EXPECT_EQ(header.at("seed").to_number<int>(), 42);
    for (size_t i = 1; i < lines.size(); ++i) {
      const json::value entry = json::parse(lines[i]);
      const auto asked = entry.at("input_tokens").to_number<int64_t>();
      EXPECT_GE(asked, low) << lines[i];
      EXPECT_LE(asked, high) << lines[i];
      EXPECT_EQ(entry.at("generated_tokens").to_number<int64_t>(), asked) << lines[i];
      EXPECT_EQ(mock_token_count(std::string(entry.at("prompt").as_string())), static_cast<size_t>(asked)) << lines[i];
    }
  }

  // The rerun's server sends no usage: generating would fail, so it must take the cached prompts,
  // and with no usage its records count each prompt as the server did when it wrote it.
  MockProcess no_usage({"--ttft-ms", "1", "--itl-ms", "0", "--no-usage"});
  const RunResult rerun = run_genai_bench({"benchmark", "--api-base", no_usage.base_url(), "--api-model-name", "m",
                                           "--prompt-source", "api", "--prompt-cache", folder + "/first/prompts",
                                           "--traffic-scenario", "D(37,5)", "--num-concurrency", "2",
                                           "--max-requests-per-run", "12", "--output-dir", folder,
                                           "--experiment-name", "rerun", "--no-ui"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.output;
  EXPECT_NE(rerun.output.find("Reusing 12 prompts"), std::string::npos) << rerun.output;
  EXPECT_EQ(read_text(folder + "/rerun/prompts/D_37_5.jsonl"), read_text(folder + "/first/prompts/D_37_5.jsonl"));
  const std::vector<std::string> records = read_lines(folder + "/rerun/records.jsonl");
  ASSERT_EQ(records.size(), 12u);
  for (const std::string& line : records) {
    const json::value record = json::parse(line);
    EXPECT_EQ(record.at("input_source").as_string(), "generated") << line;
    EXPECT_EQ(record.at("input_tokens").to_number<int>(), 37) << line;
  }
}

TEST(PromptSourceApi, AServerWithoutUsageCannotGeneratePromptsAndSaysWhy) {
  const std::string folder = make_temporary_folder();
  MockProcess mock({"--ttft-ms", "1", "--itl-ms", "0", "--no-usage"});
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--prompt-source", "api", "--traffic-scenario", "D(20,5)",
                                         "--max-requests-per-run", "3", "--num-concurrency", "1", "--output-dir", folder, "--no-ui"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("--prompt-source api: the server's response has no usage.completion_tokens"),
            std::string::npos) << run.output;
}

TEST(PromptSourceApi, ABrokenCacheFileIsOneLineNamingFileLineAndField) {
  const std::string folder = make_temporary_folder();
  write_text(folder + "/D_20_5.jsonl",
             "{\"scenario\":\"D(20,5)\",\"model\":\"m\",\"endpoint\":\"chat\",\"seed\":42}\n"
             "{\"index\":0,\"input_tokens\":20,\"generated_tokens\":20}\n");
  const RunResult run = run_genai_bench({"benchmark", "--api-model-name", "m", "--prompt-source", "api",
                                         "--prompt-cache", folder, "--traffic-scenario", "D(20,5)",
                                         "--max-requests-per-run", "3", "--output-dir", folder + "/out", "--no-ui"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("--prompt-cache: " + folder + "/D_20_5.jsonl:2: missing \"prompt\""), std::string::npos)
      << run.output;
}

}  // namespace
}  // namespace genai::testing
