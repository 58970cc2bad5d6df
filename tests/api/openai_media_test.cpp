// The media tasks' backends: the bodies Python genai-bench sends to /v1/images/generations and
// /v1/audio/speech (field by field), vLLM's multimodal /v1/embeddings body, and their decoders.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/backend.h"

namespace genai::api {
namespace {

namespace json = boost::json;

Result<std::unique_ptr<Backend>> media_backend(const char* endpoint, const char* extra_body = "") {
  BackendOptions options;
  options.endpoint = endpoint;
  options.model = "m";
  options.api_key = "k";
  options.extra_body_json = extra_body;
  return make_backend("vllm", options);
}

std::string header(const HttpRequestSpec& spec, std::string_view name) {
  for (const auto& [key, value] : *spec.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST(MediaBackends, TextToImageBodyAsPythonSendsIt) {
  auto backend = media_backend("images", R"({"quality": "hd", "response_format": "b64_json", "size": "ignored"})");
  ASSERT_TRUE(backend) << backend.error();
  GenerationRequest request;
  request.prompt = "a red \"fox\"";
  request.image_size = "1024x1792";
  request.image_count = 2;
  const HttpRequestSpec spec = (*backend)->build_request(request);
  EXPECT_EQ(spec.target, "/v1/images/generations");
  EXPECT_EQ(header(spec, "Authorization"), "Bearer k");
  EXPECT_FALSE((*backend)->streams());
  EXPECT_FALSE((*backend)->generates());
  // The scenario's size wins over --extra-body's (Python filters size, n, quality out of the extras).
  EXPECT_EQ(json::parse(spec.body), json::parse(R"({"model": "m", "prompt": "a red \"fox\"", "n": 2,
      "response_format": "b64_json", "size": "1024x1792", "quality": "hd"})"));
  // The `dataset` scenario sets no size: none is sent, unless --extra-body has one.
  request.image_size.clear();
  request.image_count = 1;
  EXPECT_EQ(json::parse((*backend)->build_request(request).body),
            json::parse(R"({"model": "m", "prompt": "a red \"fox\"", "n": 1, "response_format": "b64_json",
                             "size": "ignored", "quality": "hd"})"));
  auto plain = media_backend("images");
  EXPECT_EQ(json::parse((*plain)->build_request(request).body), json::parse(R"({"model": "m", "prompt": "a red \"fox\"", "n": 1})"));
  // As Python: the count comes from I(w,h,n), never from --extra-body.
  auto refused = media_backend("images", R"({"n": 3})");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("I(width,height,images)"), std::string::npos) << refused.error();
}

TEST(MediaBackends, ImagesResponseCountsItsImages) {
  auto decoder = (*media_backend("images"))->make_decoder();
  DecodedEvent event = decoder->decode_response(R"({"created":1,"data":[{"b64_json":"iVBO"},{"url":"https://x/y.png"}]})");
  EXPECT_FALSE(event.malformed);
  EXPECT_EQ(event.images, 2);
  EXPECT_FALSE(event.prompt_tokens);
  event = decoder->decode_response(R"({"data":[{"b64_json":"x"}],"usage":{"input_tokens":12,"output_tokens":4160,"total_tokens":4172}})");
  EXPECT_EQ(event.images, 1);
  EXPECT_EQ(event.prompt_tokens, 12);  // gpt-image-1's usage counts the prompt
  event = decoder->decode_response(R"({"error":{"message":"Your request was rejected","type":"image_generation_user_error"}})");
  EXPECT_EQ(event.error_message, "Your request was rejected");
  EXPECT_TRUE(decoder->decode_response(R"({"created":1})").malformed);
  EXPECT_TRUE(decoder->decode_response("<html>").malformed);
}

TEST(MediaBackends, TextToSpeechBodyAsPythonSendsIt) {
  auto backend = media_backend("speech", R"({"response_format": "wav", "speed": 1.25})");
  ASSERT_TRUE(backend) << backend.error();
  GenerationRequest request;
  request.prompt = "Hello there.";
  const HttpRequestSpec spec = (*backend)->build_request(request);
  EXPECT_EQ(spec.target, "/v1/audio/speech");
  EXPECT_EQ(header(spec, "Accept"), "*/*");  // audio, not JSON or an event stream
  EXPECT_TRUE((*backend)->streams());
  EXPECT_EQ((*backend)->framing(), StreamFraming::raw);
  EXPECT_FALSE((*backend)->generates());
  EXPECT_EQ(json::parse(spec.body), json::parse(R"({"model": "m", "input": "Hello there.", "voice": "alloy",
                                                     "response_format": "wav", "speed": 1.25})"));
  // --extra-body's voice replaces Python's default; its model and input do not replace ours.
  auto nova = media_backend("speech", R"({"voice": "nova", "model": "other", "input": "other"})");
  EXPECT_EQ(json::parse((*nova)->build_request(request).body),
            json::parse(R"({"model": "m", "input": "Hello there.", "voice": "nova"})"));
  auto decoder = (*backend)->make_decoder();
  EXPECT_EQ(decoder->decode_response(R"({"error":{"message":"voice not found"}})").error_message, "voice not found");
  EXPECT_EQ(decoder->decode_response("ID3\x04").content_chars, 4u);  // a whole audio body, if ever not streamed
}

TEST(MediaBackends, ImageEmbeddingsSendOneMessageOfImages) {
  auto backend = media_backend("image-embeddings");
  ASSERT_TRUE(backend) << backend.error();
  GenerationRequest request;
  request.images = {"data:image/png;base64,AAAA", "https://example.com/cat.jpg"};
  const HttpRequestSpec spec = (*backend)->build_request(request);
  EXPECT_EQ(spec.target, "/v1/embeddings");
  EXPECT_FALSE((*backend)->generates());
  EXPECT_EQ(json::parse(spec.body), json::parse(R"({"model": "m", "encoding_format": "float", "messages": [{"role": "user",
      "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
                  {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}}]}]})"));
  auto base64 = media_backend("image-embeddings", R"({"encoding_format": "base64"})");
  EXPECT_EQ(json::parse((*base64)->build_request(request).body).at("encoding_format"), "base64");
  const DecodedEvent event = (*backend)->make_decoder()->decode_response(
      R"({"data":[{"object":"embedding","index":0,"embedding":[0.5]}],"usage":{"prompt_tokens":1370,"total_tokens":1370}})");
  EXPECT_EQ(event.prompt_tokens, 1370);
}

// Python genai-bench's Cohere image embeddings: {"model", "images", "input_type", "embedding_types", "truncate"}.
TEST(MediaBackends, CohereImageEmbeddings) {
  BackendOptions options;
  options.endpoint = "image-embeddings";
  options.model = "embed-v4.0";
  auto backend = make_backend("cohere", options);
  ASSERT_TRUE(backend) << backend.error();
  GenerationRequest request;
  request.images = {"data:image/png;base64,AAAA"};
  const HttpRequestSpec spec = (*backend)->build_request(request);
  EXPECT_EQ(spec.target, "/v2/embed");
  EXPECT_FALSE((*backend)->generates());
  EXPECT_EQ(json::parse(spec.body), json::parse(R"({"model": "embed-v4.0", "input_type": "image", "embedding_types": ["float"],
                                                     "truncate": "END", "images": ["data:image/png;base64,AAAA"]})"));
}

TEST(MediaBackends, OtherProvidersRefuseTheMediaEndpoints) {
  BackendOptions options;
  options.endpoint = "speech";
  const auto refused = make_backend("anthropic", options);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("speech"), std::string::npos) << refused.error();
}

}  // namespace
}  // namespace genai::api
