#include "load/conversation.h"

#include <gtest/gtest.h>

namespace genai::load {
namespace {

TEST(Conversation, EachTurnCarriesTheHistoryWithTheRealAnswers) {
  Conversation conversation;
  EXPECT_EQ(conversation.messages_with("hi"), R"([{"role":"user","content":"hi"}])");
  EXPECT_EQ(conversation.text_with("hi"), "hi");
  conversation.add_turn("hi", "hello \"there\"");
  EXPECT_EQ(conversation.messages_with("and?"),
            R"([{"role":"user","content":"hi"},{"role":"assistant","content":"hello \"there\""},)"
            R"({"role":"user","content":"and?"}])");
  EXPECT_EQ(conversation.text_with("and?"), "hi\nhello \"there\"\nand?");
  conversation.clear();
  EXPECT_EQ(conversation.text_with("x"), "x");
}

}  // namespace
}  // namespace genai::load
