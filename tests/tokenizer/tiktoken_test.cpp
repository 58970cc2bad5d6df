#include <gtest/gtest.h>

#include <map>

#include "tokenizer/byte_pair_merge.h"
#include "tokenizer/tokenizer.h"

#include "support/temporary_file.h"

namespace genai::tokenizer {
namespace {

using genai::testing::write_temporary_file;

// A tiny byte-level table: every byte is its own rank, then a few merges in rank order.
std::map<std::string, uint32_t, std::less<>> tiny_table() {
  std::map<std::string, uint32_t, std::less<>> table;
  for (int byte = 0; byte < 256; ++byte) table[std::string(1, static_cast<char>(byte))] = static_cast<uint32_t>(byte);
  table["ab"] = 256;
  table["bc"] = 257;
  table["abc"] = 258;
  table["cd"] = 259;
  table["abcd"] = 300;
  table["xyz"] = 301;  // no "xy" or "yz": reachable only as a whole piece, never by merging
  return table;
}

std::vector<uint32_t> encode_piece(std::string_view piece) {
  static const auto table = tiny_table();
  std::vector<uint32_t> ids;
  byte_pair_encode(piece, [](std::string_view bytes) -> std::optional<uint32_t> {
    auto found = table.find(bytes);
    if (found == table.end()) return std::nullopt;
    return found->second;
  }, ids);
  return ids;
}

TEST(BytePairMerge, LowestRankedPairMergesFirst) {
  // "abcd" is itself a token: taken whole.
  EXPECT_EQ(encode_piece("abcd"), (std::vector<uint32_t>{300}));
  // "abcdx": pairs ab(256) bc(257) cd(259) dx(-): ab merges; then abc(258) beats cd(259); then
  // abc+d is "abcd" (300); abcd+x has no rank: abcd, x.
  EXPECT_EQ(encode_piece("abcdx"), (std::vector<uint32_t>{300, 'x'}));
  // "xyz" is a token, but inside "xyzq" no pair of its bytes is: x, y, z, q.
  EXPECT_EQ(encode_piece("xyz"), (std::vector<uint32_t>{301}));
  EXPECT_EQ(encode_piece("xyzq"), (std::vector<uint32_t>{'x', 'y', 'z', 'q'}));
  // "bcd": bc(257) before cd(259).
  EXPECT_EQ(encode_piece("bcd"), (std::vector<uint32_t>{257, 'd'}));
  EXPECT_EQ(encode_piece("zz"), (std::vector<uint32_t>{'z', 'z'}));
  EXPECT_EQ(encode_piece("q"), (std::vector<uint32_t>{'q'}));
  EXPECT_TRUE(encode_piece("").empty());
}

// A rank file with base64 tokens: every byte, then "he" (aGU=), "ll" (bGw=), "hell" (aGVsbA==).
std::string tiny_rank_file() {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string text;
  for (int byte = 0; byte < 256; ++byte) {
    const unsigned value = static_cast<unsigned>(byte);
    text += std::string{alphabet[value >> 2], alphabet[(value & 3) << 4]} + "== " + std::to_string(byte) + "\n";
  }
  text += "aGU= 256\nbGw= 257\naGVsbA== 258\n";
  return text;
}

TEST(Tiktoken, LoadsARankFileEncodesAndDecodes) {
  const std::string path = write_temporary_file("tiny_cl100k_base.tiktoken", tiny_rank_file());
  auto tokenizer = load_tokenizer(path);
  ASSERT_TRUE(tokenizer) << tokenizer.error();
  // cl100k's pattern splits "hello world" into "hello" and " world"; "hello" -> he+ll -> hell + o.
  const auto ids = (*tokenizer)->encode("hello world");
  EXPECT_EQ(ids, (std::vector<uint32_t>{258, 'o', ' ', 'w', 'o', 'r', 'l', 'd'}));
  EXPECT_EQ((*tokenizer)->decode(ids), "hello world");
  EXPECT_EQ((*tokenizer)->count("hello world"), 8u);
  // tiktoken has no post-processor: no special tokens to add.
  EXPECT_EQ((*tokenizer)->encode_with_special_tokens("hello world"), ids);
  // Invalid UTF-8 is read as U+FFFD (EF BF BD), three byte tokens here.
  EXPECT_EQ((*tokenizer)->encode("\xFF"), (std::vector<uint32_t>{0xEF, 0xBF, 0xBD}));
}

TEST(Tiktoken, BadFilesAreOneLineNamingFileAndLine) {
  const std::string bad_base64 = write_temporary_file("bad_cl100k_base.tiktoken", "aGU= 1\n!!!! 2\n");
  auto first = load_tokenizer(bad_base64);
  ASSERT_FALSE(first);
  EXPECT_NE(first.error().find("bad_cl100k_base.tiktoken:2"), std::string::npos) << first.error();
  const std::string bad_rank = write_temporary_file("rank_cl100k_base.tiktoken", "aGU= one\n");
  auto second = load_tokenizer(bad_rank);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().find(":1: the rank is not a number"), std::string::npos) << second.error();
  // Found by fuzzing: -1 was read as 2^32 - 1 and wrapped the table's size; 3e9 asked for 96 GB;
  // a token of padding alone decoded to a negative length.
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {"YQ== -1\n", ":1: the rank is not a number"},
           {"YQ== 3000000000\n", ":1: rank 3000000000 is larger than any vocabulary's"},
           {"==== 6\n", ":1: the token is not valid base64"},
           {"YQ== 1 \n", ":1: the rank is not a number"}}) {
    auto refused = load_tokenizer(write_temporary_file("fuzzed_cl100k_base.tiktoken", text));
    ASSERT_FALSE(refused) << text;
    EXPECT_NE(refused.error().find(expected), std::string::npos) << refused.error();
  }
  auto unknown = load_tokenizer(write_temporary_file("mystery.tiktoken", "aGU= 1\n"));
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("cannot tell the format"), std::string::npos);
  auto missing = load_tokenizer("/nonexistent/cl100k_base.tiktoken");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace genai::tokenizer
