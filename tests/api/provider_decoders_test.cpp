// The hosted providers' event decoders on hand-written events in each provider's documented
// shape: text (reasoning included) counted in bytes, usage where each provider puts it, the end
// marker, and errors with the provider's type, throttling recognised whatever it is called.
#include <gtest/gtest.h>

#include <boost/json/object.hpp>

#include "api/backend.h"
#include "api/bedrock_events.h"
#include "api/provider_backends.h"
#include "common/base64.h"
#include "net/padded_buffer.h"

namespace genai::api {
namespace {

// Decoders read up to kReadPadding bytes past the data, as the network buffers allow.
DecodedEvent event(EventDecoder& decoder, const std::string& data, std::string_view type = {}, bool exception = false) {
  net::PaddedBuffer padded;
  padded.append(data);
  std::string text;
  return decoder.decode_event(StreamEvent{type, padded.view(), exception}, &text);
}

DecodedEvent whole(EventDecoder& decoder, const std::string& body) {
  net::PaddedBuffer padded;
  padded.append(body);
  return decoder.decode_response(padded.view());
}

std::unique_ptr<EventDecoder> decoder_of(std::string_view backend, BackendOptions options = {}) {
  if (options.model.empty()) options.model = "m";
  options.provider.gcp_project_id = "p";
  auto made = make_backend(backend, options);
  EXPECT_TRUE(made) << made.error();
  return (*made)->make_decoder();
}

TEST(AnthropicDecoder, EventsFromMessageStartToMessageStop) {
  auto decoder = decoder_of("anthropic");
  const auto start = event(*decoder, R"({"type":"message_start","message":{"id":"m","role":"assistant","content":[],"usage":{"input_tokens":25,"cache_read_input_tokens":5,"output_tokens":1}}})");
  EXPECT_EQ(start.prompt_tokens, 30);          // cache reads are input too
  EXPECT_FALSE(start.completion_tokens);       // message_start's output count is a placeholder
  EXPECT_EQ(start.content_chars, 0u);
  EXPECT_FALSE(event(*decoder, R"({"type":"ping"})").malformed);
  EXPECT_EQ(event(*decoder, R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})").content_chars, 0u);
  EXPECT_EQ(event(*decoder, R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}})").content_chars, 5u);
  EXPECT_EQ(event(*decoder, R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"abc"}})").content_chars, 3u);
  EXPECT_EQ(event(*decoder, R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"xyz"}})").content_chars, 0u);
  const auto delta = event(*decoder, R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":15}})");
  EXPECT_EQ(delta.completion_tokens, 15);
  EXPECT_TRUE(event(*decoder, R"({"type":"message_stop"})").done);
  EXPECT_TRUE(event(*decoder, R"({"type":"content_block_delta","delta":{"text":"x")").malformed);
}

TEST(AnthropicDecoder, ErrorsAndThrottling) {
  auto decoder = decoder_of("anthropic");
  const auto overloaded = event(*decoder, R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
  EXPECT_EQ(overloaded.error_message, "Overloaded");
  EXPECT_EQ(overloaded.error_type, "overloaded_error");
  EXPECT_TRUE(overloaded.throttled);
  const auto invalid = whole(*decoder, R"({"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}})");
  EXPECT_EQ(invalid.error_type, "invalid_request_error");
  EXPECT_FALSE(invalid.throttled);
  const auto response = whole(*decoder, R"({"content":[{"type":"text","text":"Hi there"}],"usage":{"input_tokens":7,"output_tokens":3}})");
  EXPECT_EQ(response.content_chars, 8u);
  EXPECT_EQ(response.prompt_tokens, 7);
  EXPECT_EQ(response.completion_tokens, 3);
}

TEST(BedrockDecoder, ConverseStreamEventsNamedByEventType) {
  BackendOptions options;
  options.model = "anthropic.claude-3-haiku-20240307-v1:0";
  auto decoder = decoder_of("aws-bedrock", options);
  EXPECT_EQ(event(*decoder, R"({"p":"abc","role":"assistant"})", "messageStart").content_chars, 0u);
  EXPECT_EQ(event(*decoder, R"({"contentBlockIndex":0,"delta":{"text":"Hello"},"p":"ab"})", "contentBlockDelta").content_chars, 5u);
  EXPECT_EQ(event(*decoder, R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"hmm"}}})", "contentBlockDelta").content_chars, 3u);
  EXPECT_TRUE(event(*decoder, R"({"stopReason":"end_turn"})", "messageStop").done);
  const auto metadata = event(*decoder, R"({"usage":{"inputTokens":11,"outputTokens":22,"totalTokens":33},"metrics":{"latencyMs":5}})", "metadata");
  EXPECT_EQ(metadata.prompt_tokens, 11);
  EXPECT_EQ(metadata.completion_tokens, 22);
  const auto throttled = event(*decoder, R"({"message":"Too many requests"})", "throttlingException", true);
  EXPECT_EQ(throttled.error_message, "Too many requests");
  EXPECT_EQ(throttled.error_type, "throttlingException");
  EXPECT_TRUE(throttled.throttled);
  const auto model_error = event(*decoder, R"({"message":"boom"})", "modelStreamErrorException", true);
  EXPECT_FALSE(model_error.throttled);
  EXPECT_EQ(model_error.error_type, "modelStreamErrorException");
}

TEST(BedrockDecoder, InvokeChunksHoldTheModelsOwnJsonInBase64) {
  BackendOptions options;
  options.model = "anthropic.claude-3-haiku-20240307-v1:0";
  options.provider.bedrock_api = "invoke";
  auto claude = decoder_of("aws-bedrock", options);
  auto chunk = [](const std::string& model_json) { return R"({"bytes":")" + base64_encode(model_json) + R"(","p":"x"})"; };
  EXPECT_EQ(event(*claude, chunk(R"({"type":"message_start","message":{"usage":{"input_tokens":9,"output_tokens":1}}})"), "chunk").prompt_tokens, 9);
  EXPECT_EQ(event(*claude, chunk(R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hey"}})"), "chunk").content_chars, 3u);
  const auto stop = event(*claude, chunk(R"({"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":9,"outputTokenCount":4,"invocationLatency":100,"firstByteLatency":50}})"), "chunk");
  EXPECT_TRUE(stop.done);
  EXPECT_EQ(stop.completion_tokens, 4);
  EXPECT_TRUE(event(*claude, R"({"bytes":"not base64!"})", "chunk").malformed);

  options.model = "amazon.titan-text-express-v1";
  auto titan = decoder_of("aws-bedrock", options);
  const auto text = event(*titan, chunk(R"({"outputText":"Hello","index":0,"totalOutputTextTokenCount":null})"), "chunk");
  EXPECT_EQ(text.content_chars, 5u);
  EXPECT_EQ(event(*titan, chunk(R"({"outputText":"","amazon-bedrock-invocationMetrics":{"inputTokenCount":3,"outputTokenCount":7}})"), "chunk").completion_tokens, 7);
}

TEST(GeminiDecoder, CandidatesUsageMetadataAndErrors) {
  BackendOptions options;
  options.model = "gemini-2.0-flash";
  auto decoder = decoder_of("gcp-vertex", options);
  const auto first = event(*decoder, R"({"candidates":[{"content":{"role":"model","parts":[{"text":"Hello"},{"text":" world"}]}}],"usageMetadata":{"promptTokenCount":8},"modelVersion":"g"})");
  EXPECT_EQ(first.content_chars, 11u);
  EXPECT_EQ(first.prompt_tokens, 8);
  EXPECT_FALSE(first.completion_tokens);  // intermediate chunks carry only the prompt's count
  EXPECT_FALSE(first.done);
  const auto last = event(*decoder, R"({"candidates":[{"content":{"role":"model","parts":[{"text":"!"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":12,"thoughtsTokenCount":30,"totalTokenCount":50}})");
  EXPECT_TRUE(last.done);
  EXPECT_EQ(last.completion_tokens, 42);  // thoughts are generated output too
  const auto exhausted = event(*decoder, R"({"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}})");
  EXPECT_TRUE(exhausted.throttled);
  EXPECT_EQ(exhausted.error_type, "RESOURCE_EXHAUSTED");
  EXPECT_TRUE(event(*decoder, R"({"unexpected":1})").malformed);
}

TEST(CohereDecoder, ContentDeltasAndMessageEndUsage) {
  auto decoder = decoder_of("cohere");
  EXPECT_EQ(event(*decoder, R"({"id":"x","type":"message-start","delta":{"message":{"role":"assistant"}}})").content_chars, 0u);
  EXPECT_EQ(event(*decoder, R"({"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"Hola"}}}})").content_chars, 4u);
  EXPECT_EQ(event(*decoder, R"({"type":"content-delta","index":0,"delta":{"message":{"content":{"thinking":"hmm"}}}})").content_chars, 3u);
  const auto end = event(*decoder, R"({"type":"message-end","delta":{"finish_reason":"COMPLETE","usage":{"billed_units":{"input_tokens":5,"output_tokens":6},"tokens":{"input_tokens":70,"output_tokens":6}}}})");
  EXPECT_TRUE(end.done);
  EXPECT_EQ(end.prompt_tokens, 70);  // the tokens the model saw, not the billed units
  EXPECT_EQ(end.completion_tokens, 6);
  EXPECT_EQ(whole(*decoder, R"({"id":"x","message":"invalid api token"})").error_message, "invalid api token");
}

TEST(OciDecoder, EachApiFormatsEvents) {
  BackendOptions options;
  options.extra_body_json = R"({"compartmentId":"c"})";
  auto generic = decoder_of("oci-genai", options);
  EXPECT_EQ(event(*generic, R"({"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"Hello"}]}})").content_chars, 5u);
  EXPECT_FALSE(event(*generic, R"({"index":0,"finishReason":"stop"})").done);  // usage follows when asked for
  const auto usage = event(*generic, R"({"usage":{"promptTokens":5,"completionTokens":3,"totalTokens":8}})");
  EXPECT_TRUE(usage.done);
  EXPECT_EQ(usage.prompt_tokens, 5);
  EXPECT_EQ(usage.completion_tokens, 3);

  auto cohere = decoder_of("oci-cohere", options);
  EXPECT_EQ(event(*cohere, R"({"apiFormat":"COHERE","text":"The"})").content_chars, 3u);
  const auto finish = event(*cohere, R"({"apiFormat":"COHERE","text":"The whole text","finishReason":"COMPLETE"})");
  EXPECT_EQ(finish.content_chars, 0u);  // the last event repeats the whole text: not new text
  EXPECT_TRUE(finish.done);

  auto cohere_v2 = decoder_of("oci-cohere-v2", options);
  EXPECT_EQ(event(*cohere_v2, R"({"apiFormat":"COHEREV2","message":{"role":"ASSISTANT","content":[{"type":"THINKING","thinking":"hm"},{"type":"TEXT","text":"ok"}]}})").content_chars, 4u);
  const auto error = whole(*cohere_v2, R"({"code":"TooManyRequests","message":"slow down"})");
  EXPECT_TRUE(error.throttled);
  EXPECT_EQ(error.error_message, "slow down");
}

}  // namespace
}  // namespace genai::api
