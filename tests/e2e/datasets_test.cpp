// Datasets of prompts against the mock: each request sends an entry's prompt (or its chat
// messages as given), and asks for the entry's own output length where it has one. The mock
// writes exactly max_tokens tokens and reports them in usage, so output_tokens shows what was
// asked; input_chars shows which prompt went out.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

std::vector<json::value> run_dataset(const std::string& folder, const std::string& file,
                                     const std::vector<std::string>& extra) {
  std::vector<std::string> arguments = {"benchmark", "--dataset-path", folder + "/" + file, "--traffic-scenario",
                                        "D(10,7)", "--max-requests-per-run", "12", "--num-concurrency", "3",
                                        "--output-dir", folder, "--experiment-name", file + "-run", "--no-ui"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  const RunResult run = run_genai_bench(arguments);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  std::vector<json::value> records;
  for (const std::string& line : read_lines(folder + "/" + file + "-run/records.jsonl")) records.push_back(json::parse(line));
  return records;
}

TEST(Datasets, JsonlPromptsAndMessagesGoOutWithTheirOutputLengths) {
  const std::string folder = make_temporary_folder();
  write_text(folder + "/d.jsonl",
             "{\"prompt\": \"abcd\", \"output_tokens\": 3}\n"
             "{\"messages\": [{\"role\": \"system\", \"content\": \"You are terse.\"}, "
             "{\"role\": \"user\", \"content\": \"0123456789\"}], \"output_tokens\": 5}\n");
  const auto records = run_dataset(folder, "d.jsonl", {"--dataset-sampling", "shuffle"});
  ASSERT_EQ(records.size(), 12u);
  std::multiset<int64_t> outputs;
  for (const json::value& record : records) {
    ASSERT_TRUE(record.at("ok").as_bool()) << json::serialize(record);
    const auto output = record.at("output_tokens").to_number<int64_t>();
    const auto chars = record.at("input_chars").to_number<int64_t>();
    outputs.insert(output);
    // "abcd" is 4 characters; the messages' contents joined are "You are terse.\n0123456789" (25).
    EXPECT_EQ(chars, output == 3 ? 4 : 25) << json::serialize(record);
  }
  EXPECT_EQ(outputs.count(3), 6u);  // shuffle: each entry once per pass of two
  EXPECT_EQ(outputs.count(5), 6u);
}

TEST(Datasets, ShareGptAndCsvPrompts) {
  const std::string folder = make_temporary_folder();
  write_text(folder + "/s.json", R"([{"conversations": [{"from": "human", "value": "What is a token?"},
                                                       {"from": "gpt", "value": "A piece of text, 24 bytes"}]}])");
  for (const json::value& record : run_dataset(folder, "s.json", {})) {
    EXPECT_EQ(record.at("input_chars").to_number<int>(), 16);
    EXPECT_EQ(record.at("output_tokens").to_number<int>(), 7);  // the gpt turn: 25 bytes / 4, rounded up
  }
  write_text(folder + "/c.csv", "id,text\n1,\"Hello, world\"\n");
  for (const json::value& record : run_dataset(folder, "c.csv", {"--dataset-prompt-column", "text"})) {
    EXPECT_EQ(record.at("input_chars").to_number<int>(), 12);
    EXPECT_EQ(record.at("output_tokens").to_number<int>(), 7);  // no length in the file: the scenario's
  }
  write_text(folder + "/bad.jsonl", "{\"prompt\": 5}\n");
  const RunResult bad = run_genai_bench({"benchmark", "--dataset-path", folder + "/bad.jsonl", "--output-dir",
                                         folder + "/out", "--no-ui"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("bad.jsonl:1: needs a \"prompt\" string"), std::string::npos) << bad.output;
}

// Two shared prefixes of 100 estimated tokens (400 bytes) before prompts of 20 (80 bytes). The
// mock counts every message's content, bytes / 4: 120 tokens when the system message went out.
TEST(SharedPrefix, EveryRequestCarriesOneOfTheSharedSystemPrompts) {
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--shared-prefix-tokens", "100", "--num-prefixes", "2",
                                         "--traffic-scenario", "D(20,5)", "--max-requests-per-run", "8",
                                         "--output-dir", folder, "--experiment-name", "prefix", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string& line : read_lines(folder + "/prefix/records.jsonl")) {
    const json::value record = json::parse(line);
    EXPECT_EQ(record.at("input_tokens").to_number<int>(), 120) << line;
    EXPECT_EQ(record.at("input_chars").to_number<int>(), 400 + 1 + 80) << line;
  }
}

// Three conversations of three turns. The mock counts all message contents, bytes / 4 rounded
// up: user messages of D(20,5) are 80 bytes and its 5-token answer " the model writes one token"
// is 27, so the turns' inputs are 80, 80+27+80 and 80+27+80+27+80 bytes: 20, 47 and 74 tokens.
TEST(MultiTurn, TurnsCarryTheGrowingHistoryAfterTheThinkTime) {
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--turns", "3", "--think-time", "20ms", "--traffic-scenario",
                                         "D(20,5)", "--num-concurrency", "2", "--max-requests-per-run", "9",
                                         "--output-dir", folder, "--experiment-name", "chat", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::map<std::pair<int, int>, json::value> by_turn;
  for (const std::string& line : read_lines(folder + "/chat/records.jsonl")) {
    const json::value record = json::parse(line);
    by_turn[{record.at("session").to_number<int>(), record.at("turn").to_number<int>()}] = record;
  }
  ASSERT_EQ(by_turn.size(), 9u);
  const int expected_tokens[] = {20, 47, 74};
  for (const auto& [key, record] : by_turn) {
    EXPECT_EQ(record.at("input_tokens").to_number<int>(), expected_tokens[key.second]) << json::serialize(record);
    if (key.second > 0) {
      const json::value& before = by_turn.at({key.first, key.second - 1});
      EXPECT_GE(record.at("t_start_ns").to_number<int64_t>() - before.at("t_end_ns").to_number<int64_t>(), 20'000'000);
    }
  }
  const RunResult open = run_genai_bench({"benchmark", "--turns", "2", "--request-rate", "5", "--output-dir",
                                          folder + "/bad"});
  EXPECT_NE(open.exit_code, 0);
  EXPECT_NE(open.output.find("--turns: multi-turn runs are closed loop"), std::string::npos) << open.output;
}

}  // namespace
}  // namespace genai::testing
