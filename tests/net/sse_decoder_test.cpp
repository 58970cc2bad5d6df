#include "net/sse_decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace genai::net {
namespace {

struct Event {
  std::string type;
  std::string data;
  bool operator==(const Event&) const = default;
};

// Feeds `pieces` one push at a time, each from its own padded buffer (as the network layer does),
// and drains the decoder after each; then finishes the stream.
std::vector<Event> decode(const std::vector<std::string>& pieces) {
  SseDecoder decoder;
  std::vector<Event> events;
  for (const std::string& piece : pieces) {
    PaddedBuffer padded;
    padded.append(piece);
    decoder.push(padded.view());
    while (auto event = decoder.next()) events.push_back({std::string(event->type), std::string(event->data)});
  }
  while (auto event = decoder.finish()) events.push_back({std::string(event->type), std::string(event->data)});
  return events;
}

// Every way to split the stream in two, and one byte at a time, must give the same events.
void expect_same_events_at_every_split(const std::string& stream, const std::vector<Event>& expected) {
  EXPECT_EQ(decode({stream}), expected) << "whole stream";
  for (size_t split = 0; split <= stream.size(); ++split) {
    EXPECT_EQ(decode({stream.substr(0, split), stream.substr(split)}), expected) << "split at " << split;
  }
  std::vector<std::string> bytes;
  for (char c : stream) bytes.emplace_back(1, c);
  EXPECT_EQ(decode(bytes), expected) << "one byte at a time";
}

// The shape vLLM and SGLang send for /v1/chat/completions with include_usage.
const std::string kVllmChatStream =
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}\n\n"
    "data: {\"id\":\"chatcmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}\n\n"
    "data: [DONE]\n\n";

TEST(SseDecoder, RecordedVllmStreamAtEverySplitPoint) {
  expect_same_events_at_every_split(
      kVllmChatStream,
      {{"", "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}"},
       {"", "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}"},
       {"", "{\"id\":\"chatcmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}"},
       {"", "[DONE]"}});
}

TEST(SseDecoder, CrlfLineEndingsAtEverySplitPoint) {
  expect_same_events_at_every_split("data: one\r\n\r\ndata: two\r\n\r\n", {{"", "one"}, {"", "two"}});
}

TEST(SseDecoder, MultiLineDataIsJoinedWithNewlines) {
  expect_same_events_at_every_split("data: first\ndata: second\ndata:third\n\n", {{"", "first\nsecond\nthird"}});
}

TEST(SseDecoder, CommentsAndIdAndRetryAreSkipped) {
  expect_same_events_at_every_split(": keep-alive\nid: 7\nretry: 100\ndata: x\n\n: ping\n\n", {{"", "x"}});
}

TEST(SseDecoder, EventTypeIsReportedAndResetAfterEachEvent) {
  // Anthropic's shape: every event has an `event:` line.
  expect_same_events_at_every_split(
      "event: message_start\ndata: {\"a\":1}\n\nevent: content_block_delta\ndata: {\"b\":2}\n\ndata: plain\n\n",
      {{"message_start", "{\"a\":1}"}, {"content_block_delta", "{\"b\":2}"}, {"", "plain"}});
}

TEST(SseDecoder, FinalEventWithoutBlankLineIsDelivered) {
  expect_same_events_at_every_split("data: a\n\ndata: last", {{"", "a"}, {"", "last"}});
  expect_same_events_at_every_split("data: a\n\ndata: last\n", {{"", "a"}, {"", "last"}});
}

TEST(SseDecoder, EventWithoutDataIsNotDispatched) {
  expect_same_events_at_every_split("event: ping\n\ndata: real\n\n", {{"", "real"}});
}

TEST(SseDecoder, ValueWithoutSpaceAfterColonAndEmptyData) {
  expect_same_events_at_every_split("data:x\n\ndata\n\ndata:\n\n", {{"", "x"}, {"", ""}, {"", ""}});
}

TEST(SseDecoder, OnlyOneLeadingSpaceIsStripped) {
  expect_same_events_at_every_split("data:  two spaces\n\n", {{"", " two spaces"}});
}

TEST(SseDecoder, DataViewsAreFollowedByReadablePadding) {
  // The parsers read past the data; views into the decoder's own buffer must be padded too.
  SseDecoder decoder;
  PaddedBuffer first, second;
  first.append("data: {\"split\":");
  second.append("true}\n\n");
  decoder.push(first.view());
  EXPECT_FALSE(decoder.next());
  decoder.push(second.view());
  auto event = decoder.next();
  ASSERT_TRUE(event);
  EXPECT_EQ(event->data, "{\"split\":true}");
  volatile char past_end = event->data.data()[event->data.size() + kReadPadding - 1];  // ASan checks this
  (void)past_end;
}

TEST(SseDecoder, OversizedEventStopsTheDecoder) {
  SseDecoder decoder(/*max_event_bytes=*/16);
  PaddedBuffer bytes;
  bytes.append("data: " + std::string(64, 'x'));
  decoder.push(bytes.view());
  EXPECT_FALSE(decoder.next());
  EXPECT_TRUE(decoder.overflowed());
  EXPECT_FALSE(decoder.finish());
}

}  // namespace
}  // namespace genai::net
