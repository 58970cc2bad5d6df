// Prompts of exact token length, against a byte-level BPE tokenizer made in the test: all 256
// byte symbols plus merges of common English pairs, so token boundaries move when a prefix of
// tokens is decoded and encoded again, as they do with real tokenizers.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "tokenizer/byte_level.h"
#include "tokenizer/tokenizer.h"
#include "workload/prompt_source.h"

namespace genai::workload {
namespace {

std::unique_ptr<tokenizer::Tokenizer> english_bpe() {
  boost::json::object vocab;
  std::vector<std::string> symbols;
  for (int byte = 0; byte < 256; ++byte) {
    std::string symbol;
    tokenizer::append_byte_level(symbol, std::string(1, static_cast<char>(byte)));
    vocab[symbol] = byte;
    symbols.push_back(symbol);
  }
  boost::json::array merges;
  int next_id = 256;
  for (const char* pair : {"t h", "h e", "i n", "e r", "a n", "r e", "o n", "Ġ t", "Ġ a", "th e", "Ġt he", "in g",
                           "e d", "o u", "Ġ s", "Ġ w", "Ġ o", "e n", "a t", "o r"}) {
    std::string text(pair);
    const size_t space = text.find(' ');
    vocab[text.substr(0, space) + text.substr(space + 1)] = next_id++;
    merges.emplace_back(text);
  }
  boost::json::object model{{"type", "BPE"}, {"vocab", vocab}, {"merges", merges}, {"ignore_merges", false}};
  boost::json::object root{{"normalizer", nullptr},
                           {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}},
                           {"model", model}};
  const auto path = std::filesystem::temp_directory_path() / "english-bpe-tokenizer.json";
  std::ofstream(path) << boost::json::serialize(root);
  auto loaded = tokenizer::load_tokenizer(path.string());
  EXPECT_TRUE(loaded) << loaded.error();
  return std::move(*loaded);
}

TEST(ExactPrompt, EveryLengthIsExactWhenReEncoded) {
  const auto tokenizer = english_bpe();
  const PromptSource source = PromptSource::built_in();
  Random random(11);
  for (int64_t wanted : {1, 2, 3, 7, 16, 100, 128, 511, 2048}) {
    for (int repeat = 0; repeat < 5; ++repeat) {
      int64_t actual = -1;
      const std::string prompt = source.make_exact_prompt(wanted, random, *tokenizer, actual);
      EXPECT_EQ(actual, wanted) << "'" << prompt << "'";
      EXPECT_EQ(static_cast<int64_t>(tokenizer->count(prompt)), wanted) << "'" << prompt << "'";
    }
  }
}

}  // namespace
}  // namespace genai::workload
