#include <gtest/gtest.h>

#include "cli/flag_suggestion.h"

namespace genai::cli {
namespace {

const std::vector<std::string> kKnown = {"api-base", "api-key", "api-backend", "traffic-scenario", "model-tokenizer", "seed"};

TEST(FlagSuggestion, NearestWithinAThirdOfTheName) {
  EXPECT_EQ(nearest_flag("--api-bsae", kKnown), "--api-base");                  // two edits, 8 letters
  EXPECT_EQ(nearest_flag("--api_backend=x", kKnown), "--api-backend");          // underscores, a value
  EXPECT_EQ(nearest_flag("--model-tokeniser", kKnown), "--model-tokenizer");    // one edit
  EXPECT_EQ(nearest_flag("--sed", kKnown), "--seed");                           // short names: one edit allowed
  EXPECT_EQ(nearest_flag("--api-ky", kKnown), "--api-key");                     // the nearest of several close ones
  EXPECT_EQ(nearest_flag("--sd", kKnown), std::nullopt);                        // two edits of four letters
  EXPECT_EQ(nearest_flag("--completely-unrelated", kKnown), std::nullopt);
  EXPECT_EQ(nearest_flag("--", kKnown), std::nullopt);
}

}  // namespace
}  // namespace genai::cli
