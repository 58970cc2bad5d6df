#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/backend.h"
#include "api/openai_request.h"

namespace genai::api {
namespace {

TEST(OpenAiTarget, WithOrWithoutV1AndPrefixes) {
  EXPECT_EQ(openai_target("", "/chat/completions"), "/v1/chat/completions");
  EXPECT_EQ(openai_target("/", "/chat/completions"), "/v1/chat/completions");
  EXPECT_EQ(openai_target("/v1", "/completions"), "/v1/completions");
  EXPECT_EQ(openai_target("/v1/", "/completions"), "/v1/completions");
  EXPECT_EQ(openai_target("/proxy", "/completions"), "/proxy/v1/completions");
  EXPECT_EQ(openai_target("/proxy/v1", "/completions"), "/proxy/v1/completions");
}

boost::json::object body_of(const HttpRequestSpec& spec) { return boost::json::parse(spec.body).as_object(); }

TEST(OpenAiRequest, ChatBodyWithUsageIgnoreEosAndExtraBody) {
  BackendOptions options;
  options.model = "llama";
  options.api_key = "sk-123";
  options.ignore_eos = true;
  options.extra_body_json = R"({"temperature": 0, "max_tokens": 7})";
  auto backend = make_backend("openai", options);
  ASSERT_TRUE(backend) << backend.error();
  const HttpRequestSpec spec = (*backend)->build_request({"Say \"hi\"\n", 64});
  EXPECT_EQ(spec.target, "/v1/chat/completions");
  const auto body = body_of(spec);
  EXPECT_EQ(body.at("model").as_string(), "llama");
  EXPECT_EQ(body.at("messages").as_array()[0].at("content").as_string(), "Say \"hi\"\n");
  EXPECT_EQ(body.at("messages").as_array()[0].at("role").as_string(), "user");
  EXPECT_TRUE(body.at("stream").as_bool());
  EXPECT_TRUE(body.at("stream_options").at("include_usage").as_bool());
  EXPECT_TRUE(body.at("ignore_eos").as_bool());
  EXPECT_EQ(body.at("min_tokens").as_int64(), 64);
  EXPECT_EQ(body.at("temperature").to_number<int>(), 0);
  EXPECT_EQ(body.at("max_tokens").as_int64(), 7);  // --extra-body wins: the user said so
  bool has_auth = false;
  for (const auto& [name, value] : *spec.headers) {
    if (name == "Authorization") has_auth = value == "Bearer sk-123";
  }
  EXPECT_TRUE(has_auth);
}

TEST(OpenAiRequest, CompletionsWithoutStreamOrKey) {
  BackendOptions options;
  options.endpoint = "completions";
  options.model = "m";
  options.stream = false;
  options.base_path = "/v1";
  auto backend = make_backend("vllm", options);
  ASSERT_TRUE(backend) << backend.error();
  const HttpRequestSpec spec = (*backend)->build_request({"abc", 5});
  EXPECT_EQ(spec.target, "/v1/completions");
  const auto body = body_of(spec);
  EXPECT_EQ(body.at("prompt").as_string(), "abc");
  EXPECT_FALSE(body.at("stream").as_bool());
  EXPECT_FALSE(body.contains("stream_options"));
  EXPECT_FALSE(body.contains("ignore_eos"));
  for (const auto& header : *spec.headers) EXPECT_NE(header.first, "Authorization");
}

TEST(OpenAiRequest, AnyPromptTextGivesAValidBody) {
  BackendOptions options;
  options.model = "m\"odel";
  auto backend = make_backend("openai", options);
  ASSERT_TRUE(backend);
  const std::string prompt = "tab\t bell\a quote\" slash\\ é 中 😀 cut\xC3";
  const auto body = body_of((*backend)->build_request({prompt, 3}));
  EXPECT_EQ(body.at("model").as_string(), "m\"odel");
  // Invalid UTF-8 (a byte that starts nothing) is replaced, everything else survives as is.
  EXPECT_EQ(body.at("messages").as_array()[0].at("content").as_string(),
            "tab\t bell\a quote\" slash\\ é 中 😀 cut\xEF\xBF\xBD");
}

TEST(OpenAiRequest, ExtraBodyCanReplaceAnyField) {
  BackendOptions options;
  options.model = "m";
  options.extra_body_json = R"({"model": "other", "stream": false, "messages": [{"role": "system", "content": "s"}]})";
  auto backend = make_backend("openai", options);
  ASSERT_TRUE(backend);
  const auto body = body_of((*backend)->build_request({"ignored", 3}));
  EXPECT_EQ(body.at("model").as_string(), "other");
  EXPECT_FALSE(body.at("stream").as_bool());
  EXPECT_EQ(body.at("messages").as_array()[0].at("role").as_string(), "system");
  EXPECT_EQ(body.at("max_tokens").as_int64(), 3);
  // model, stream, stream_options, temperature, messages, max_tokens: no duplicates
  EXPECT_EQ(body.size(), 6u);
}

// Python genai-bench's bodies: temperature 0.0 unless the user sets one; for vLLM, SGLang and
// Together "ignore_eos" true with a length asked for, false without one (the dataset scenario,
// which sends no max_tokens), and no min_tokens, which only --ignore-eos adds.
TEST(OpenAiRequest, PythonsTemperatureAndIgnoreEosByLength) {
  BackendOptions options;
  options.model = "m";
  options.ignore_eos_by_length = true;
  auto backend = make_backend("vllm", options);
  ASSERT_TRUE(backend);
  auto body = body_of((*backend)->build_request({"p", 5}));
  EXPECT_EQ(body.at("temperature").as_double(), 0.0);
  EXPECT_TRUE(body.at("ignore_eos").as_bool());
  EXPECT_EQ(body.at("max_tokens").as_int64(), 5);
  EXPECT_FALSE(body.contains("min_tokens"));
  body = body_of((*backend)->build_request({"p", 0}));
  EXPECT_FALSE(body.at("ignore_eos").as_bool());
  EXPECT_FALSE(body.contains("max_tokens"));

  options.ignore_eos_by_length = false;
  options.extra_body_json = R"({"temperature": 0.7})";
  backend = make_backend("openai", options);
  ASSERT_TRUE(backend);
  body = body_of((*backend)->build_request({"p", 0}));
  EXPECT_EQ(body.at("temperature").as_double(), 0.7);
  EXPECT_FALSE(body.contains("ignore_eos"));
  EXPECT_FALSE(body.contains("max_tokens"));
}

// --additional-request-params '{"system_message": ...}' is Python genai-bench's way to send a
// system message: it goes before the user's, never as a body field.
TEST(OpenAiRequest, PythonsSystemMessageKeyIsASystemMessage) {
  BackendOptions options;
  options.model = "m";
  options.extra_body_json = R"({"system_message": "Be brief.", "top_p": 0.5})";
  auto backend = make_backend("openai", options);
  ASSERT_TRUE(backend);
  auto body = body_of((*backend)->build_request({"hi", 3}));
  EXPECT_FALSE(body.contains("system_message"));
  EXPECT_EQ(body.at("top_p").as_double(), 0.5);
  const auto& messages = body.at("messages").as_array();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].at("role").as_string(), "system");
  EXPECT_EQ(messages[0].at("content").as_string(), "Be brief.");
  EXPECT_EQ(messages[1].at("content").as_string(), "hi");
  // A dataset's own messages get it first too.
  api::GenerationRequest request{"ignored", 3};
  request.messages_json = R"([{"role":"user","content":"from the dataset"}])";
  body = body_of((*backend)->build_request(request));
  ASSERT_EQ(body.at("messages").as_array().size(), 2u);
  EXPECT_EQ(body.at("messages").as_array()[0].at("role").as_string(), "system");
  EXPECT_EQ(body.at("messages").as_array()[1].at("content").as_string(), "from the dataset");
}

TEST(OpenAiRequest, BadOptionsNameTheFlag) {
  BackendOptions options;
  options.extra_body_json = "[1]";
  auto bad_body = make_backend("openai", options);
  ASSERT_FALSE(bad_body);
  EXPECT_NE(bad_body.error().find("--extra-body"), std::string::npos);
  auto bad_backend = make_backend("nonsense", BackendOptions{});
  ASSERT_FALSE(bad_backend);
  EXPECT_NE(bad_backend.error().find("--api-backend"), std::string::npos);
  BackendOptions bad_endpoint;
  bad_endpoint.endpoint = "moderations";
  EXPECT_FALSE(make_backend("openai", bad_endpoint));
}

}  // namespace
}  // namespace genai::api
