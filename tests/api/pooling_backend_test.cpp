// The embeddings and rerank backends: the bodies vLLM and TEI accept, and their responses' usage.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/backend.h"

namespace genai::api {
namespace {

std::unique_ptr<Backend> backend_for(const char* endpoint) {
  BackendOptions options;
  options.endpoint = endpoint;
  options.model = "bge";
  options.extra_body_json = R"({"truncate_prompt_tokens": 512})";
  auto made = make_backend("openai", options);
  EXPECT_TRUE(made) << made.error();
  return std::move(made.value());
}

TEST(PoolingBackends, EmbeddingsAndRerankBodies) {
  GenerationRequest request;
  request.inputs = {"first \"text\"", "second"};
  request.query = "which?";
  const auto embeddings = backend_for("embeddings");
  const HttpRequestSpec spec = embeddings->build_request(request);
  EXPECT_EQ(spec.target, "/v1/embeddings");
  EXPECT_FALSE(embeddings->streams());
  EXPECT_FALSE(embeddings->generates());
  EXPECT_EQ(boost::json::parse(spec.body),
            boost::json::parse(R"({"model": "bge", "truncate_prompt_tokens": 512, "input": ["first \"text\"", "second"]})"));
  const auto rerank = backend_for("rerank");
  EXPECT_EQ(rerank->build_request(request).target, "/v1/rerank");
  EXPECT_EQ(boost::json::parse(rerank->build_request(request).body),
            boost::json::parse(R"({"model": "bge", "truncate_prompt_tokens": 512, "query": "which?",
                                   "documents": ["first \"text\"", "second"]})"));
}

TEST(PoolingBackends, ResponsesGiveInputTokensOrAnErrorOrMalformed) {
  const auto embeddings = backend_for("embeddings")->make_decoder();
  DecodedEvent event = embeddings->decode_response(
      R"({"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1]}],"usage":{"prompt_tokens":7,"total_tokens":7}})");
  EXPECT_FALSE(event.malformed);
  EXPECT_EQ(event.prompt_tokens, 7);
  EXPECT_FALSE(event.completion_tokens);
  // vLLM's rerank reports usage.total_tokens only.
  const auto rerank = backend_for("rerank")->make_decoder();
  event = rerank->decode_response(R"({"id":"r","results":[{"index":1,"relevance_score":0.9}],"usage":{"total_tokens":31}})");
  EXPECT_EQ(event.prompt_tokens, 31);
  event = rerank->decode_response(R"({"error":{"message":"model not found","code":404}})");
  EXPECT_EQ(event.error_message, "model not found");
  EXPECT_TRUE(rerank->decode_response(R"({"data":[]})").malformed);  // results missing
  EXPECT_TRUE(embeddings->decode_response("not json").malformed);
  EXPECT_TRUE(embeddings->decode_stream_event("{}").malformed);
}

}  // namespace
}  // namespace genai::api
