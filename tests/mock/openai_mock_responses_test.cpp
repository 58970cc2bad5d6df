// The mock's bytes must be what our own decoders (and so real clients) read as OpenAI's shapes.
#include "mock/openai_mock_responses.h"

#include <gtest/gtest.h>

#include "api/openai_decoder.h"
#include "mock/mock_options.h"
#include "net/padded_buffer.h"

namespace genai::mock {
namespace {

api::DecodedEvent decode(api::OpenAiEndpoint endpoint, const std::string& json, bool whole = false) {
  auto decoder = api::make_openai_decoder(endpoint);
  net::PaddedBuffer padded;
  padded.append(json);
  return whole ? decoder->decode_response(padded.view()) : decoder->decode_stream_event(padded.view());
}

TEST(MockResponses, ChunksDecodeAsTheirEndpointsShapes) {
  const StreamIdentity chat{Endpoint::chat, "chatcmpl-1", "\"m\"", 1};
  EXPECT_EQ(decode(api::OpenAiEndpoint::chat, role_chunk_json(chat)).content_chars, 0u);
  EXPECT_EQ(decode(api::OpenAiEndpoint::chat, content_chunk_json(chat, " the", false)).content_chars, 4u);
  const auto usage = decode(api::OpenAiEndpoint::chat, usage_chunk_json(chat, 7, 9));
  EXPECT_EQ(usage.prompt_tokens, 7);
  EXPECT_EQ(usage.completion_tokens, 9);
  const StreamIdentity text{Endpoint::completions, "cmpl-1", "\"m\"", 1};
  EXPECT_EQ(decode(api::OpenAiEndpoint::completions, content_chunk_json(text, " a b", true)).content_chars, 4u);
  const auto whole = decode(api::OpenAiEndpoint::chat, whole_response_json(chat, "abc", 1, 3), true);
  EXPECT_EQ(whole.content_chars, 3u);
  EXPECT_EQ(whole.completion_tokens, 3);
  EXPECT_EQ(decode(api::OpenAiEndpoint::chat, error_json("boom", "server_error", 500), true).error_message, "boom");
}

TEST(MockResponses, SseAndChunkFraming) {
  EXPECT_EQ(sse_event("{}"), "data: {}\n\n");
  EXPECT_EQ(http_chunk("hello world!!!!!!"), "11\r\nhello world!!!!!!\r\n");  // 17 bytes = 0x11
}

TEST(MockOptions, LatencyModels) {
  auto fixed = parse_latency_model("10");
  ASSERT_TRUE(fixed);
  EXPECT_DOUBLE_EQ(fixed->mean_ms, 10);
  EXPECT_DOUBLE_EQ(fixed->stddev_ms, 0);
  auto normal = parse_latency_model("normal:10,2.5");
  ASSERT_TRUE(normal);
  EXPECT_DOUBLE_EQ(normal->mean_ms, 10);
  EXPECT_DOUBLE_EQ(normal->stddev_ms, 2.5);
  for (const char* bad : {"", "fast", "normal:10", "normal:a,b", "-5", "normal:10,-1"}) {
    EXPECT_FALSE(parse_latency_model(bad)) << bad;
  }
}

}  // namespace
}  // namespace genai::mock
