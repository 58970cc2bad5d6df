#include "workload/dataset.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "support/temporary_file.h"

namespace genai::workload {
namespace {

using genai::testing::write_temporary_file;

TEST(Dataset, JsonlPromptsMessagesAndOutputLengths) {
  const std::string path = write_temporary_file("prompts.jsonl",
      "{\"prompt\": \"Tell me a story.\", \"output_tokens\": 64}\n"
      "\n"
      "{\"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"},"
      " {\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Hi\"}]}]}\n");
  auto dataset = read_dataset(path, DatasetFormat::jsonl, "prompt", nullptr);
  ASSERT_TRUE(dataset) << dataset.error();
  ASSERT_EQ(dataset->entries.size(), 2u);
  EXPECT_EQ(dataset->entries[0].prompt, "Tell me a story.");
  EXPECT_EQ(dataset->entries[0].output_tokens, 64);
  EXPECT_TRUE(dataset->entries[0].messages_json.empty());
  EXPECT_EQ(dataset->entries[1].prompt, "Be brief.\nHi");
  EXPECT_EQ(dataset->entries[1].messages_json,
            R"([{"role":"system","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"Hi"}]}])");
  EXPECT_FALSE(dataset->entries[1].output_tokens);
  EXPECT_NE(dataset->description.find("(jsonl, 2 prompts)"), std::string::npos);
}

TEST(Dataset, ShareGptTakesTheFirstHumanTurnAndTheGptTurnsLength) {
  const std::string path = write_temporary_file("sharegpt.json", R"([
    {"id": "a", "conversations": [{"from": "system", "value": "s"}, {"from": "human", "value": "What is BPE?"},
                                  {"from": "gpt", "value": "Byte-pair encoding merges pairs."},
                                  {"from": "human", "value": "More?"}]},
    {"id": "b", "conversations": [{"from": "gpt", "value": "no human turn: skipped"}]},
    {"id": "c", "conversations": [{"from": "human", "value": "Unanswered"}]}
  ])");
  auto dataset = read_dataset(path, DatasetFormat::sharegpt, "prompt", nullptr);
  ASSERT_TRUE(dataset) << dataset.error();
  ASSERT_EQ(dataset->entries.size(), 2u);
  EXPECT_EQ(dataset->entries[0].prompt, "What is BPE?");
  EXPECT_EQ(dataset->entries[0].output_tokens, 8);  // 32 bytes / 4, no tokenizer
  EXPECT_EQ(dataset->entries[1].prompt, "Unanswered");
  EXPECT_FALSE(dataset->entries[1].output_tokens);
}

TEST(Dataset, CsvTakesTheNamedColumnWithQuotesAndNewlines) {
  const std::string path = write_temporary_file("prompts.csv", "id,question,notes\r\n1,\"Say \"\"hi\"\", twice\",x\n"
                                                     "2,\"Line one\nline two\",y\n3,,empty prompt skipped\n");
  auto dataset = read_dataset(path, DatasetFormat::csv, "question", nullptr);
  ASSERT_TRUE(dataset) << dataset.error();
  ASSERT_EQ(dataset->entries.size(), 2u);
  EXPECT_EQ(dataset->entries[0].prompt, "Say \"hi\", twice");
  EXPECT_EQ(dataset->entries[1].prompt, "Line one\nline two");
  auto missing = read_dataset(path, DatasetFormat::csv, "prompt", nullptr);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("--dataset-prompt-column: 'prompt' is not a column of"), std::string::npos);
  EXPECT_NE(missing.error().find("(columns: id, question, notes)"), std::string::npos) << missing.error();
  EXPECT_FALSE(parse_csv("a,\"unclosed\n"));
}

TEST(Dataset, MalformedFilesNameFileLineAndField) {
  struct Case {
    const char* name;
    const char* text;
    DatasetFormat format;
    const char* expected;
  };
  const Case cases[] = {
      {"bad1.jsonl", "{\"prompt\": \"ok\"}\n{\"text\": \"no prompt\"}\n", DatasetFormat::jsonl,
       "bad1.jsonl:2: needs a \"prompt\" string or a \"messages\" array"},
      {"bad2.jsonl", "{\"prompt\": \"ok\", \"output_tokens\": \"many\"}\n", DatasetFormat::jsonl,
       "bad2.jsonl:1: \"output_tokens\" must be a positive integer"},
      {"bad3.jsonl", "{\"prompt\": \"ok\"\n", DatasetFormat::jsonl, "bad3.jsonl:1: not valid JSON"},
      {"bad4.json", "{\"conversations\": []}", DatasetFormat::sharegpt, "expected a JSON array of conversations"},
      {"bad5.json", "[{\"conversations\": [{\"from\": \"human\"}]}]", DatasetFormat::sharegpt,
       "entry 0: each turn needs \"from\" and \"value\""},
      {"bad6.jsonl", "\n\n", DatasetFormat::jsonl, "holds no prompts"},
  };
  for (const Case& c : cases) {
    auto dataset = read_dataset(write_temporary_file(c.name, c.text), c.format, "prompt", nullptr);
    ASSERT_FALSE(dataset) << c.name;
    EXPECT_NE(dataset.error().find("--dataset-path: "), std::string::npos) << dataset.error();
    EXPECT_NE(dataset.error().find(c.expected), std::string::npos) << dataset.error();
  }
  EXPECT_EQ(*dataset_format("a/b.jsonl", "auto"), DatasetFormat::jsonl);
  // .json: rows of columns, ShareGPT conversations recognised by their content (app/dataset_loading).
  EXPECT_EQ(*dataset_format("a/b.json", "auto"), DatasetFormat::json);
  EXPECT_EQ(*dataset_format("a/b.parquet", "auto"), DatasetFormat::parquet);
  EXPECT_EQ(*dataset_format("a/b.txt", "auto"), DatasetFormat::text);
  EXPECT_EQ(*dataset_format("a/b.txt", "csv"), DatasetFormat::csv);
}

TEST(DatasetSampler, ShuffleUsesEveryEntryOncePerPassAndRandomIsSeeded) {
  const DatasetSampler shuffle(50, false, 9);
  std::set<size_t> first_pass;
  for (uint64_t i = 0; i < 50; ++i) first_pass.insert(shuffle.pick(i));
  EXPECT_EQ(first_pass.size(), 50u);
  EXPECT_EQ(shuffle.pick(3), shuffle.pick(53));
  const DatasetSampler random(50, true, 9), same(50, true, 9), other(50, true, 10);
  size_t differ = 0;
  std::set<size_t> seen;
  for (uint64_t i = 0; i < 200; ++i) {
    EXPECT_EQ(random.pick(i), same.pick(i));
    differ += random.pick(i) != other.pick(i);
    seen.insert(random.pick(i));
    EXPECT_LT(random.pick(i), 50u);
  }
  EXPECT_GT(differ, 150u);
  EXPECT_GT(seen.size(), 40u);  // 200 draws of 50: a miss of more than 10 would be a broken pick
}

}  // namespace
}  // namespace genai::workload
