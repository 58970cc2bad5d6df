// SentencePiece's precompiled_charsmap on a double-array trie built by hand, with the outputs
// worked out by hand (the reference test holds a real nmt_nfkc charsmap to Hugging Face's library
// on a corpus and on every code point), and hostile charsmaps refused or harmless.
#include "tokenizer/precompiled_charsmap.h"

#include <gtest/gtest.h>

#include "common/base64.h"
#include "tokenizer/tokenizer.h"

#include "support/temporary_file.h"

namespace genai::tokenizer {
namespace {

// Darts-clone units: an inner node has its label in bits 0-7, "has a value" in bit 8 and the xor
// offset to its children in bits 10-31; a value unit has bit 31 set. The children of the node at
// position p with offset o sit at p ^ o ^ label, its value unit at p ^ o.
uint32_t inner(uint32_t label, uint32_t offset, bool has_value = false) { return offset << 10 | uint32_t{has_value} << 8 | label; }
uint32_t value(uint32_t replacement_at) { return 0x80000000u | replacement_at; }

std::string charsmap_bytes(const std::vector<uint32_t>& units, std::string_view replacements, uint32_t trie_size_bytes) {
  std::string bytes;
  auto put = [&](uint32_t n) { for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>(n >> (8 * i) & 0xFF)); };
  put(trie_size_bytes);
  for (uint32_t unit : units) put(unit);
  return bytes.append(replacements);
}
std::string charsmap_bytes(const std::vector<uint32_t>& units, std::string_view replacements) {
  return charsmap_bytes(units, replacements, static_cast<uint32_t>(4 * units.size()));
}

// "\r" -> " ", "Ａ" (EF BC A1) -> "A", "ﬁ" (EF AC 81) -> "fi". Replacements "A\0fi\0 \0": "A" at
// 0, "fi" at 2, " " at 5. 256 units, as Darts-clone allocates them, so any byte's lookup stays
// inside the array (Hugging Face reads it unchecked).
std::string hand_built_charsmap() {
  std::vector<uint32_t> units(256, 0);
  units[0] = inner(0, 0xEE);                 // root: children at 0xEE ^ label
  units[0xEE ^ 0x0D] = inner(0x0D, 0xE3 ^ 7, true);  // "\r" at 0xE3, its value at 7
  units[7] = value(5);
  units[0xEE ^ 0xEF] = inner(0xEF, 1 ^ 0xBE);  // EF at 1, children at 0xBE ^ label
  units[0xBE ^ 0xBC] = inner(0xBC, 2 ^ 0xA2);  // EF BC at 2, children at 0xA2 ^ label
  units[0xA2 ^ 0xA1] = inner(0xA1, 3 ^ 4, true);  // EF BC A1 at 3, its value at 4
  units[4] = value(0);
  units[0xBE ^ 0xAC] = inner(0xAC, 0x12 ^ 0x84);  // EF AC at 0x12, children at 0x84 ^ label
  units[0x84 ^ 0x81] = inner(0x81, 5 ^ 6, true);  // EF AC 81 at 5, its value at 6
  units[6] = value(2);
  return charsmap_bytes(units, std::string("A\0fi\0 \0", 7));
}

PrecompiledCharsmap parsed(std::string_view bytes) {
  auto charsmap = PrecompiledCharsmap::parse(bytes);
  EXPECT_TRUE(charsmap) << charsmap.error();
  return charsmap ? std::move(*charsmap) : PrecompiledCharsmap{};
}

TEST(PrecompiledCharsmap, FindsTheShortestKeyPrefixingTheText) {
  const PrecompiledCharsmap charsmap = parsed(hand_built_charsmap());
  EXPECT_EQ(charsmap.transform("Ａ"), "A");
  EXPECT_EQ(charsmap.transform("ﬁx"), "fi");
  EXPECT_EQ(charsmap.transform("\r\n"), " ");
  EXPECT_EQ(charsmap.transform("x"), std::nullopt);
  EXPECT_EQ(charsmap.transform("\xEF\xBC"), std::nullopt);  // a key's start, no value
  EXPECT_EQ(charsmap.transform(""), std::nullopt);
  EXPECT_EQ(charsmap.transform(std::string_view("\0Ａ", 4)), std::nullopt);  // the search stops at NUL
}

TEST(PrecompiledCharsmap, RewritesGraphemesThenCharactersAsHuggingFaceDoes) {
  const PrecompiledCharsmap charsmap = parsed(hand_built_charsmap());
  EXPECT_EQ(charsmap.apply("Ａﬁ x héllo"), "Afi x héllo");
  // CR LF is one grapheme of 2 bytes: the rule of its prefix "\r" replaces it whole, LF dropped.
  EXPECT_EQ(charsmap.apply("a\r\nb"), "a b");
  EXPECT_EQ(charsmap.apply("\r\r"), "  ");  // two graphemes
  // "Ａ" + U+0301 is one grapheme of 5 bytes: replaced whole by "A" (the accent dropped); with
  // two accents it is 7 bytes, rewritten character by character.
  EXPECT_EQ(charsmap.apply("Ａ\u0301"), "A");
  EXPECT_EQ(charsmap.apply("Ａ\u0301\u0301"), "A\u0301\u0301");
  EXPECT_EQ(charsmap.apply("xﬁ\u0301"), "xfi");
  EXPECT_EQ(charsmap.apply(""), "");
}

TEST(PrecompiledCharsmap, EmptyMeansNoRules) {
  const PrecompiledCharsmap charsmap = parsed("");
  EXPECT_EQ(charsmap.apply("Ａ\r\n"), "Ａ\r\n");
  EXPECT_EQ(parsed(std::string(4, '\0')).apply("Ａ"), "Ａ");  // a trie of no units
}

TEST(PrecompiledCharsmap, MalformedCharsmapsAreRefused) {
  EXPECT_NE(PrecompiledCharsmap::parse(std::string_view("\x08\x00", 2)).error().find("cut short"), std::string::npos);
  // 16 bytes of trie announced, 8 there.
  EXPECT_NE(PrecompiledCharsmap::parse(charsmap_bytes({1, 2}, "", 16)).error().find("runs past the end"), std::string::npos);
  EXPECT_NE(PrecompiledCharsmap::parse(charsmap_bytes({inner(0, 1)}, "\xFF")).error().find("not valid UTF-8"), std::string::npos);
  // A size that is not a multiple of 4: as spm_precompiled reads it, 1 unit, the rest replacements.
  const auto odd = PrecompiledCharsmap::parse(charsmap_bytes({0}, "A", 5));
  EXPECT_TRUE(odd) << odd.error();
}

// "a" -> the replacement at `at`, in a 3-unit trie: a lookup of any other byte lands out of range.
std::string one_key_charsmap(uint32_t at, std::string_view replacements) {
  return charsmap_bytes({inner(0, 0x60), inner('a', 1 ^ 2, true), value(at)}, replacements);  // "a" at 0x60 ^ 0x61 = 1
}

TEST(PrecompiledCharsmap, OutOfRangeTriesAndValuesFindNothing) {
  EXPECT_EQ(parsed(one_key_charsmap(0, std::string("A\0", 2))).apply("xay"), "xAy");
  EXPECT_EQ(parsed(one_key_charsmap(2, std::string("A\0", 2))).apply("xay"), "xy");  // at the end: ""
  EXPECT_EQ(parsed(one_key_charsmap(3, std::string("A\0", 2))).apply("xay"), "xay");  // past the end
  EXPECT_EQ(parsed(one_key_charsmap(1, "é")).apply("xay"), "xay");                     // inside a character
  EXPECT_EQ(parsed(one_key_charsmap(0x7FFFFFFF, "")).apply("a"), "a");
  // The root's children far past a one-unit trie; a value unit past the end.
  EXPECT_EQ(parsed(charsmap_bytes({inner(0, 0x100)}, "")).apply("abc Ａ"), "abc Ａ");
  EXPECT_EQ(parsed(charsmap_bytes({inner(0, 0x60), inner('a', 1 ^ 9, true)}, "")).apply("a"), "a");
  // Offsets scaled by 256 (bit 9) to the top of the range.
  EXPECT_EQ(parsed(charsmap_bytes({0xFFFFFE00u, 0xFFFFFFFFu}, "")).apply("aé"), "aé");
}

std::string unigram_json(std::string_view charsmap_base64) {
  return R"({"normalizer": {"type": "Sequence", "normalizers": [{"type": "Precompiled", "precompiled_charsmap": ")" +
         std::string(charsmap_base64) + R"("}, {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]},
  "pre_tokenizer": null,
  "model": {"type": "Unigram", "unk_id": 0, "byte_fallback": false,
            "vocab": [["<unk>", 0.0], ["A", -1.0], ["fi", -1.0], ["Afi", -0.5], [" ", -1.0]]}})";
}

TEST(PrecompiledCharsmap, InTokenizerJson) {
  auto tokenizer = load_tokenizer(testing::write_temporary_file("tokenizer.json", unigram_json(base64_encode(hand_built_charsmap()))));
  ASSERT_TRUE(tokenizer) << tokenizer.error();
  // "Ａﬁ" -> "Afi"; "\r\r\r" -> three spaces -> one (the Replace after it).
  EXPECT_EQ((*tokenizer)->encode("Ａﬁ\r\r\rA"), (std::vector<uint32_t>{3, 4, 1}));
  EXPECT_EQ((*tokenizer)->decode({3, 4, 1}), "Afi A");  // decoding leaves the rewrites

  for (const auto& [charsmap, expected] : std::vector<std::pair<std::string, std::string>>{
           {"not base64!", "$.normalizer.normalizers[0].precompiled_charsmap: not valid base64"},
           {base64_encode(std::string("\x08\x00\x00\x00\x01\x00\x00\x00", 8)), "$.normalizer.normalizers[0].precompiled_charsmap: the trie"},
           {base64_encode("\x01"), "$.normalizer.normalizers[0].precompiled_charsmap: the charsmap is cut short"}}) {
    auto refused = load_tokenizer(testing::write_temporary_file("tokenizer.json", unigram_json(charsmap)));
    ASSERT_FALSE(refused) << charsmap;
    EXPECT_NE(refused.error().find(expected), std::string::npos) << refused.error();
  }
  auto empty = load_tokenizer(testing::write_temporary_file("tokenizer.json", unigram_json("")));
  ASSERT_TRUE(empty) << empty.error();
  EXPECT_EQ((*empty)->encode("Afi"), (std::vector<uint32_t>{3}));
}

}  // namespace
}  // namespace genai::tokenizer
