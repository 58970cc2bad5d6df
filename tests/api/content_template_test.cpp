// The fast path must never disagree with the full parser. Besides unit cases, a differential
// fuzz test mutates real event shapes at random (seeded, so failures reproduce) and compares a
// decoder that learns templates with a fresh decoder (always the full simdjson parse).
#include "api/content_template.h"

#include <gtest/gtest.h>

#include <random>

#include "api/openai_decoder.h"
#include "net/padded_buffer.h"

namespace genai::api {
namespace {

std::optional<size_t> scan(const std::string& body) {
  size_t bytes = 0;
  auto end = scan_json_string(body, 0, bytes);
  if (!end) return std::nullopt;
  return bytes;
}

TEST(ScanJsonString, CountsUnescapedBytes) {
  EXPECT_EQ(scan("hello\""), 5u);
  EXPECT_EQ(scan("\""), 0u);
  EXPECT_EQ(scan("a\\nb\\\"c\\\\\""), 6u);  // a \n b " c \ -> 6 bytes
  EXPECT_EQ(scan("\xC3\xA9t\xC3\xA9\""), 5u);  // été
  EXPECT_EQ(scan("\xF0\x9F\x98\x80\""), 4u);    // 😀
}

TEST(ScanJsonString, LeavesWhatItCannotProveToTheParser) {
  for (const char* body : {"no end", "\\u00e9\"", "tab\there\"", "\xC3\"", "\xC0\xAF\"", "\xED\xA0\x80\"",
                           "\xF4\x90\x80\x80\"", "\xFF\"", "\\x\"", "trailing\\"}) {
    EXPECT_FALSE(scan(body)) << body;
  }
}

struct Decoded {
  DecodedEvent event;
  std::string text;  // the generated text the decoder handed over
};

Decoded decode_with(EventDecoder& decoder, const std::string& data) {
  net::PaddedBuffer padded;
  padded.append(data);
  Decoded decoded;
  decoded.event = decoder.decode_stream_event(padded.view(), &decoded.text);
  return decoded;
}

void expect_same(const Decoded& fast_decoded, const Decoded& full_decoded, const std::string& data) {
  const DecodedEvent& fast = fast_decoded.event;
  const DecodedEvent& full = full_decoded.event;
  if (!full.malformed) {
    EXPECT_EQ(fast_decoded.text, full_decoded.text) << data;
  }
  EXPECT_EQ(fast.done, full.done) << data;
  EXPECT_EQ(fast.content_chars, full.content_chars) << data;
  EXPECT_EQ(fast.prompt_tokens, full.prompt_tokens) << data;
  EXPECT_EQ(fast.completion_tokens, full.completion_tokens) << data;
  EXPECT_EQ(fast.error_message, full.error_message) << data;
  EXPECT_EQ(fast.malformed, full.malformed) << data;
}

TEST(ContentTemplate, LearnsFromPureContentEventsAndMatchesOnlyTheSameShape) {
  const std::string event =
      R"({"id":"c1","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]})";
  ContentTemplate learned;
  ASSERT_TRUE(learned.learn(event, event.find("\"Hi\"")));
  EXPECT_EQ(learned.match(R"({"id":"c1","choices":[{"index":0,"delta":{"content":" world"},"finish_reason":null}]})"),
            6u);
  EXPECT_FALSE(learned.match(R"({"id":"c1","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]})"));
  EXPECT_FALSE(learned.match(R"({"id":"c2","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]})"));
  EXPECT_FALSE(learned.match(R"({"id":"c1","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]} )"));
}

// Seeds: the shapes servers really send, each a content event the template can learn from, and
// events that must never be taken for it.
const std::vector<std::string> kChatSeeds = {
    R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" quick"},"logprobs":null,"finish_reason":null}]})",
    R"({"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp","choices":[{"index":0,"delta":{"content":"a\nb"},"logprobs":null,"finish_reason":null}],"usage":null})",
    R"({"id":"c","choices":[{"index":0,"delta":{"reasoning_content":"think","content":null}}]})",
    R"({"id":"c","choices":[{"index":0,"delta":{"content":"é"}}]})",
    R"({"id":"c","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}})",
    R"({"error":{"message":"boom","code":500}})",
};
const std::vector<std::string> kCompletionSeeds = {
    R"({"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"index":0,"text":" fox","logprobs":null,"finish_reason":null,"stop_reason":null}]})",
};

// Mutations that keep most of the event and hit the places that matter: the text, the bytes
// around it, the structure, and UTF-8 and escapes.
std::string mutate(std::string event, std::mt19937_64& random) {
  static const std::vector<std::string> pieces = {
      "\"", "\\", "\\n", "\\\"", "\\u00e9", "\\ud83d\\ude00", "\\ud83d", "é", "\xC3", "\xFF", "\x01", "{", "}", "[",
      "]", ",", ":", "null", "\"content\":", "\"usage\":{\"prompt_tokens\":1}", "\"error\":\"x\"", " ", "0", "\n"};
  const int edits = 1 + static_cast<int>(random() % 3);
  for (int i = 0; i < edits && !event.empty(); ++i) {
    // Half the edits land near a quote, where strings begin and end.
    size_t at = random() % (event.size() + 1);
    if (random() % 2) {
      const size_t quote = event.find('"', random() % event.size());
      if (quote != std::string::npos) at = quote + (random() % 3);
    }
    at = std::min(at, event.size());
    switch (random() % 4) {
      case 0: event.insert(at, pieces[random() % pieces.size()]); break;
      case 1: if (at < event.size()) event.erase(at, 1 + random() % 3); break;
      case 2: if (at < event.size()) event[at] = static_cast<char>(random() % 256); break;
      default: event.insert(at, pieces[random() % pieces.size()] + pieces[random() % pieces.size()]); break;
    }
  }
  return event;
}

void differential_fuzz(OpenAiEndpoint endpoint, const std::vector<std::string>& seeds, uint64_t seed, int rounds) {
  std::mt19937_64 random(seed);
  auto fast = make_openai_decoder(endpoint);
  int fast_path_hits = 0;
  for (int round = 0; round < rounds; ++round) {
    const std::string& base = seeds[random() % seeds.size()];
    decode_with(*fast, base);  // (re)learn from a real event now and then
    for (int i = 0; i < 50; ++i) {
      const std::string data = mutate(base, random);
      auto reference = make_openai_decoder(endpoint);  // fresh: no template, always the full parse
      const Decoded full = decode_with(*reference, data);
      const Decoded quick = decode_with(*fast, data);
      expect_same(quick, full, data);
      if (::testing::Test::HasFailure()) return;  // one counterexample is enough to read
      if (!full.event.malformed && full.event.content_chars > 0) ++fast_path_hits;
    }
  }
  EXPECT_GT(fast_path_hits, rounds);  // the fuzzer reached events with text, not just garbage
}

TEST(ContentTemplateDifferentialFuzz, ChatEventsDecodeAsTheFullParserDecodesThem) {
  differential_fuzz(OpenAiEndpoint::chat, kChatSeeds, 20261122, 2000);
}

TEST(ContentTemplateDifferentialFuzz, CompletionEventsDecodeAsTheFullParserDecodesThem) {
  differential_fuzz(OpenAiEndpoint::completions, kCompletionSeeds, 7, 1000);
}

TEST(ContentTemplateDifferentialFuzz, RandomTextsInAKnownShape) {
  // Every text a model could emit, in the exact shape the template learned: the fast path must
  // agree on the length, and decline only where the full parser decides differently.
  std::mt19937_64 random(99);
  auto fast = make_openai_decoder(OpenAiEndpoint::chat);
  const std::string head = R"({"id":"x","choices":[{"index":0,"delta":{"content":")";
  const std::string tail = R"("},"finish_reason":null}]})";
  decode_with(*fast, head + "seed" + tail);
  static const std::vector<std::string> alphabet = {"a", " ", "\\n", "\\t", "\\\"", "\\\\", "\\/", "é", "中",
                                                    "😀", "\\u0041", "\xE2\x82", "\x7F", "\x1F", "\\q"};
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int length = static_cast<int>(random() % 8);
    for (int k = 0; k < length; ++k) text += alphabet[random() % alphabet.size()];
    const std::string data = head + text + tail;
    auto reference = make_openai_decoder(OpenAiEndpoint::chat);
    expect_same(decode_with(*fast, data), decode_with(*reference, data), data);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace genai::api
