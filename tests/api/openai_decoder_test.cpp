#include "api/openai_decoder.h"

#include <gtest/gtest.h>

#include "net/padded_buffer.h"

namespace genai::api {
namespace {

// Decoders read up to kReadPadding bytes past the data, as the network buffers allow.
DecodedEvent decode_event(EventDecoder& decoder, const std::string& data) {
  net::PaddedBuffer padded;
  padded.append(data);
  return decoder.decode_stream_event(padded.view());
}

DecodedEvent decode_whole(EventDecoder& decoder, const std::string& body) {
  net::PaddedBuffer padded;
  padded.append(body);
  return decoder.decode_response(padded.view());
}

TEST(OpenAiDecoder, ChatContentRoleAndReasoning) {
  auto decoder = make_openai_decoder(OpenAiEndpoint::chat);
  const auto role = decode_event(
      *decoder, R"({"id":"x","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})");
  EXPECT_EQ(role.content_chars, 0u);  // the role chunk carries no generated content
  const auto content = decode_event(*decoder, R"({"choices":[{"index":0,"delta":{"content":"Hello"}}]})");
  EXPECT_EQ(content.content_chars, 5u);
  const auto reasoning =
      decode_event(*decoder, R"({"choices":[{"delta":{"reasoning_content":"think","content":null}}]})");
  EXPECT_EQ(reasoning.content_chars, 5u);
  const auto escaped = decode_event(*decoder, R"({"choices":[{"delta":{"content":"a\"b\u00e9"}}]})");
  EXPECT_EQ(escaped.content_chars, 5u);  // a, ", b and é (2 bytes in UTF-8)
}

TEST(OpenAiDecoder, UsageChunkAndDone) {
  auto decoder = make_openai_decoder(OpenAiEndpoint::chat);
  const auto usage = decode_event(
      *decoder, R"({"id":"x","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46}})");
  EXPECT_EQ(usage.prompt_tokens, 12);
  EXPECT_EQ(usage.completion_tokens, 34);
  EXPECT_EQ(usage.content_chars, 0u);
  const auto null_usage = decode_event(*decoder, R"({"choices":[{"delta":{"content":"x"}}],"usage":null})");
  EXPECT_FALSE(null_usage.prompt_tokens);
  EXPECT_TRUE(decode_event(*decoder, "[DONE]").done);
}

TEST(OpenAiDecoder, CompletionsText) {
  auto decoder = make_openai_decoder(OpenAiEndpoint::completions);
  const auto event = decode_event(*decoder, R"({"choices":[{"index":0,"text":" world","finish_reason":null}]})");
  EXPECT_EQ(event.content_chars, 6u);
  // A chat-shaped delta is not text for the completions endpoint.
  EXPECT_EQ(decode_event(*decoder, R"({"choices":[{"delta":{"content":"x"}}]})").content_chars, 0u);
}

TEST(OpenAiDecoder, MidStreamErrorsInBothShapes) {
  auto decoder = make_openai_decoder(OpenAiEndpoint::chat);
  const auto vllm = decode_event(*decoder, R"({"error":{"message":"out of memory","type":"server_error","code":500}})");
  EXPECT_EQ(vllm.error_message, "out of memory");
  const auto object = decode_event(*decoder, R"({"object":"error","message":"bad things","code":400})");
  EXPECT_EQ(object.error_message, "bad things");
  const auto plain = decode_event(*decoder, R"({"error":"overloaded"})");
  EXPECT_EQ(plain.error_message, "overloaded");
  // A "message" field alone is not an error.
  EXPECT_FALSE(decode_event(*decoder, R"({"message":"hi","choices":[]})").error_message);
}

TEST(OpenAiDecoder, MalformedEventsAreFlagged) {
  auto decoder = make_openai_decoder(OpenAiEndpoint::chat);
  for (const char* bad : {"{", "not json", "[1,2]", R"({"choices":{"delta":1}})", R"({"choices":[1]})", ""}) {
    EXPECT_TRUE(decode_event(*decoder, bad).malformed) << bad;
  }
}

TEST(OpenAiDecoder, WholeResponses) {
  auto chat = make_openai_decoder(OpenAiEndpoint::chat);
  const auto response = decode_whole(
      *chat, R"({"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",)"
             R"("content":"Hi there"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2}})");
  EXPECT_EQ(response.content_chars, 8u);
  EXPECT_EQ(response.completion_tokens, 2);
  auto completions = make_openai_decoder(OpenAiEndpoint::completions);
  EXPECT_EQ(decode_whole(*completions, R"({"choices":[{"text":"abc"}],"usage":{"prompt_tokens":1,"completion_tokens":1}})")
                .content_chars,
            3u);
  EXPECT_EQ(decode_whole(*chat, R"({"error":{"message":"rate limited"}})").error_message, "rate limited");
}

}  // namespace
}  // namespace genai::api
