#include "tokenizer/regex_splitter.h"

#include <gtest/gtest.h>

namespace genai::tokenizer {
namespace {

// Each maximal ill-formed subpart is one U+FFFD, as Python's errors="replace" and JavaScript's
// TextDecoder write it (Unicode 15, section 3.9); the expected strings follow that table.
TEST(ValidUtf8, OneReplacementPerMaximalSubpart) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(valid_utf8("caf\xC3 end"), "caf" + fffd + " end");                      // truncated 2-byte
  EXPECT_EQ(valid_utf8("\xE2\x82" "A"), fffd + "A");                                 // truncated 3-byte: one
  EXPECT_EQ(valid_utf8("\xF0\x9F\x98 x"), fffd + " x");                              // truncated 4-byte: one
  EXPECT_EQ(valid_utf8("\x80\xBF"), fffd + fffd);                                    // stray continuations
  EXPECT_EQ(valid_utf8("\xC0\xAF"), fffd + fffd);                                    // C0 never starts one
  EXPECT_EQ(valid_utf8("\xE0\x80\xAF"), fffd + fffd + fffd);                         // overlong: E0 needs A0-BF
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), fffd + fffd + fffd);                         // surrogate: ED needs 80-9F
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);              // past U+10FFFF
  EXPECT_EQ(valid_utf8("\xE2\x82\xAC \xF0\x9F\x98\x80"), "\xE2\x82\xAC \xF0\x9F\x98\x80");  // valid stays
  EXPECT_EQ(valid_utf8("\xE2"), fffd);                                               // cut at the end
}

TEST(RegexSplitter, ScriptNamesMeanTheScriptPropertyAsTheReferencesRead) {
  EXPECT_EQ(with_script_only_properties(R"(\p{Han}+|\P{Latin}|[\p{L}\p{N}]|\p{^Greek}|\p{Lu}|\\p{Han})"),
            R"(\p{sc:Han}+|\P{sc:Latin}|[\p{L}\p{N}]|\p{^sc:Greek}|\p{Lu}|\\p{Han})");
  auto han = RegexSplitter::compile(R"(\p{Han}+)");
  ASSERT_TRUE(han) << han.error();
  // "。" (U+3002) is Common, with Han only in its Script_Extensions: not matched.
  const auto pieces = han->split("烤鸭。x");
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0], "烤鸭");
  EXPECT_EQ(pieces[1], "。x");
}

}  // namespace
}  // namespace genai::tokenizer
