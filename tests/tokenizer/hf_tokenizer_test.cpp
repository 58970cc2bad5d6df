#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tokenizer/byte_level.h"
#include "tokenizer/tokenizer.h"

namespace genai::tokenizer {
namespace {

std::string write_json(const std::string& name, const std::string& json) {
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path) << json;
  return path;
}

// A byte-level BPE over a tiny alphabet: "h","e","l","o","Ġ" (space) and merges he, ll, hell,
// Ġw... written by hand, so the expected ids are known without any reference library.
const char* kTinyTokenizer = R"({
  "added_tokens": [{"id": 100, "content": "<|end|>", "single_word": false, "lstrip": false, "rstrip": false,
                    "normalized": false, "special": true}],
  "normalizer": null,
  "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
  "model": {"type": "BPE", "ignore_merges": false,
            "vocab": {"h": 0, "e": 1, "l": 2, "o": 3, "Ġ": 4, "he": 5, "ll": 6, "hell": 7, "hello": 8, "Ġh": 9},
            "merges": ["h e", "l l", ["he", "ll"], "hell o", "Ġ h"]}
})";

TEST(HfTokenizer, ByteLevelBpeWithMergesAndAddedTokens) {
  auto tokenizer = load_tokenizer(write_json("tiny-tokenizer.json", kTinyTokenizer));
  ASSERT_TRUE(tokenizer) << tokenizer.error();
  // "<|end|>" is taken out first; GPT-2's pattern splits the rest into "hello", " hello", " hell".
  // "hello" is in the vocabulary but ignore_merges is off, so it is merged: h e (rank 0), l l (1),
  // he ll (2), hell o (3) -> hello (8). " hello" starts Ġ h e l l o: "Ġ h" has rank 4, but "h e"
  // (0) merges first and takes the h, then as before -> Ġ (4), hello (8). " hell" -> Ġ (4), hell (7).
  const auto ids = (*tokenizer)->encode("hello hello<|end|> hell");
  EXPECT_EQ(ids, (std::vector<uint32_t>{8, 4, 8, 100, 4, 7}));
  EXPECT_EQ((*tokenizer)->decode(ids), "hello hello<|end|> hell");
  // " h" alone: Ġ h merges (rank 4) -> Ġh (9).
  EXPECT_EQ((*tokenizer)->encode(" h"), (std::vector<uint32_t>{9}));
}

TEST(HfTokenizer, ByteLevelAlphabetRoundTrips) {
  std::string all_bytes;
  for (int byte = 0; byte < 256; ++byte) all_bytes.push_back(static_cast<char>(byte));
  std::string mapped;
  append_byte_level(mapped, all_bytes);
  EXPECT_EQ(from_byte_level(mapped), all_bytes);
  std::string space;
  append_byte_level(space, " \n");
  EXPECT_EQ(space, "Ġ\xC4\x8A");  // GPT-2's Ġ (U+0120) and Ċ (U+010A)
}

TEST(HfTokenizer, UnsupportedPartsAreRefusedWithTheirJsonPath) {
  struct Case {
    const char* json;
    const char* expected;
  };
  const Case cases[] = {
      {R"({"normalizer": {"type": "Lowercase"}, "pre_tokenizer": {"type": "ByteLevel"},
           "model": {"type": "BPE", "vocab": {}, "merges": []}})", "$.normalizer.type: 'Lowercase'"},
      {R"({"normalizer": null, "pre_tokenizer": {"type": "ByteLevel"}, "model": {"type": "Unigram", "vocab": []}})",
       "$.model.type: 'Unigram'"},
      {R"({"normalizer": null, "pre_tokenizer": {"type": "Metaspace"}, "model": {"type": "BPE", "vocab": {}, "merges": []}})",
       "$.pre_tokenizer.type: 'Metaspace'"},
      {R"({"normalizer": null, "pre_tokenizer": null, "model": {"type": "BPE", "vocab": {}, "merges": []}})",
       "$.pre_tokenizer: null is supported only with byte_fallback"},
      {R"({"normalizer": {"type": "Replace", "pattern": {"Regex": " +"}, "content": "x"}, "pre_tokenizer": null,
           "model": {"type": "BPE", "byte_fallback": true, "vocab": {}, "merges": []}})", "$.normalizer.pattern"},
      {R"({"added_tokens": [{"id": 1, "content": "x", "lstrip": true}], "normalizer": null,
           "pre_tokenizer": {"type": "ByteLevel"}, "model": {"type": "BPE", "vocab": {}, "merges": []}})",
       "$.added_tokens[0].lstrip"},
      {R"({"normalizer": null, "pre_tokenizer": {"type": "ByteLevel"}, "model": {"type": "BPE", "vocab": {}, "merges": [1]}})",
       "$.model.merges[0]"},
      {"{not json", "cannot read"},
  };
  for (const Case& c : cases) {
    auto tokenizer = load_tokenizer(write_json("bad-tokenizer.json", c.json));
    ASSERT_FALSE(tokenizer) << c.json;
    EXPECT_NE(tokenizer.error().find(c.expected), std::string::npos) << tokenizer.error();
    EXPECT_NE(tokenizer.error().find("bad-tokenizer.json"), std::string::npos) << tokenizer.error();
  }
}

TEST(HfTokenizer, AFolderHoldingTokenizerJsonLoadsToo) {
  const auto folder = std::filesystem::temp_directory_path() / "genai-bench-model-folder";
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "tokenizer.json") << kTinyTokenizer;
  auto tokenizer = load_tokenizer(folder.string());
  ASSERT_TRUE(tokenizer) << tokenizer.error();
  EXPECT_EQ((*tokenizer)->count("hello"), 1u);
}

}  // namespace
}  // namespace genai::tokenizer
