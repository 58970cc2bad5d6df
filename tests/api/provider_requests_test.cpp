// What each hosted provider's backend puts on the wire for one prompt: the path (with the model
// and version where the provider puts them), the headers that authorise it, and the body, in the
// shape each provider documents (checked against the providers' API references; see
// ../shared/reference/providers.md).
#include <gtest/gtest.h>

#include "api/backend.h"

namespace genai::api {
namespace {

struct Wire {
  std::string target;
  Headers headers;
  std::string body;
};

Wire wire_of(std::string_view backend, BackendOptions options, GenerationRequest request = {"hi", 16}) {
  auto made = make_backend(backend, options);
  EXPECT_TRUE(made) << made.error();
  const HttpRequestSpec spec = (*made)->build_request(request);
  return {std::string(spec.target), *spec.headers, spec.body};
}

std::string header(const Wire& wire, std::string_view name) {
  for (const auto& [key, value] : wire.headers) {
    if (key == name) return value;
  }
  return "(absent)";
}

TEST(ProviderRequests, Anthropic) {
  BackendOptions options;
  options.model = "claude-sonnet-4";
  options.api_key = "sk-ant";
  const Wire wire = wire_of("anthropic", options);
  EXPECT_EQ(wire.target, "/v1/messages");
  EXPECT_EQ(header(wire, "x-api-key"), "sk-ant");
  EXPECT_EQ(header(wire, "anthropic-version"), "2023-06-01");
  EXPECT_EQ(header(wire, "Authorization"), "(absent)");
  EXPECT_EQ(wire.body, R"({"model":"claude-sonnet-4","stream":true,"max_tokens":16,"messages":[{"role":"user","content":"hi"}]})");
  // A dataset's system message becomes the "system" field: the API has no system role.
  GenerationRequest conversation{"", 8, R"([{"role":"system","content":"Be brief."},{"role":"user","content":"Why?"}])"};
  EXPECT_EQ(wire_of("anthropic", options, conversation).body,
            R"({"model":"claude-sonnet-4","stream":true,"max_tokens":8,"messages":[{"role":"user","content":"Why?"}],"system":"Be brief."})");
}

TEST(ProviderRequests, AzureOpenAiDeploymentAndV1) {
  BackendOptions options;
  options.model = "gpt-4o";
  options.api_key = "azkey";
  options.provider.azure_deployment = "bench";
  Wire wire = wire_of("azure-openai", options);
  EXPECT_EQ(wire.target, "/openai/deployments/bench/chat/completions?api-version=2024-10-21");
  EXPECT_EQ(header(wire, "api-key"), "azkey");
  EXPECT_EQ(wire.body, R"({"stream":true,"stream_options":{"include_usage":true},"temperature":0.0,"max_tokens":16,"messages":[{"role":"user","content":"hi"}]})");
  options.provider.azure_api_version = "v1";
  options.provider.azure_ad_token = "entra";
  wire = wire_of("azure-openai", options);
  EXPECT_EQ(wire.target, "/openai/v1/chat/completions");
  EXPECT_EQ(header(wire, "Authorization"), "Bearer entra");
  EXPECT_EQ(header(wire, "api-key"), "(absent)");
  EXPECT_EQ(wire.body.find(R"("model":"bench")"), 1u);  // the v1 API names the deployment in the body
}

TEST(ProviderRequests, BedrockConverseAndInvoke) {
  BackendOptions options;
  options.model = "anthropic.claude-3-haiku-20240307-v1:0";
  Wire wire = wire_of("aws-bedrock", options);
  EXPECT_EQ(wire.target, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream");
  EXPECT_EQ(header(wire, "Accept"), "application/vnd.amazon.eventstream");
  EXPECT_EQ(wire.body, R"({"messages":[{"role":"user","content":[{"text":"hi"}]}],"inferenceConfig":{"maxTokens":16}})");
  options.provider.bedrock_api = "invoke";
  wire = wire_of("aws-bedrock", options);
  EXPECT_EQ(wire.target, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke-with-response-stream");
  EXPECT_EQ(wire.body,
            R"({"anthropic_version":"bedrock-2023-05-31","max_tokens":16,"messages":[{"role":"user","content":"hi"}]})");
  options.model = "meta.llama3-8b-instruct-v1:0";
  EXPECT_EQ(wire_of("aws-bedrock", options).body, R"({"prompt":"hi","max_gen_len":16})");
  options.model = "amazon.titan-text-express-v1";
  EXPECT_EQ(wire_of("aws-bedrock", options).body, R"({"inputText":"hi","textGenerationConfig":{"maxTokenCount":16}})");
}

TEST(ProviderRequests, VertexGeminiAndClaude) {
  BackendOptions options;
  options.model = "gemini-2.0-flash";
  options.provider.gcp_project_id = "proj";
  Wire wire = wire_of("gcp-vertex", options);
  EXPECT_EQ(wire.target, "/v1/projects/proj/locations/us-central1/publishers/google/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
  EXPECT_EQ(wire.body, R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}],"generationConfig":{"maxOutputTokens":16}})");
  EXPECT_EQ(header(wire, "x-goog-api-key"), "(absent)");  // OAuth: the authorizer adds the token
  options.model = "claude-3-5-sonnet";
  options.api_key = "gkey";
  wire = wire_of("gcp-vertex", options);
  EXPECT_EQ(wire.target, "/v1/projects/proj/locations/us-central1/publishers/anthropic/models/claude-3-5-sonnet:streamRawPredict");
  EXPECT_EQ(header(wire, "x-goog-api-key"), "gkey");
  EXPECT_EQ(wire.body,
            R"({"anthropic_version":"vertex-2023-10-16","stream":true,"max_tokens":16,"messages":[{"role":"user","content":"hi"}]})");
}

// Images in a chat message, as Python genai-bench sends them to Gemini: the text part first, then
// a data URL as inlineData (its own MIME type; Python says image/jpeg for all) and a URL as fileData.
TEST(ProviderRequests, VertexGeminiImages) {
  BackendOptions options;
  options.model = "gemini-1.5-pro-vision";
  options.provider.gcp_project_id = "proj";
  GenerationRequest request{"", 16, R"([{"role":"user","content":[{"type":"text","text":"What is this?"},)"
                                    R"({"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0K"}},)"
                                    R"({"type":"image_url","image_url":{"url":"gs://bucket/cat.webp"}},)"
                                    R"({"type":"image_url","image_url":{"url":"https://example.com/dog"}}]}])"};
  EXPECT_EQ(wire_of("gcp-vertex", options, request).body,
            R"({"contents":[{"role":"user","parts":[{"text":"What is this?"},)"
            R"({"inlineData":{"mimeType":"image/png","data":"iVBORw0K"}},)"
            R"({"fileData":{"mimeType":"image/webp","fileUri":"gs://bucket/cat.webp"}},)"
            R"({"fileData":{"mimeType":"image/jpeg","fileUri":"https://example.com/dog"}}]}],)"
            R"("generationConfig":{"maxOutputTokens":16}})");
}

TEST(ProviderRequests, CohereSendsMaxTokens) {
  BackendOptions options;
  options.model = "command-r";
  options.api_key = "co";
  const Wire wire = wire_of("cohere", options);
  EXPECT_EQ(wire.target, "/v2/chat");
  EXPECT_EQ(header(wire, "Authorization"), "Bearer co");
  EXPECT_EQ(wire.body, R"({"model":"command-r","stream":true,"max_tokens":16,"messages":[{"role":"user","content":"hi"}]})");
}

TEST(ProviderRequests, OciFormatsAndServingMode) {
  BackendOptions options;
  options.model = "meta.llama-3.3-70b";
  options.extra_body_json = R"({"compartmentId":"ocid1.compartment.oc1..c","topK":1})";
  Wire wire = wire_of("oci-genai", options);
  EXPECT_EQ(wire.target, "/20231130/actions/chat");
  EXPECT_EQ(wire.body,
            R"({"compartmentId":"ocid1.compartment.oc1..c","servingMode":{"servingType":"ON_DEMAND","modelId":"meta.llama-3.3-70b"},)"
            R"("chatRequest":{"apiFormat":"GENERIC","messages":[{"role":"USER","content":[{"type":"TEXT","text":"hi"}]}],)"
            R"("maxTokens":16,"isStream":true,"streamOptions":{"isIncludeUsage":true},"topK":1}})");
  options.extra_body_json = R"({"compartmentId":"c","servingType":"DEDICATED","endpointId":"ocid1.endpoint"})";
  wire = wire_of("oci-cohere", options);
  EXPECT_EQ(wire.body, R"({"compartmentId":"c","servingMode":{"servingType":"DEDICATED","endpointId":"ocid1.endpoint"},)"
                       R"("chatRequest":{"apiFormat":"COHERE","message":"hi","maxTokens":16,"isStream":true}})");
}

TEST(ProviderRequests, UnknownBackendNamesTheSupportedOnes) {
  auto made = make_backend("bedrock", BackendOptions{});
  ASSERT_FALSE(made);
  EXPECT_NE(made.error().find("aws-bedrock"), std::string::npos);
  BackendOptions options;
  options.endpoint = "embeddings";
  auto refused = make_backend("anthropic", options);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), "--api-backend anthropic: the embeddings endpoint is not served (supported: chat)");
}

}  // namespace
}  // namespace genai::api
