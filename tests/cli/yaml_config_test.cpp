#include "cli/yaml_config.h"

#include <gtest/gtest.h>

#include "support/temporary_file.h"

namespace genai::cli {
namespace {

using genai::testing::write_temporary_file;

TEST(YamlConfig, ReadsTheRustToolsFormat) {
  const std::string path = write_temporary_file("genai-good.yaml",
                                      "base_url: http://127.0.0.1:8000/v1\n"
                                      "api_key: sk-x\n"
                                      "model: qwen\n"
                                      "output_prefix_name: run\n"
                                      "output_dir: out\n"
                                      "save_format: jsonl\n"
                                      "stream_writing: true\n"
                                      "runs: 3\n"
                                      "num_concurrent_requests: 16\n"
                                      "cases:\n"
                                      "  - input_tokens: 128\n"
                                      "    output_tokens: 64\n"
                                      "  - {input_tokens: 1024, output_tokens: 8}\n");
  auto config = load_yaml_config(path);
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->base_url, "http://127.0.0.1:8000/v1");
  EXPECT_EQ(config->model, "qwen");
  EXPECT_EQ(config->save_format, "jsonl");
  EXPECT_TRUE(config->stream_writing);
  EXPECT_EQ(config->runs, 3);
  EXPECT_EQ(config->num_concurrent_requests, std::vector<int64_t>{16});
  ASSERT_EQ(config->cases.size(), 2u);
  EXPECT_EQ(config->cases[1].input_tokens, 1024);
  EXPECT_EQ(config->cases[1].output_tokens, 8);
}

TEST(YamlConfig, DatasetKeysAsTheFlagsOfTheSameNames) {
  const std::string path = write_temporary_file("genai-dataset.yaml",
                                      "dataset_path: bench-org/qa\n"
                                      "dataset_config: qa.json\n"
                                      "dataset_prompt_column: question\n"
                                      "dataset_image_column: image\n"
                                      "dataset_split: test[:10]\n"
                                      "cases: [{input_tokens: 1, output_tokens: 5}]\n");
  auto config = load_yaml_config(path);
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->dataset_path, "bench-org/qa");
  EXPECT_EQ(config->dataset_config, "qa.json");
  EXPECT_EQ(config->dataset_prompt_column, "question");
  EXPECT_EQ(config->dataset_image_column, "image");
  EXPECT_EQ(config->dataset_split, "test[:10]");
  const std::string bad = write_temporary_file("genai-dataset-bad.yaml", "dataset_split: [train]\ncases: [{input_tokens: 1, output_tokens: 5}]\n");
  auto error = load_yaml_config(bad);
  ASSERT_FALSE(error);
  EXPECT_NE(error.error().find(":1: 'dataset_split' must be a string"), std::string::npos) << error.error();
}

TEST(YamlConfig, ErrorsNameFileLineAndKey) {
  struct Case {
    const char* yaml;
    const char* expected;
  };
  const Case cases[] = {
      {"model: m\nthreads: 4\ncases: [{input_tokens: 1, output_tokens: 1}]\n", ":2: unknown key 'threads'"},
      {"runs: zero\ncases: [{input_tokens: 1, output_tokens: 1}]\n", ":1: 'runs' must be an integer"},
      {"save_format: xml\ncases: [{input_tokens: 1, output_tokens: 1}]\n", ":1: 'save_format' must be csv or jsonl"},
      {"cases:\n  - input_tokens: 1\n", ":2: a case needs both"},
      {"cases:\n  - {input_tokens: 1, output_tokens: 1, temperature: 0}\n", ":2: unknown key 'temperature' in case"},
      {"model: m\n", "'cases' is missing"},
      {"model: [unclosed\n", "invalid YAML"},
      {"num_concurrent_requests: [1, -2]\ncases: [{input_tokens: 1, output_tokens: 1}]\n", ":1: 'num_concurrent_requests'"},
  };
  for (const Case& c : cases) {
    const std::string path = write_temporary_file("genai-bad.yaml", c.yaml);
    auto config = load_yaml_config(path);
    ASSERT_FALSE(config) << c.yaml;
    EXPECT_NE(config.error().find(c.expected), std::string::npos) << config.error();
    EXPECT_NE(config.error().find("genai-bad.yaml"), std::string::npos) << config.error();
  }
}

}  // namespace
}  // namespace genai::cli
