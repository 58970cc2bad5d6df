#include "workload/scenario.h"

#include <gtest/gtest.h>

namespace genai::workload {
namespace {

TEST(Scenario, ParsesDeterministic) {
  auto scenario = parse_scenario("D(100,200)");
  ASSERT_TRUE(scenario) << scenario.error();
  EXPECT_EQ(scenario->kind, Scenario::Kind::deterministic);
  Random random(1);
  for (int i = 0; i < 10; ++i) {
    const TokenLengths lengths = scenario->sample(random);
    EXPECT_EQ(lengths.input_tokens, 100);
    EXPECT_EQ(lengths.output_tokens, 200);
  }
  EXPECT_EQ(scenario->to_string(), "D(100,200)");
  EXPECT_EQ(scenario->file_stem(), "D_100_200");
}

TEST(Scenario, ParsesNormalAndSamplesAroundTheMean) {
  auto scenario = parse_scenario("N(480,240)/(300,150)");
  ASSERT_TRUE(scenario) << scenario.error();
  EXPECT_EQ(scenario->to_string(), "N(480,240)/(300,150)");
  EXPECT_EQ(scenario->file_stem(), "N_480_240_300_150");
  Random random(42);
  double input_sum = 0, output_sum = 0;
  const int samples = 20000;
  for (int i = 0; i < samples; ++i) {
    const TokenLengths lengths = scenario->sample(random);
    EXPECT_GE(lengths.input_tokens, 1);
    EXPECT_GE(lengths.output_tokens, 2);
    input_sum += static_cast<double>(lengths.input_tokens);
    output_sum += static_cast<double>(lengths.output_tokens);
  }
  // Truncation towards zero and the clamps move the means a little; 3% covers both.
  EXPECT_NEAR(input_sum / samples, 480, 480 * 0.03);
  EXPECT_NEAR(output_sum / samples, 300, 300 * 0.03);
}

TEST(Scenario, ParsesUniformLongAndShortForms) {
  auto full = parse_scenario("U(50,100)/(200,250)");
  ASSERT_TRUE(full) << full.error();
  Random random(7);
  for (int i = 0; i < 1000; ++i) {
    const TokenLengths lengths = full->sample(random);
    EXPECT_GE(lengths.input_tokens, 50);
    EXPECT_LT(lengths.input_tokens, 100);  // numpy.uniform's half-open range, truncated
    EXPECT_GE(lengths.output_tokens, 200);
    EXPECT_LT(lengths.output_tokens, 250);
  }
  auto short_form = parse_scenario("U(1000,100)");
  ASSERT_TRUE(short_form) << short_form.error();
  EXPECT_EQ(short_form->input_a, 1);
  EXPECT_EQ(short_form->input_b, 1000);
  EXPECT_EQ(short_form->output_a, 1);
  EXPECT_EQ(short_form->output_b, 100);
  EXPECT_EQ(short_form->to_string(), "U(1000,100)");
  for (int i = 0; i < 1000; ++i) EXPECT_GE(short_form->sample(random).output_tokens, 2);
}

TEST(Scenario, SameSeedSameSequence) {
  auto scenario = parse_scenario("N(100,50)/(100,50)");
  ASSERT_TRUE(scenario);
  Random first(99), second(99);
  for (int i = 0; i < 100; ++i) {
    const auto a = scenario->sample(first), b = scenario->sample(second);
    EXPECT_EQ(a.input_tokens, b.input_tokens);
    EXPECT_EQ(a.output_tokens, b.output_tokens);
  }
}

TEST(Scenario, SurroundingWhitespaceIsIgnored) { EXPECT_TRUE(parse_scenario("  D(1,2) ")); }

TEST(Scenario, RejectsMalformedInputWithAMessageNamingIt) {
  for (const char* bad : {"", "X(1,2)", "D(1,2", "D(1;2)", "D(a,b)", "D(1,2)/(3,4)", "N(1,2)", "D(-1,2)",
                          "D(1,2)x", "U(10,5)/(1,2)", "D(0,5)", "D()", "d(1,2)", "N(1,2)/(3,)"}) {
    auto result = parse_scenario(bad);
    EXPECT_FALSE(result) << "accepted '" << bad << "'";
    if (!result && std::string(bad).size() > 0) {
      EXPECT_NE(result.error().find(bad), std::string::npos) << result.error();
    }
  }
}

// Found by fuzzing: a mean at int64's limit made the draw's conversion undefined.
TEST(Scenario, CountsPastTheLimitAreRefusedAndTailDrawsHeld) {
  for (const char* huge : {"N(9223372036854775807,0)/(2,0)", "U(9223372036854775807,9223372036854775807)/(2,2)",
                           "D(100000001,5)"}) {
    auto result = parse_scenario(huge);
    ASSERT_FALSE(result) << huge;
    EXPECT_NE(result.error().find("above 100000000"), std::string::npos) << result.error();
  }
  auto wide = parse_scenario("N(100000000,100000000)/(100000000,100000000)");
  ASSERT_TRUE(wide) << wide.error();
  Random random(3);
  for (int i = 0; i < 1000; ++i) {
    const TokenLengths lengths = wide->sample(random);
    EXPECT_GE(lengths.input_tokens, 1);
    EXPECT_LE(lengths.input_tokens, kMaxScenarioTokens);
    EXPECT_LE(lengths.output_tokens, kMaxScenarioTokens);
  }
}

TEST(Scenario, EmbeddingAndRerankScenarios) {
  auto embedding = parse_scenario("E(64)");
  ASSERT_TRUE(embedding) << embedding.error();
  EXPECT_EQ(embedding->to_string(), "E(64)");
  EXPECT_EQ(embedding->file_stem(), "E_64");
  EXPECT_EQ(embedding->task(), "text-to-embeddings");
  Random random(1);
  EXPECT_EQ(embedding->sample(random).input_tokens, 64);
  auto rerank = parse_scenario("R(128,32)");
  ASSERT_TRUE(rerank) << rerank.error();
  EXPECT_EQ(rerank->input_a, 128);  // tokens per document
  EXPECT_EQ(rerank->input_b, 32);   // tokens per query
  EXPECT_EQ(rerank->to_string(), "R(128,32)");
  EXPECT_EQ(rerank->task(), "text-to-rerank");
  EXPECT_EQ(parse_scenario("D(1,2)")->task(), "text-to-text");
  for (const char* bad : {"E(1,2)", "E()", "E(0)", "R(5)", "R(5,0)", "E(5)x"}) EXPECT_FALSE(parse_scenario(bad)) << bad;
  auto image = parse_scenario("I(512,256)");
  ASSERT_TRUE(image) << image.error();
  EXPECT_EQ(image->input_a, 512);
  EXPECT_EQ(image->input_b, 256);
  EXPECT_EQ(image->output_a, 1);  // images per request
  EXPECT_EQ(image->to_string(), "I(512,256)");
  EXPECT_EQ(image->task(), "image-text-to-text");
  EXPECT_EQ(parse_scenario("I(64,64,3)")->output_a, 3);
  EXPECT_EQ(parse_scenario("I(64,64,3)")->to_string(), "I(64,64,3)");
  for (const char* bad : {"I(5)", "I(5,5,5,5)", "I(0,5)", "I(5,5,0)", "I(5,5", "I(99999,5)"}) EXPECT_FALSE(parse_scenario(bad)) << bad;
}

// Python genai-bench's speech scenario A(num_input_chars), and I(w,h[,n]) for all three image tasks.
TEST(Scenario, AudioScenarioAndTheImageTasks) {
  auto audio = parse_scenario("A(500)");
  ASSERT_TRUE(audio) << audio.error();
  EXPECT_EQ(audio->kind, Scenario::Kind::audio);
  EXPECT_EQ(audio->input_a, 500);
  EXPECT_EQ(audio->to_string(), "A(500)");
  EXPECT_EQ(audio->file_stem(), "A_500");  // Python's run-file stem
  EXPECT_EQ(audio->task(), "text-to-speech");
  EXPECT_TRUE(audio->fits_task("text-to-speech"));
  EXPECT_FALSE(audio->fits_task("text-to-text"));
  Random random(1);
  EXPECT_EQ(audio->sample(random).input_tokens, 500);  // characters
  EXPECT_EQ(audio->sample(random).output_tokens, 0);
  for (const char* bad : {"A()", "A(0)", "A(1,2)", "A(-3)", "A(5)x", "A(100000001)"}) {
    const auto refused = parse_scenario(bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_NE(refused.error().find(bad), std::string::npos) << refused.error();
  }
  const auto image = parse_scenario("I(1024,1792)");
  ASSERT_TRUE(image);
  for (const char* task : {"image-text-to-text", "text-to-image", "image-to-embeddings"}) EXPECT_TRUE(image->fits_task(task)) << task;
  EXPECT_FALSE(image->fits_task("text-to-speech"));
  EXPECT_EQ(image->file_stem(), "I_1024_1792");
  EXPECT_FALSE(parse_scenario("D(10,10)")->fits_task("text-to-image"));
  EXPECT_FALSE(parse_scenario("E(10)")->fits_task("image-to-embeddings"));
  EXPECT_TRUE(parse_scenario("dataset")->fits_task("text-to-speech"));
  EXPECT_NE(parse_scenario("X(1)").error().find("A(chars)"), std::string::npos);  // the forms list it
}

}  // namespace
}  // namespace genai::workload
