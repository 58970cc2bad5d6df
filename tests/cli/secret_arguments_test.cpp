// Which flags hold secrets, and that their values are masked whichever spelling was used.
#include "cli/secret_arguments.h"

#include <gtest/gtest.h>

namespace genai::cli {
namespace {

TEST(SecretArguments, FlagsThatHoldSecrets) {
  for (const char* flag : {"--api-key", "--api_key", "--model-api-key", "--storage-aws-secret-access-key",
                           "--storage-aws-session-token", "--github-token", "--storage-azure-account-key",
                           "--storage-azure-connection-string", "--storage-azure-sas-token", "--hf-token",
                           "--api-key=sk-1", "--password",
                           "--storage-aws-access-key-id"}) {  // not a secret to AWS, but no one's business
    EXPECT_TRUE(is_secret_flag(flag)) << flag;
  }
  for (const char* flag : {"--model-tokenizer", "--group-key", "--api-base", "--key", "sk-secret", "--num-concurrency"}) {
    EXPECT_FALSE(is_secret_flag(flag)) << flag;
  }
}

TEST(SecretArguments, ValuesAreMaskedInBothSpellings) {
  const char* argv[] = {"genai-bench", "benchmark", "--api-key", "sk-first-1234", "--github-token=ghp_second_5678",
                        "--model-tokenizer", "gpt2"};
  const auto secrets = secret_values(7, argv);
  const std::string scrubbed =
      scrub_secrets("saw sk-first-1234 and ghp_second_5678 with gpt2", secrets);
  EXPECT_EQ(scrubbed, "saw *** and *** with gpt2");
}

}  // namespace
}  // namespace genai::cli
