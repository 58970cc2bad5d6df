// WordPiece and Unigram models and the BERT-style normalizers and pre-tokenizers, on hand-made
// tokenizer.json files whose ids are worked out by hand below (the reference test holds them to
// Hugging Face's own library on a corpus and on every code point).
#include <gtest/gtest.h>

#include <cstdio>

#include "tokenizer/tokenizer.h"

#include "support/temporary_file.h"

namespace genai::tokenizer {
namespace {

using genai::testing::write_temporary_file;

std::unique_ptr<Tokenizer> load(const std::string& json) {
  auto tokenizer = load_tokenizer(write_temporary_file("tokenizer.json", json));
  EXPECT_TRUE(tokenizer) << tokenizer.error();
  return tokenizer ? std::move(*tokenizer) : nullptr;
}

// BERT uncased: [UNK] 0, [CLS] 1, [SEP] 2, then the pieces.
const char* kBert = R"({
  "added_tokens": [{"id": 1, "content": "[CLS]", "special": true, "normalized": false},
                   {"id": 2, "content": "[SEP]", "special": true, "normalized": false}],
  "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
  "pre_tokenizer": {"type": "BertPreTokenizer"},
  "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 2], "cls": ["[CLS]", 1]},
  "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 9,
            "vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "un": 3, "##aff": 4, "##able": 5, "aff": 6, "!": 7,
                      "cafe": 8, "中": 9, "文": 10, "##a": 11, "a": 12}}
})";

TEST(WordPiece, LongestPiecesFromTheStartUnknownWordsWhole) {
  auto bert = load(kBert);
  ASSERT_TRUE(bert);
  // "UnAffable" lowercases to unaffable = un ##aff ##able; "!" is punctuation, split off.
  EXPECT_EQ(bert->encode("UnAffable!"), (std::vector<uint32_t>{3, 4, 5, 7}));
  // "unaffx": un ##aff then "x" has no ##x: the whole word is one [UNK].
  EXPECT_EQ(bert->encode("unaffx aff"), (std::vector<uint32_t>{0, 6}));
  // Longer than max_input_chars_per_word (9) characters: [UNK] without trying; 9 are pieces.
  EXPECT_EQ(bert->encode("aaaaaaaaaa aaaaaaaaa"), (std::vector<uint32_t>{0, 12, 11, 11, 11, 11, 11, 11, 11, 11}));
  // Accents stripped (strip_accents null follows lowercase), CJK ideographs split apart, the
  // control character U+0007 removed, the tab a space.
  EXPECT_EQ(bert->encode("CAFÉ\t中\a文"), (std::vector<uint32_t>{8, 9, 10}));
  // BertProcessing: [CLS] A [SEP].
  EXPECT_EQ(bert->encode_with_special_tokens("aff"), (std::vector<uint32_t>{1, 6, 2}));
  EXPECT_EQ(bert->decode({3, 4, 5, 7}), "unaffable !");
}

// The example of Hugging Face's Unigram::encode documentation: "abcdacdxx" -> abcd a cd xx, the
// unknown x x fused into one piece.
const char* kUnigram = R"({
  "normalizer": null, "pre_tokenizer": null,
  "model": {"type": "Unigram", "unk_id": 0, "byte_fallback": false,
            "vocab": [["<unk>", 0.0], ["a", 0.0], ["b", 0.0], ["c", 0.0], ["d", 0.0],
                      ["cd", 1.0], ["ab", 2.0], ["abc", 5.0], ["abcd", 10.0]]}
})";

TEST(Unigram, HighestScoringSplitUnknownRunsFused) {
  auto unigram = load(kUnigram);
  ASSERT_TRUE(unigram);
  EXPECT_EQ(unigram->encode("abcdacdxx"), (std::vector<uint32_t>{8, 1, 5, 0}));
  // abc (5) + d (0) = 5 loses to abcd (10); ab (2) + cd (1) = 3 loses too.
  EXPECT_EQ(unigram->encode("abcd"), (std::vector<uint32_t>{8}));
  EXPECT_EQ(unigram->encode("bcd"), (std::vector<uint32_t>{2, 5}));
}

TEST(Unigram, ByteFallbackSpellsUnknownRunsInBytes) {
  std::string json = R"({"normalizer": null, "pre_tokenizer": null,
    "model": {"type": "Unigram", "unk_id": 0, "byte_fallback": true, "vocab": [["<unk>", 0.0], ["a", -1.0])";
  for (int byte = 0; byte < 256; ++byte) {
    char name[32];
    std::snprintf(name, sizeof name, ", [\"<0x%02X>\", -5.0]", byte);
    json += name;
  }
  json += "]}}";
  auto unigram = load(json);
  ASSERT_TRUE(unigram);
  // "é" (C3 A9) is no piece: the unknown run becomes its bytes' tokens, at ids 2 + byte.
  EXPECT_EQ(unigram->encode("aéa"), (std::vector<uint32_t>{1, 2 + 0xC3, 2 + 0xA9, 1}));
  EXPECT_EQ(unigram->decode({1, 2 + 0xC3, 2 + 0xA9, 1}), "aéa");
}

TEST(Normalizers, LowercaseStripStripAccentsAndRegexReplace) {
  auto tokenizer = load(R"({"normalizer": {"type": "Sequence", "normalizers": [
      {"type": "Strip", "strip_left": true, "strip_right": true}, {"type": "NFD"}, {"type": "StripAccents"},
      {"type": "Lowercase"}, {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]},
    "pre_tokenizer": {"type": "WhitespaceSplit"},
    "model": {"type": "WordPiece", "unk_token": "?", "vocab": {"?": 0, "ecole": 1, "a": 2, "b": 3}}})");
  ASSERT_TRUE(tokenizer);
  EXPECT_EQ(tokenizer->encode("  ÉCOLE   a\u2003b  "), (std::vector<uint32_t>{1, 2, 3}));
}

TEST(PreTokenizers, WhitespacePunctuationDigitsAndCharDelimiter) {
  auto tokenizer = load(R"({"normalizer": null,
    "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "CharDelimiterSplit", "delimiter": "-"},
      {"type": "Whitespace"}, {"type": "Digits", "individual_digits": true}, {"type": "Punctuation", "behavior": "Isolated"}]},
    "model": {"type": "WordPiece", "unk_token": "?", "vocab": {"?": 0, "ab": 1, "1": 2, "2": 3, ".": 4, "$": 5, "c_d": 6}}})");
  ASSERT_TRUE(tokenizer);
  // "ab-12" -> ab | 12 -> 1 2; " $." is one [^\w\s]+ run, then Punctuation isolates $ and .;
  // "c_d" stays whole (_ is a word character for Whitespace, Punctuation splits it: c _ d -> ?).
  EXPECT_EQ(tokenizer->encode("ab-12 $."), (std::vector<uint32_t>{1, 2, 3, 5, 4}));
  EXPECT_EQ(tokenizer->encode("c_d"), (std::vector<uint32_t>{0, 0, 0}));
}

}  // namespace
}  // namespace genai::tokenizer
