#include "workload/trace.h"

#include <gtest/gtest.h>

#include "support/temporary_file.h"

namespace genai::workload {
namespace {

using genai::testing::write_temporary_file;

TEST(Trace, ReadsMooncakeLinesInOrder) {
  auto trace = read_trace(write_temporary_file("ok-trace.jsonl",
                                      "{\"timestamp\": 0, \"input_length\": 600, \"output_length\": 20, \"hash_ids\": [1, 2]}\n"
                                      "\n"
                                      "{\"timestamp\": 1500, \"input_length\": 10, \"output_length\": 5}\n"));
  ASSERT_TRUE(trace) << trace.error();
  ASSERT_EQ(trace->requests.size(), 2u);
  EXPECT_EQ(trace->requests[0].hash_ids, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(trace->requests[1].input_length, 10);
  EXPECT_TRUE(trace->requests[1].hash_ids.empty());
  EXPECT_DOUBLE_EQ(trace->span_s(), 1.5);
}

TEST(Trace, BadLinesAreOneLineNamingFileLineAndField) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"{\"timestamp\": 0, \"output_length\": 5}\n", ":1: missing \"input_length\""},
      {"{\"timestamp\": 0, \"input_length\": 5, \"output_length\": 5}\nnot json\n", ":2: not a JSON object"},
      {"{\"timestamp\": 0, \"input_length\": -5, \"output_length\": 5}\n", ":1: \"input_length\" must be a non-negative integer"},
      {"{\"timestamp\": 0, \"input_length\": 5, \"output_length\": 5, \"hash_ids\": [\"a\"]}\n", ":1: \"hash_ids\" must be"},
      {"{\"timestamp\": 9, \"input_length\": 5, \"output_length\": 5}\n{\"timestamp\": 3, \"input_length\": 5, \"output_length\": 5}\n",
       ":2: \"timestamp\" goes back in time"},
      {"", "holds no requests"},
      // Found by fuzzing: 1e19 as a double was converted to int64 (undefined).
      {"{\"timestamp\": 1e19, \"input_length\": 1, \"output_length\": 1}\n", ":1: \"timestamp\" must be a non-negative integer"},
      {"{\"timestamp\": 9000000000000000000, \"input_length\": 1, \"output_length\": 1}\n", ":1: \"timestamp\" is more than 100 years"},
      {"{\"timestamp\": 0, \"input_length\": 100000001, \"output_length\": 1}\n", ":1: lengths above 100000000"},
  };
  for (const Case& c : cases) {
    const std::string path = write_temporary_file("bad-trace.jsonl", c.text);
    auto trace = read_trace(path);
    ASSERT_FALSE(trace) << c.text;
    EXPECT_NE(trace.error().find("--trace: "), std::string::npos) << trace.error();
    EXPECT_NE(trace.error().find(c.expected), std::string::npos) << trace.error();
  }
}

// Without a tokenizer a block of 512 tokens is 2048 bytes of corpus text (the estimate), so the
// two shared blocks are the first 2048 + 1 + 2048 bytes of both prompts.
TEST(TracePrompts, SharedHashIdsGiveSharedPrefixes) {
  const PromptSource text = PromptSource::built_in();
  const TracePrompts prompts(text, nullptr, 42, 512);
  int64_t tokens_a = 0, tokens_b = 0, tokens_c = 0;
  const std::string a = prompts.build({0, 1100, 10, {7, 8, 9}}, 0, tokens_a);
  const std::string b = prompts.build({0, 1300, 10, {7, 8, 11}}, 1, tokens_b);
  const std::string c = prompts.build({0, 1100, 10, {12, 8, 9}}, 2, tokens_c);
  const size_t shared = 2048 + 1 + 2048;
  ASSERT_GT(a.size(), shared);
  EXPECT_EQ(a.substr(0, shared), b.substr(0, shared));
  EXPECT_NE(a.substr(0, 2048), c.substr(0, 2048));
  EXPECT_EQ(a.substr(2049, 2048), c.substr(2049, 2048));  // block 8 is block 8 wherever it appears
  // 1100 tokens: two full blocks and 76 tokens of the third (304 bytes), joined by newlines.
  EXPECT_EQ(a.size(), 2048u + 1 + 2048 + 1 + 304);
  EXPECT_EQ(tokens_a, estimate_tokens(a));
  // No hash ids: a prompt of its own of the full length.
  int64_t tokens_d = 0;
  EXPECT_EQ(prompts.build({0, 100, 10, {}}, 3, tokens_d).size(), 400u);
}

}  // namespace
}  // namespace genai::workload
