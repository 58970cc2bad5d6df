// Which files hold a split, as the `datasets` library picks them without a loading script.
#include "workload/dataset_files.h"

#include <gtest/gtest.h>

namespace genai::workload {
namespace {

std::vector<std::string> files_of(const Result<SplitFiles>& chosen) { return chosen ? chosen->files : std::vector<std::string>{}; }

TEST(DatasetFiles, PushToHubShardsNameTheirSplits) {
  const std::vector<std::string> repo = {".gitattributes", "README.md", "data/train-00000-of-00002.parquet",
                                         "data/train-00001-of-00002.parquet", "data/test-00000-of-00001.parquet"};
  auto chosen = choose_split_files(repo, {}, "");
  ASSERT_TRUE(chosen) << chosen.error();
  EXPECT_EQ(chosen->split, "train");
  EXPECT_EQ(chosen->format, "parquet");
  EXPECT_EQ(chosen->files, (std::vector<std::string>{"data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet"}));
  EXPECT_EQ(chosen->splits, (std::vector<std::string>{"train", "test"}));
  EXPECT_EQ(files_of(choose_split_files(repo, {"test", "", "", {}}, "")),
            (std::vector<std::string>{"data/test-00000-of-00001.parquet"}));
  auto missing = choose_split_files(repo, {"dev", "", "", {}}, "");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "no split 'dev' (splits: train, test)");
}

// Files under data/ that are not shards (no "-of-"): split keywords decide (found by ASan: the
// shard check read before the name).
TEST(DatasetFiles, DataFolderFilesThatAreNotShards) {
  const std::vector<std::string> repo = {"README.md", "data/train.jsonl", "data/test.csv", "data/x-of-"};
  auto chosen = choose_split_files(repo, {}, "");
  ASSERT_TRUE(chosen) << chosen.error();
  EXPECT_EQ(chosen->files, (std::vector<std::string>{"data/train.jsonl"}));
  EXPECT_EQ(files_of(choose_split_files(repo, {"test", "", "", {}}, "")), (std::vector<std::string>{"data/test.csv"}));
}

TEST(DatasetFiles, SplitKeywordsInFolderNamesBeforeFileNames) {
  // Folders win: "train/" and "valid-set/" name the splits, whatever the files are called.
  const std::vector<std::string> folders = {"train/part_test.jsonl", "train/b.jsonl", "valid-set/a.jsonl", "notes.txt"};
  auto chosen = choose_split_files(folders, {}, "");
  ASSERT_TRUE(chosen) << chosen.error();
  EXPECT_EQ(chosen->files, (std::vector<std::string>{"train/b.jsonl", "train/part_test.jsonl"}));
  EXPECT_EQ(chosen->format, "json");
  EXPECT_EQ(files_of(choose_split_files(folders, {"validation", "", "", {}}, "")), (std::vector<std::string>{"valid-set/a.jsonl"}));
  // File names: the keyword between separators ("-._ " or digits), never inside a word.
  const std::vector<std::string> names = {"squad-train.json", "squad_dev.json", "test2.json", "contest.json", "training.csv"};
  auto by_name = choose_split_files(names, {}, "");
  ASSERT_TRUE(by_name) << by_name.error();
  EXPECT_EQ(by_name->splits, (std::vector<std::string>{"train", "validation", "test"}));
  EXPECT_EQ(by_name->files, (std::vector<std::string>{"squad-train.json"}));  // training.csv: csv, not the json files' format
  EXPECT_EQ(files_of(choose_split_files(names, {"test", "", "", {}}, "")), (std::vector<std::string>{"test2.json"}));
}

TEST(DatasetFiles, NoKeywordMeansOneTrainSplitOfTheCommonestFormat) {
  auto chosen = choose_split_files({"a.csv", "b.csv", "c.jsonl", ".hidden/d.csv", "__pycache__/e.csv", "script.py"}, {}, "");
  ASSERT_TRUE(chosen) << chosen.error();
  EXPECT_EQ(chosen->split, "train");
  EXPECT_EQ(chosen->format, "csv");
  EXPECT_EQ(chosen->files, (std::vector<std::string>{"a.csv", "b.csv"}));
  auto nothing = choose_split_files({"README.md", "loader.py", "data.zip"}, {}, "");
  ASSERT_FALSE(nothing);
  EXPECT_NE(nothing.error().find("no data files"), std::string::npos) << nothing.error();
}

TEST(DatasetFiles, ImagesComeWithTheirMetadata) {
  auto chosen = choose_split_files({"train/1.png", "train/2.JPG", "train/metadata.jsonl", "test/3.webp"}, {}, "");
  ASSERT_TRUE(chosen) << chosen.error();
  EXPECT_EQ(chosen->format, "images");
  EXPECT_EQ(chosen->files, (std::vector<std::string>{"train/1.png", "train/2.JPG", "train/metadata.jsonl"}));
}

TEST(DatasetFiles, ReadmeConfigsDecide) {
  const std::string readme = R"(---
license: mit
configs:
- config_name: plain_text
  data_files:
  - split: train
    path: plain_text/train-*
  - split: validation
    path: "plain_text/validation-*"
  default: true
- config_name: Jigsaw
  data_files:
    test: Jigsaw/test-*.parquet
- config_name: other
  data_dir: other
---
# The card
)";
  const std::vector<std::string> repo = {"plain_text/train-00000-of-00001.parquet", "plain_text/validation-00000-of-00001.parquet",
                                         "Jigsaw/test-00000-of-00001.parquet", "other/train.csv", "other/test.csv"};
  auto chosen = choose_split_files(repo, {}, readme);
  ASSERT_TRUE(chosen) << chosen.error();
  EXPECT_EQ(chosen->config, "plain_text");
  EXPECT_EQ(chosen->files, (std::vector<std::string>{"plain_text/train-00000-of-00001.parquet"}));
  auto jigsaw = choose_split_files(repo, {"", "Jigsaw", "", {}}, readme);
  ASSERT_TRUE(jigsaw) << jigsaw.error();
  EXPECT_EQ(jigsaw->split, "test");  // its only split
  EXPECT_EQ(jigsaw->files, (std::vector<std::string>{"Jigsaw/test-00000-of-00001.parquet"}));
  EXPECT_EQ(files_of(choose_split_files(repo, {"test", "other", "", {}}, readme)), (std::vector<std::string>{"other/test.csv"}));
  auto unknown = choose_split_files(repo, {"", "nope", "", {}}, readme);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("no configuration 'nope' (configurations: plain_text, Jigsaw, other)"), std::string::npos);
}

TEST(DatasetFiles, ConfigFoldersAndDataFilesWithoutACard) {
  const std::vector<std::string> repo = {"en/train-00000-of-00001.parquet", "fr/train-00000-of-00001.parquet", "fr/test.parquet"};
  EXPECT_EQ(files_of(choose_split_files(repo, {"", "fr", "", {}}, "")), (std::vector<std::string>{"fr/train-00000-of-00001.parquet"}));
  EXPECT_EQ(files_of(choose_split_files(repo, {"eval", "", "", {{"eval", "*/test.parquet"}}}, "")),
            (std::vector<std::string>{"fr/test.parquet"}));
}

TEST(DatasetFiles, TheHubsParquetConversion) {
  const std::vector<std::string> converted = {"default/train/0000.parquet", "default/train/0001.parquet",
                                              "default/partial-test/0000.parquet", "other/train/0000.parquet"};
  auto chosen = choose_parquet_conversion(converted, {});
  ASSERT_TRUE(chosen) << chosen.error();
  EXPECT_EQ(chosen->config, "default");
  EXPECT_EQ(chosen->files, (std::vector<std::string>{"default/train/0000.parquet", "default/train/0001.parquet"}));
  EXPECT_EQ(files_of(choose_parquet_conversion(converted, {"test", "", "", {}})),
            (std::vector<std::string>{"default/partial-test/0000.parquet"}));
  auto several = choose_parquet_conversion({"a/train/0000.parquet", "b/train/0000.parquet"}, {});
  ASSERT_FALSE(several);
  EXPECT_NE(several.error().find("configurations: a, b"), std::string::npos) << several.error();
}

TEST(DatasetFiles, GlobsAsFsspec) {
  EXPECT_TRUE(glob_match("data/train-*", "data/train-00000-of-00001.parquet"));
  EXPECT_FALSE(glob_match("data/*", "data/sub/x.csv"));
  EXPECT_TRUE(glob_match("**/x.csv", "x.csv"));
  EXPECT_TRUE(glob_match("**/x.csv", "a/b/x.csv"));
  EXPECT_TRUE(glob_match("part-[0-9][0-9].json", "part-07.json"));
  EXPECT_FALSE(glob_match("part-[!0-9]?.json", "part-07.json"));
}

}  // namespace
}  // namespace genai::workload
