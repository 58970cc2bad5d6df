// The mock's answers to the media endpoints, checked against our own decoders (what a client
// reads) and against the rules the mock documents (audio size from the input's length).
#include "mock/media_responses.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/backend.h"
#include "common/base64.h"

namespace genai::mock {
namespace {

TEST(MockMedia, SpeechAudioSizeFollowsTheInputAndIsBinary) {
  EXPECT_EQ(speech_audio_bytes(100), 6400);  // 64 bytes a byte of text
  EXPECT_EQ(speech_audio_bytes(0), 64);
  // Chunks join into one pattern whatever the cut, and hold every byte value (NUL, CR, LF).
  EXPECT_EQ(audio_bytes(0, 300), audio_bytes(0, 100) + audio_bytes(100, 200));
  const std::string bytes = audio_bytes(0, 256);
  for (char c : {'\0', '\r', '\n'}) EXPECT_NE(bytes.find(c), std::string::npos);
  EXPECT_EQ(audio_content_type("wav"), "audio/wav");
  EXPECT_EQ(audio_content_type(""), "audio/mpeg");
}

TEST(MockMedia, ImagesRequestsAreCheckedAndAnsweredWithPngs) {
  const auto request = read_images_request(R"({"model":"m","prompt":"a fox","n":3,"size":"1024x1792"})");
  ASSERT_TRUE(request);
  EXPECT_EQ(request->count, 3);
  EXPECT_EQ(request->prompt_chars, 5);
  for (const char* bad : {R"({"n":1})", R"({"prompt":"p","n":0})", R"({"prompt":"p","n":11})",
                          R"({"prompt":"p","size":"big"})", R"({"prompt":"p","size":"10x"})", "[]", "nope"}) {
    EXPECT_FALSE(read_images_request(bad)) << bad;
  }
  const std::string json = images_json(*request, 1700000000);
  auto decoder = [] {
    api::BackendOptions options;
    options.endpoint = "images";
    return std::move(*api::make_backend("openai", options))->make_decoder();
  }();
  const api::DecodedEvent event = decoder->decode_response(json);
  EXPECT_FALSE(event.malformed);
  EXPECT_EQ(event.images, 3);
  // Each image is a valid PNG (signature and IHDR).
  const std::string png = base64_decode_prefix(std::string(boost::json::parse(json).at("data").at(0).at("b64_json").as_string()));
  ASSERT_GE(png.size(), 24u);
  EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1a\n");
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  ImagesRequest links = *request;
  links.urls = true;
  EXPECT_TRUE(boost::json::parse(images_json(links, 1)).at("data").at(2).as_object().contains("url"));
}

}  // namespace
}  // namespace genai::mock
