#include "workload/prompt_source.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace genai::workload {
namespace {

TEST(PromptSource, BuiltInPromptsHaveTheRequestedEstimatedLength) {
  const PromptSource source = PromptSource::built_in();
  Random random(3);
  for (int64_t tokens : {1, 2, 7, 128, 1000, 20000}) {  // 20000 wraps around the corpus
    const std::string prompt = source.make_prompt(tokens, random);
    EXPECT_EQ(estimate_tokens(prompt), tokens);
    EXPECT_EQ(prompt.size(), static_cast<size_t>(tokens * 4));
  }
}

TEST(PromptSource, SameSeedSamePrompts) {
  const PromptSource source = PromptSource::built_in();
  Random first(5), second(5);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(source.make_prompt(50, first), source.make_prompt(50, second));
}

TEST(PromptSource, NeverEndsInsideAUtf8Character) {
  const std::string path = (std::filesystem::temp_directory_path() / "genai-bench-utf8.txt").string();
  {
    std::ofstream file(path);
    file << "Tiếng Việt có dấu đầy đủ: ăâđêôơư ẮẰẲẴẶ 中文字符 日本語 😀😃";
  }
  auto source = PromptSource::from_text_file(path);
  ASSERT_TRUE(source) << source.error();
  Random random(1);
  for (int i = 0; i < 500; ++i) {
    const std::string prompt = source->make_prompt(1 + i % 13, random);
    // Valid UTF-8: every lead byte has exactly its continuation bytes.
    for (size_t at = 0; at < prompt.size();) {
      const auto lead = static_cast<unsigned char>(prompt[at]);
      const size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
      ASSERT_NE(length, 0u) << "stray continuation byte at " << at << " in '" << prompt << "'";
      ASSERT_LE(at + length, prompt.size()) << "cut character at the end of '" << prompt << "'";
      for (size_t k = 1; k < length; ++k) ASSERT_EQ(static_cast<unsigned char>(prompt[at + k]) & 0xC0, 0x80);
      at += length;
    }
  }
  std::remove(path.c_str());
}

TEST(PromptSource, MissingOrEmptyFileNamesIt) {
  auto missing = PromptSource::from_text_file("/nonexistent/input.txt");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("/nonexistent/input.txt"), std::string::npos);
  const std::string path = (std::filesystem::temp_directory_path() / "genai-bench-empty.txt").string();
  { std::ofstream file(path); file << "  \n\t"; }
  auto empty = PromptSource::from_text_file(path);
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().find("no text"), std::string::npos);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace genai::workload
