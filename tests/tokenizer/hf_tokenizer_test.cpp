#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tokenizer/byte_level.h"
#include "tokenizer/tokenizer.h"

#include "support/temporary_file.h"

namespace genai::tokenizer {
namespace {

using genai::testing::write_temporary_file;

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
  auto tokenizer = load_tokenizer(write_temporary_file("tiny-tokenizer.json", kTinyTokenizer));
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
      {R"({"normalizer": {"type": "Nmt"}, "pre_tokenizer": {"type": "ByteLevel"},
           "model": {"type": "BPE", "vocab": {}, "merges": []}})", "$.normalizer.type: 'Nmt'"},
      {R"({"normalizer": null, "pre_tokenizer": {"type": "ByteLevel"}, "model": {"type": "WordLevel", "vocab": {}}})",
       "$.model.type: 'WordLevel' is not supported yet (supported: BPE, WordPiece, Unigram)"},
      {R"({"normalizer": null, "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "UnicodeScripts"}]},
           "model": {"type": "BPE", "vocab": {}, "merges": []}})", "$.pre_tokenizer.pretokenizers[0].type: 'UnicodeScripts'"},
      {R"({"normalizer": null, "pre_tokenizer": {"type": "CharDelimiterSplit", "delimiter": "ab"},
           "model": {"type": "BPE", "vocab": {}, "merges": []}})", "$.pre_tokenizer.delimiter: expected one character"},
      {R"({"normalizer": null, "pre_tokenizer": null, "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"a": 0}}})",
       "$.model.unk_token: '[UNK]' is not in the vocabulary"},
      {R"({"normalizer": null, "pre_tokenizer": null, "model": {"type": "Unigram", "unk_id": null, "vocab": [["a", -1.0]]}})",
       "$.model.unk_id: expected the unknown token's id"},
      {R"({"normalizer": null, "pre_tokenizer": null, "model": {"type": "Unigram", "unk_id": 0, "vocab": [["a", -1.0], ["b"]]}})",
       "$.model.vocab[1]: expected [token, score]"},
      {R"({"normalizer": null, "pre_tokenizer": null, "model": {"type": "Unigram", "unk_id": 5, "vocab": [["a", -1.0]]}})",
       "$.model.unk_id: 5 is not in the vocabulary"},
      {R"({"normalizer": null, "model": {"type": "BPE", "vocab": {}, "merges": []}})", "$.pre_tokenizer: missing"},
      {R"({"normalizer": null, "pre_tokenizer": {"type": "Split", "pattern": {"Regex": "a"}, "behavior": "Sideways"},
           "model": {"type": "BPE", "vocab": {}, "merges": []}})", "$.pre_tokenizer.behavior: 'Sideways'"},
      {R"({"normalizer": null, "pre_tokenizer": {"type": "Split", "pattern": {"Regex": "(unclosed"}, "behavior": "Isolated"},
           "model": {"type": "BPE", "vocab": {}, "merges": []}})", "$.pre_tokenizer.pattern: pattern does not compile"},
      {R"({"normalizer": null, "pre_tokenizer": null, "model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a a"]}})",
       "$.model.merges[0]: 'aa' is not in the vocabulary"},
      {R"({"normalizer": {"type": "Replace", "pattern": {"Regex": "(unclosed"}, "content": "x"}, "pre_tokenizer": null,
           "model": {"type": "BPE", "byte_fallback": true, "vocab": {}, "merges": []}})", "$.normalizer.pattern: pattern does not compile"},
      {R"({"added_tokens": [{"id": 1, "content": "x", "lstrip": true}], "normalizer": null,
           "pre_tokenizer": {"type": "ByteLevel"}, "model": {"type": "BPE", "vocab": {}, "merges": []}})",
       "$.added_tokens[0].lstrip"},
      {R"({"normalizer": null, "pre_tokenizer": {"type": "ByteLevel"}, "model": {"type": "BPE", "vocab": {}, "merges": [1]}})",
       "$.model.merges[0]"},
      {"{not json", "cannot read"},
      // Found by fuzzing: ids near 2^32 sized tables of 64 GB.
      {R"({"normalizer": null, "pre_tokenizer": null, "model": {"type": "BPE", "vocab": {"a": 4294967294}, "merges": []}})",
       "$.model.vocab['a']: id 4294967294 is larger than any vocabulary's"},
      {R"({"added_tokens": [{"id": 4294967294, "content": "x"}], "normalizer": null, "pre_tokenizer": null,
           "model": {"type": "BPE", "vocab": {}, "merges": []}})", "$.added_tokens[0].id: 4294967294 is larger"},
  };
  for (const Case& c : cases) {
    auto tokenizer = load_tokenizer(write_temporary_file("bad-tokenizer.json", c.json));
    ASSERT_FALSE(tokenizer) << c.json;
    EXPECT_NE(tokenizer.error().find(c.expected), std::string::npos) << tokenizer.error();
    EXPECT_NE(tokenizer.error().find("bad-tokenizer.json"), std::string::npos) << tokenizer.error();
  }
}

// Found by fuzzing: a vocabulary entry shaped like a byte token but not hex threw from decode.
TEST(HfTokenizer, AByteTokenThatIsNotHexDecodesAsItsText) {
  auto tokenizer = load_tokenizer(write_temporary_file("not-hex.json", R"({"normalizer": null, "pre_tokenizer": null,
      "model": {"type": "BPE", "byte_fallback": true, "vocab": {"<0xZZ>": 0, "<0x41>": 1}, "merges": []}})"));
  ASSERT_TRUE(tokenizer) << tokenizer.error();
  EXPECT_EQ((*tokenizer)->decode({0, 1}), "<0xZZ>A");
}

// SentencePiece style, as current Llama 2 and Mistral files write it: no normalizer, a Metaspace
// pre-tokenizer, byte fallback. Ids worked out by hand from the vocabulary below.
const char* kMetaspaceTokenizer = R"({
  "added_tokens": [{"id": 1, "content": "<s>", "normalized": false, "special": true}],
  "normalizer": null,
  "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": false},
  "model": {"type": "BPE", "byte_fallback": true, "fuse_unk": true, "unk_token": "<unk>",
            "vocab": {"<unk>": 0, "<s>": 1, "▁": 2, "h": 3, "i": 4, "▁h": 5, "▁hi": 6, "<0xC3>": 7, "<0xA9>": 8},
            "merges": [["▁", "h"], ["▁h", "i"]]}
})";

TEST(HfTokenizer, MetaspacePrependsOnlyAtTheStartAndFallsBackToBytes) {
  auto tokenizer = load_tokenizer(write_temporary_file("metaspace-tokenizer.json", kMetaspaceTokenizer));
  ASSERT_TRUE(tokenizer) << tokenizer.error();
  // "hi hi": "▁hi▁hi" -> ▁hi ▁hi. After <s> the piece does not start the text: no "▁" prepended.
  EXPECT_EQ((*tokenizer)->encode("hi hi"), (std::vector<uint32_t>{6, 6}));
  EXPECT_EQ((*tokenizer)->encode("<s>hi"), (std::vector<uint32_t>{1, 3, 4}));
  // "é" is not in the vocabulary: its two bytes as <0xC3> <0xA9>; "x" has no byte token: <unk>,
  // and two unknown characters in a row fuse into one <unk>.
  EXPECT_EQ((*tokenizer)->encode("hé"), (std::vector<uint32_t>{5, 7, 8}));
  EXPECT_EQ((*tokenizer)->encode("hixy"), (std::vector<uint32_t>{6, 0}));
  EXPECT_EQ((*tokenizer)->decode({6, 6}), "hi hi");
  EXPECT_EQ((*tokenizer)->decode({5, 7, 8}), "hé");
}

// Split's delimiter behaviors on "a1b22c", splitting on digits, then one word per piece; the
// vocabulary holds every piece the behaviors can make, so each piece's id shows where it was cut.
TEST(HfTokenizer, SplitBehaviorsCutAsHuggingFaceDoes) {
  struct Case {
    const char* behavior;
    bool invert;
    std::vector<uint32_t> expected;
  };
  const Case cases[] = {
      {"Isolated", false, {0, 1, 2, 3, 4}},       // a 1 b 22 c
      {"Removed", false, {0, 2, 4}},              // a b c
      {"MergedWithPrevious", false, {5, 6, 4}},   // a1 b22 c
      {"MergedWithNext", false, {0, 7, 8}},       // a 1b 22c
      {"Contiguous", false, {0, 1, 2, 3, 4}},     // a 1 b 22 c: one digit run is already one match
      {"Removed", true, {1, 3}},                  // with invert, the letters are the delimiters
  };
  for (const Case& c : cases) {
    const std::string json = std::string(R"({"normalizer": null, "pre_tokenizer": {"type": "Split",
        "pattern": {"Regex": "[0-9]+"}, "behavior": ")") + c.behavior + R"(", "invert": )" + (c.invert ? "true" : "false") + R"(},
        "model": {"type": "BPE", "ignore_merges": true, "vocab": {"a": 0, "1": 1, "b": 2, "22": 3, "c": 4, "a1": 5,
                  "b22": 6, "1b": 7, "22c": 8, "2": 9}, "merges": []}})";
    auto tokenizer = load_tokenizer(write_temporary_file("split-tokenizer.json", json));
    ASSERT_TRUE(tokenizer) << tokenizer.error();
    EXPECT_EQ((*tokenizer)->encode("a1b22c"), c.expected) << c.behavior << (c.invert ? " inverted" : "");
  }
}

// Words longer than the scanning merge's limit take the heap; both must give the same merges.
TEST(HfTokenizer, LongWordsMergeLikeShortOnes) {
  auto tokenizer = load_tokenizer(write_temporary_file("repeat-tokenizer.json", R"({"normalizer": null, "pre_tokenizer": null,
      "model": {"type": "BPE", "vocab": {"a": 0, "aa": 1, "aaaa": 2, "b": 3, "ab": 4},
                "merges": ["a a", "aa aa", "a b"]}})"));
  ASSERT_TRUE(tokenizer) << tokenizer.error();
  for (size_t length : {6u, 40u, 47u, 48u, 49u, 101u, 1000u}) {
    // Leftmost pairs first: a run of n "a" becomes n/4 "aaaa", then "aa" and "a" for the rest.
    std::vector<uint32_t> expected(length / 4, 2);
    if (length % 4 >= 2) expected.push_back(1);
    if (length % 2 == 1) expected.push_back(0);
    EXPECT_EQ((*tokenizer)->encode(std::string(length, 'a')), expected) << length;
  }
  // "ab" (rank 2) loses to "a a" (rank 0) on its left: "aab" -> aa b.
  EXPECT_EQ((*tokenizer)->encode("aab"), (std::vector<uint32_t>{1, 3}));
  // 61 "a" and a "b": thirty "aa" first (rank 0), then fifteen "aaaa" (rank 1), then "ab" (rank 2).
  std::vector<uint32_t> expected(15, 2);
  expected.push_back(4);
  EXPECT_EQ((*tokenizer)->encode(std::string(61, 'a') + "b"), expected);
}

TEST(HfTokenizer, AddedTokensMatchLeftmostThenLongest) {
  auto tokenizer = load_tokenizer(write_temporary_file("added-tokenizer.json", R"({
      "added_tokens": [{"id": 10, "content": "<a>", "normalized": false, "special": true},
                       {"id": 11, "content": "<a><b>", "normalized": false, "special": false},
                       {"id": 12, "content": "b>", "normalized": false, "special": false},
                       {"id": 13, "content": "X", "normalized": true, "special": false}],
      "normalizer": {"type": "Replace", "pattern": {"String": "y"}, "content": "X"}, "pre_tokenizer": null,
      "model": {"type": "BPE", "vocab": {"<": 0, "a": 1, ">": 2, "b": 3, "y": 4}, "merges": []}})"));
  ASSERT_TRUE(tokenizer) << tokenizer.error();
  // "<a><b>" beats "<a>" at the same start; in "<a>b>" the leftmost match "<a>" wins, then "b>".
  // A "normalized" token is found after normalizing: y -> X.
  EXPECT_EQ((*tokenizer)->encode("<a><b>"), (std::vector<uint32_t>{11}));
  EXPECT_EQ((*tokenizer)->encode("<a>b>"), (std::vector<uint32_t>{10, 12}));
  EXPECT_EQ((*tokenizer)->encode("ay<"), (std::vector<uint32_t>{1, 13, 0}));
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
