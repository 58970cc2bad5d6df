// Python genai-bench's dataset config files, and the `datasets` split syntax.
#include "workload/dataset_spec.h"

#include <gtest/gtest.h>

#include "support/temporary_file.h"
#include "workload/scenario.h"

namespace genai::workload {
namespace {

using genai::testing::write_temporary_file;

TEST(DatasetConfig, ReadsPythonsExamples) {
  // examples/dataset_configs/huggingface_advanced.json of Python genai-bench, and its vision example.
  const std::string advanced = write_temporary_file("advanced.json", R"({
    "source": {"type": "huggingface", "path": "meta-llama/Llama-2-7b-hf",
               "huggingface_kwargs": {"split": "train[:1000]", "revision": "main", "cache_dir": "/custom/cache",
                                      "use_auth_token": true, "num_proc": 4, "streaming": false,
                                      "trust_remote_code": true, "download_mode": "force_redownload"}},
    "prompt_column": "text"})");
  auto spec = read_dataset_config(advanced);
  ASSERT_TRUE(spec) << spec.error();
  EXPECT_TRUE(spec->hub);
  EXPECT_EQ(spec->path, "meta-llama/Llama-2-7b-hf");
  EXPECT_EQ(spec->split, "train[:1000]");
  EXPECT_EQ(spec->revision, "main");
  EXPECT_EQ(spec->cache_dir, "/custom/cache");
  EXPECT_EQ(spec->prompt_column, "text");
  EXPECT_TRUE(spec->prompt_column_given);
  EXPECT_TRUE(spec->token.empty());  // true: the environment's token

  const std::string vision = write_temporary_file("vision.json", R"({
    "source": {"type": "huggingface", "path": "BLINK-Benchmark/BLINK",
               "huggingface_kwargs": {"split": "test", "name": "Jigsaw", "data_files": {"test": ["a/*.parquet", "b.parquet"]}}},
    "prompt_column": "question", "image_column": "image_1", "unsafe_allow_large_images": true,
    "prompt_lambda": "lambda x: x['question']"})");
  spec = read_dataset_config(vision);
  ASSERT_TRUE(spec) << spec.error();
  EXPECT_EQ(spec->config_name, "Jigsaw");
  EXPECT_EQ(spec->image_column, "image_1");
  EXPECT_EQ(spec->prompt_lambda, "lambda x: x['question']");
  EXPECT_EQ(spec->data_files, (std::vector<std::pair<std::string, std::string>>{{"test", "a/*.parquet"}, {"test", "b.parquet"}}));

  const std::string local = write_temporary_file("local.json",
      R"({"source": {"type": "file", "path": "/data/prompts.csv", "file_format": "txt"}, "prompt_column": null})");
  spec = read_dataset_config(local);
  ASSERT_TRUE(spec) << spec.error();
  EXPECT_FALSE(spec->hub);
  EXPECT_EQ(spec->file_format, "text");
  EXPECT_EQ(spec->prompt_column, "prompt");
  EXPECT_FALSE(spec->prompt_column_given);
}

TEST(DatasetConfig, UnknownKeysAndWrongTypesNameTheFileAndKey) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {R"({"source": {"type": "file", "path": "a.csv"}, "promt_column": "x"})", ": promt_column is not a key of a dataset config"},
      {R"({"source": {"type": "file", "path": 5}})", ": source.path must be a string"},
      {R"({"source": {"type": "hf", "path": "a"}})", ": source.type must be \"file\" or \"huggingface\""},
      {R"({"source": {"type": "custom", "loader_class": "my.Loader"}})", ": source.loader_class names a Python class"},
      {R"({"source": {"type": "huggingface", "path": "a", "huggingface_kwargs": {"split": 3}}})",
       ": source.huggingface_kwargs.split must be a string"},
      {R"({"source": {"type": "huggingface", "path": "a", "huggingface_kwargs": {"features": {}}}})",
       ": source.huggingface_kwargs.features is not a parameter genai-bench reads"},
      {R"({"source": {"type": "file", "path": "a", "file_format": "xlsx"}})", ": source.file_format must be"},
      {R"({"source": {"type": "file", "path": "a"}, "unsafe_allow_large_images": "yes"})", ": unsafe_allow_large_images must be true or false"},
      {R"({"prompt_column": "x"})", ": source is required"},
      {R"([1])", ": (top level) must be an object"},
      {R"({"source": )", ": not valid JSON"},
  };
  for (const Case& c : cases) {
    const std::string path = write_temporary_file("bad-config.json", c.text);
    auto spec = read_dataset_config(path);
    ASSERT_FALSE(spec) << c.text;
    EXPECT_NE(spec.error().find("--dataset-config"), std::string::npos) << spec.error();
    EXPECT_NE(spec.error().find(path), std::string::npos) << spec.error();
    EXPECT_NE(spec.error().find(c.expected), std::string::npos) << spec.error();
    EXPECT_EQ(spec.error().find('\n'), std::string::npos) << spec.error();
  }
}

TEST(DatasetSplit, SlicesAsTheDatasetsLibrary) {
  auto all = parse_split("train");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->name, "train");
  EXPECT_EQ(all->rows_of(10), (std::pair<size_t, size_t>{0, 10}));
  auto first = parse_split("train[:1000]");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->rows_of(10), (std::pair<size_t, size_t>{0, 10}));
  EXPECT_EQ(first->rows_of(5000), (std::pair<size_t, size_t>{0, 1000}));
  auto middle = parse_split("test[10%:20%]");
  ASSERT_TRUE(middle);
  EXPECT_EQ(middle->name, "test");
  EXPECT_EQ(middle->rows_of(200), (std::pair<size_t, size_t>{20, 40}));
  auto tail = parse_split("validation[-3:]");
  ASSERT_TRUE(tail);
  EXPECT_EQ(tail->rows_of(10), (std::pair<size_t, size_t>{7, 10}));
  EXPECT_FALSE(parse_split("train[a:b]"));
  EXPECT_FALSE(parse_split("train[5]"));
  EXPECT_FALSE(parse_split("[:5]"));
}

}  // namespace
}  // namespace genai::workload

namespace genai::workload {
namespace {

TEST(DatasetScenario, ParsesAsPythonsSentinelAndBelongsToEveryTask) {
  auto scenario = parse_scenario(" dataset ");
  ASSERT_TRUE(scenario) << scenario.error();
  EXPECT_EQ(scenario->kind, Scenario::Kind::dataset);
  EXPECT_EQ(scenario->to_string(), "dataset");
  EXPECT_EQ(scenario->file_stem(), "dataset");
  EXPECT_EQ(scenario->task(), "");
  Random random(1);
  EXPECT_EQ(scenario->sample(random).output_tokens, kDatasetOutputTokens);
  EXPECT_FALSE(parse_scenario("dataset(1)"));
  EXPECT_FALSE(parse_scenario("Dataset"));
}

}  // namespace
}  // namespace genai::workload
