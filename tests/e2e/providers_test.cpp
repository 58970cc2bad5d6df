// Every hosted provider's backend against the mock speaking that provider's API (--dialect),
// which verifies the requests' authorisation as the provider would: the run succeeds with the
// provider's own token counts, TTFT is the first text (not the envelope events the mock sends at
// once), wrong credentials are refused and reported, throttling before and inside the stream is
// its own error kind, and no secret reaches any file or the console.
#include <algorithm>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;
using Arguments = std::vector<std::string>;

const std::string kFixtures = std::string(GENAI_TESTS_DIR) + "/fixtures";
constexpr const char* kSecret = "k-bench-secret-0123456789";
constexpr const char* kOciKeyId =
    "ocid1.tenancy.oc1..bench/ocid1.user.oc1..bench/20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34";

struct ProviderCase {
  const char* name;
  Arguments mock;       // --dialect and the credentials it verifies
  Arguments client;     // --api-backend, model and credentials (a folder's files are made by `prepare`)
  Arguments bad_auth;   // client arguments replacing the good credentials
  int refused_status;   // what the provider answers to them
  const char* count_source;        // where output counts come from
  const char* mid_stream_kind;     // the kind of the provider's error event inside the stream
  const char* mid_stream_type;     // the provider's name for it, recorded
};

void PrintTo(const ProviderCase& provider, std::ostream* out) { *out << provider.name; }

// Files a case needs in `folder`: Google's service account pointing at the mock's token
// endpoint, an OCI config naming the test key.
void prepare(const std::string& folder, const MockProcess& mock) {
  json::value account = read_json_file(kFixtures + "/google-auth/service-account.json");
  account.as_object()["token_uri"] = mock.base_url() + "/token";
  write_text(folder + "/service-account.json", json::serialize(account));
  write_text(folder + "/oci_config", "[DEFAULT]\nuser=ocid1.user.oc1..bench\n"
                                     "fingerprint=20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34\n"
                                     "key_file=" + kFixtures + "/oci-signing/go_sdk_test_private_key.pem\n"
                                     "tenancy=ocid1.tenancy.oc1..bench\nregion=us-chicago-1\n"
                                     "[WRONG_KEY]\nkey_file=" + folder + "/other_key.pem\n"
                                     "[SESSION]\nsecurity_token_file=" + folder + "/session_token\n");
  write_text(folder + "/session_token", "session-token-0123\n");
  // Another RSA key than the one the mock verifies with: the Google test account's.
  write_text(folder + "/other_key.pem", std::string(account.at("private_key").as_string()));
}

// "{folder}" in an argument becomes the case's folder.
Arguments in_folder(Arguments arguments, const std::string& folder) {
  for (std::string& argument : arguments) {
    const size_t at = argument.find("{folder}");
    if (at != std::string::npos) argument.replace(at, 8, folder);
  }
  return arguments;
}

std::vector<json::object> records_in(const std::string& folder) {
  std::vector<json::object> records;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.path().filename() != "records.jsonl") continue;
    for (const std::string& line : read_lines(entry.path())) records.push_back(json::parse(line).as_object());
  }
  return records;
}

class Providers : public ::testing::TestWithParam<ProviderCase> {
 protected:
  // Runs `requests` requests of D(100,`output`) against a mock started with `mock_extra`.
  RunResult run(const Arguments& mock_extra, const Arguments& client, int requests, int output,
                const Arguments& extra = {}) {
    Arguments mock_arguments = GetParam().mock;
    mock_arguments.insert(mock_arguments.end(), {"--ttft-ms", "40", "--itl-ms", "5", "--seed", "3"});
    mock_arguments.insert(mock_arguments.end(), mock_extra.begin(), mock_extra.end());
    mock_ = std::make_unique<MockProcess>(mock_arguments);
    folder_ = make_temporary_folder();
    prepare(folder_, *mock_);
    Arguments arguments = {"benchmark", "--api-base", mock_->base_url(), "--traffic-scenario",
                           "D(100," + std::to_string(output) + ")", "--num-concurrency", "2", "--max-requests-per-run",
                           std::to_string(requests), "--output-dir", folder_ + "/out", "--no-ui"};
    const Arguments specific = in_folder(client, folder_);
    arguments.insert(arguments.end(), specific.begin(), specific.end());
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_genai_bench(arguments);
  }
  std::vector<json::object> records() const { return records_in(folder_ + "/out"); }

  // No file of the experiment and no console line holds the secret.
  void expect_no_secret(const RunResult& result) const {
    EXPECT_EQ(result.output.find(kSecret), std::string::npos) << result.output;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder_ + "/out")) {
      if (!entry.is_regular_file()) continue;
      EXPECT_EQ(read_text(entry.path()).find(kSecret), std::string::npos) << entry.path();
    }
  }

  std::unique_ptr<MockProcess> mock_;
  std::string folder_;
};

TEST_P(Providers, RunsWithTheProvidersCountsAndTimesTheFirstText) {
  const RunResult result = run({}, GetParam().client, 6, 12);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto all = records();
  ASSERT_EQ(all.size(), 6u);
  for (const json::object& record : all) {
    ASSERT_TRUE(record.at("ok").as_bool()) << json::serialize(record);
    EXPECT_EQ(record.at("output_tokens").to_number<int>(), 12);
    EXPECT_EQ(record.at("output_source").as_string(), GetParam().count_source);
    EXPECT_EQ(record.at("itl_us").as_array().size(), 11u);
    // The mock sends its envelope events (message_start, messageStart, ...) at once and the first
    // text 40 ms later: TTFT is the text's.
    const double ttft_ms = static_cast<double>(record.at("t_first_ns").to_number<int64_t>() -
                                               record.at("t_start_ns").to_number<int64_t>()) / 1e6;
    EXPECT_GE(ttft_ms, 39.5);
    EXPECT_LT(ttft_ms, 80);
  }
  expect_no_secret(result);
}

TEST_P(Providers, WrongCredentialsAreRefusedAndReported) {
  const RunResult result = run({}, GetParam().bad_auth, 2, 4, {"--max-retries", "0"});
  EXPECT_EQ(result.exit_code, 3) << result.output;  // no request succeeded
  const auto all = records();
  ASSERT_EQ(all.size(), 2u);
  for (const json::object& record : all) {
    EXPECT_EQ(record.at("error_kind").as_string(), "http_" + std::to_string(GetParam().refused_status)) << json::serialize(record);
  }
  expect_no_secret(result);
}

TEST_P(Providers, ThrottlingBeforeTheStreamIsItsOwnKindAndRetried) {
  const RunResult result = run({"--fault", "throttle:1"}, GetParam().client, 2, 4, {"--max-retries", "1", "--retry-backoff", "10ms"});
  EXPECT_EQ(result.exit_code, 3) << result.output;
  const auto all = records();
  ASSERT_EQ(all.size(), 2u);
  for (const json::object& record : all) {
    EXPECT_EQ(record.at("error_kind").as_string(), "throttled") << json::serialize(record);
    EXPECT_EQ(record.at("attempts").to_number<int>(), 2);
  }
}

TEST_P(Providers, AnErrorInsideTheStreamEndsTheRequestWithTheProvidersType) {
  const RunResult result = run({"--fault", "error-event:1"}, GetParam().client, 2, 8);
  EXPECT_EQ(result.exit_code, 3) << result.output;
  const auto all = records();
  ASSERT_EQ(all.size(), 2u);
  for (const json::object& record : all) {
    EXPECT_EQ(record.at("error_kind").as_string(), GetParam().mid_stream_kind) << json::serialize(record);
    const auto* type = record.if_contains("error_type");
    if (*GetParam().mid_stream_type != '\0') {
      ASSERT_NE(type, nullptr) << json::serialize(record);
      EXPECT_EQ(type->as_string(), GetParam().mid_stream_type);
    }
    EXPECT_EQ(record.at("attempts").to_number<int>(), 1);  // the server did work: not retried
  }
}

// Vertex tokens that live 2 s, in a run of 5 s: the token is refreshed during the run, and the
// requests built ahead with an older token are authorised again at sending; none is refused.
TEST(VertexTokens, AreRefreshedDuringTheRun) {
  MockProcess mock({"--dialect", "vertex", "--google-client-email", "bench@genai-bench-test.iam.gserviceaccount.com",
                    "--google-public-key", kFixtures + "/google-auth/public-key.pem", "--token-lifetime-s", "2",
                    "--ttft-ms", "20", "--itl-ms", "5"});
  const std::string folder = make_temporary_folder();
  prepare(folder, mock);
  const RunResult result = run_genai_bench(
      {"benchmark", "--api-base", mock.base_url(), "--api-backend", "gcp-vertex", "--api-model-name", "gemini-2.0-flash",
       "--gcp-project-id", "bench", "--gcp-credentials-path", folder + "/service-account.json", "--traffic-scenario",
       "D(100,10)", "--num-concurrency", "2", "--max-time-per-run", "5s", "--max-requests-per-run", "100000",
       "--output-dir", folder + "/out", "--no-ui"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto all = records_in(folder + "/out");
  ASSERT_GT(all.size(), 50u);
  int64_t last_start_ns = 0;
  for (const json::object& record : all) {
    EXPECT_TRUE(record.at("ok").as_bool()) << json::serialize(record);
    last_start_ns = std::max(last_start_ns, record.at("t_start_ns").to_number<int64_t>());
  }
  EXPECT_GT(last_start_ns, 4'000'000'000);  // requests kept going well past the first token's 2 s
  EXPECT_EQ(result.output.find("refreshing the access token failed"), std::string::npos) << result.output;
}

// Embeddings and rerank through the providers that serve them: every request succeeds and the
// input count comes from the provider where it reports one (Cohere's rerank and OCI's bill no
// tokens: the local estimate then).
struct PoolingCase {
  const char* name;
  Arguments mock;
  Arguments client;
  const char* input_source;
};

void PrintTo(const PoolingCase& pooling, std::ostream* out) { *out << pooling.name; }

class ProviderPooling : public ::testing::TestWithParam<PoolingCase> {};

TEST_P(ProviderPooling, RequestsSucceedWithTheProvidersInputCount) {
  Arguments mock_arguments = GetParam().mock;
  mock_arguments.insert(mock_arguments.end(), {"--ttft-ms", "10"});
  MockProcess mock(mock_arguments);
  const std::string folder = make_temporary_folder();
  prepare(folder, mock);
  Arguments arguments = {"benchmark", "--api-base", mock.base_url(), "--batch-size", "3", "--num-concurrency", "2",
                         "--max-requests-per-run", "6", "--output-dir", folder + "/out", "--no-ui"};
  const Arguments specific = in_folder(GetParam().client, folder);
  arguments.insert(arguments.end(), specific.begin(), specific.end());
  // One scenario (without one, a real server gets Python genai-bench's whole default sweep).
  const bool rerank = std::find(specific.begin(), specific.end(), "text-to-rerank") != specific.end();
  arguments.insert(arguments.end(), {"--traffic-scenario", rerank ? "R(128,32)" : "E(128)"});
  const RunResult result = run_genai_bench(arguments);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto all = records_in(folder + "/out");
  ASSERT_EQ(all.size(), 6u);
  for (const json::object& record : all) {
    ASSERT_TRUE(record.at("ok").as_bool()) << json::serialize(record);
    EXPECT_EQ(record.at("input_source").as_string(), GetParam().input_source) << json::serialize(record);
    EXPECT_GT(record.at("input_tokens").to_number<int>(), 0);
    EXPECT_EQ(record.at("output_source").as_string(), "none");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Dialects, ProviderPooling,
    ::testing::Values(
        PoolingCase{"azure_embeddings", {"--dialect", "azure", "--require-key", kSecret},
                    {"--api-backend", "azure-openai", "--api-model-name", "text-embedding-3-small", "--model-api-key",
                     kSecret, "--task", "text-to-embeddings"},
                    "usage"},
        PoolingCase{"cohere_embed", {"--dialect", "cohere", "--require-key", kSecret},
                    {"--api-backend", "cohere", "--api-model-name", "embed-v4.0", "--model-api-key", kSecret, "--task",
                     "text-to-embeddings"},
                    "usage"},
        PoolingCase{"cohere_rerank", {"--dialect", "cohere", "--require-key", kSecret},
                    {"--api-backend", "cohere", "--api-model-name", "rerank-v3.5", "--model-api-key", kSecret, "--task",
                     "text-to-rerank"},
                    "estimate"},
        PoolingCase{"vertex_embeddings", {"--dialect", "vertex", "--require-key", kSecret},
                    {"--api-backend", "gcp-vertex", "--api-model-name", "text-embedding-005", "--gcp-project-id", "bench",
                     "--model-api-key", kSecret, "--task", "text-to-embeddings"},
                    "usage"},
        PoolingCase{"oci_cohere_embed", {"--dialect", "oci", "--oci-key-id", kOciKeyId, "--oci-public-key",
                                         kFixtures + "/oci-signing/go_sdk_test_public_key.pem"},
                    {"--api-backend", "oci-cohere", "--api-model-name", "cohere.embed-english-v3.0", "--config-file",
                     "{folder}/oci_config", "--additional-request-params", R"({"compartmentId":"c"})", "--task",
                     "text-to-embeddings"},
                    "estimate"},
        PoolingCase{"oci_cohere_rerank", {"--dialect", "oci", "--oci-key-id", kOciKeyId, "--oci-public-key",
                                          kFixtures + "/oci-signing/go_sdk_test_public_key.pem"},
                    {"--api-backend", "oci-cohere", "--api-model-name", "cohere.rerank-v3.5", "--config-file",
                     "{folder}/oci_config", "--additional-request-params", R"({"compartmentId":"c"})", "--task",
                     "text-to-rerank"},
                    "estimate"}),
    [](const ::testing::TestParamInfo<PoolingCase>& param_info) { return std::string(param_info.param.name); });

// Bedrock credentials from a profile of the AWS files (named by --aws-profile, the files by
// AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE, as boto3 reads them), the region from the
// profile's config: the mock verifies the signature with that key and region.
TEST(BedrockProfiles, CredentialsAndRegionComeFromTheProfile) {
  MockProcess mock({"--dialect", "bedrock", "--aws-access-key-id", "AKIDPROFILE", "--aws-secret-access-key", kSecret,
                    "--aws-region", "eu-west-3", "--ttft-ms", "5", "--itl-ms", "1"});
  const std::string folder = make_temporary_folder();
  write_text(folder + "/credentials", std::string("[default]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = nope\n"
                                                  "[bench]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = ") +
                                          kSecret + "\n");
  write_text(folder + "/config", "[profile bench]\nregion = eu-west-3\n");
  ::setenv("AWS_SHARED_CREDENTIALS_FILE", (folder + "/credentials").c_str(), 1);
  ::setenv("AWS_CONFIG_FILE", (folder + "/config").c_str(), 1);
  for (const char* name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION",
                           "AWS_PROFILE"}) {
    ::unsetenv(name);
  }
  const RunResult result = run_genai_bench(
      {"benchmark", "--api-base", mock.base_url(), "--api-backend", "aws-bedrock", "--api-model-name",
       "anthropic.claude-3-haiku-20240307-v1:0", "--aws-profile", "bench", "--traffic-scenario", "D(50,4)",
       "--num-concurrency", "1", "--max-requests-per-run", "2", "--output-dir", folder + "/out", "--no-ui"});
  ::unsetenv("AWS_SHARED_CREDENTIALS_FILE");
  ::unsetenv("AWS_CONFIG_FILE");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto all = records_in(folder + "/out");
  ASSERT_EQ(all.size(), 2u);
  for (const json::object& record : all) EXPECT_TRUE(record.at("ok").as_bool()) << json::serialize(record);
  EXPECT_EQ(result.output.find(kSecret), std::string::npos);
}

// Images to Gemini on Vertex (--task image-text-to-text): the mock refuses a malformed image part,
// sizes each PNG from its header and bills it as Vertex documents for Gemini: 258 tokens an image
// with both sides at most 384 px, else 258 a 768 x 768 tile. So the usage each record carries is
// the text's tokens (the mock's 4 characters a token) plus a known count per scenario.
TEST(VertexImages, GeminiGetsTheScenariosImagesInline) {
  MockProcess mock({"--dialect", "vertex", "--require-key", kSecret, "--ttft-ms", "5", "--itl-ms", "1"});
  const std::string folder = make_temporary_folder();
  const RunResult result = run_genai_bench(
      {"benchmark", "--api-base", mock.base_url(), "--api-backend", "gcp-vertex", "--api-model-name", "gemini-1.5-pro-vision",
       "--gcp-project-id", "bench", "--model-api-key", kSecret, "--task", "image-text-to-text", "--traffic-scenario",
       "I(300,200)", "--traffic-scenario", "I(1000,300,2)", "--num-concurrency", "1", "--max-requests-per-run", "2",
       "--output-dir", folder + "/out", "--no-ui"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto all = records_in(folder + "/out");
  ASSERT_EQ(all.size(), 4u);
  for (const json::object& record : all) {
    ASSERT_TRUE(record.at("ok").as_bool()) << json::serialize(record);
    EXPECT_EQ(record.at("input_source").as_string(), "usage") << json::serialize(record);
    // I(300,200): one small image; I(1000,300,2): two images of 2 x 1 tiles each.
    const int64_t image_tokens = record.at("run").to_number<int>() == 0 ? 258 : 2 * 2 * 258;
    const int64_t text_tokens = std::max<int64_t>(1, (record.at("input_chars").to_number<int64_t>() + 3) / 4);
    EXPECT_EQ(record.at("input_tokens").to_number<int64_t>(), text_tokens + image_tokens) << json::serialize(record);
  }
  // A Claude model on Vertex takes no images here: refused in one line before any request.
  const RunResult claude = run_genai_bench(
      {"benchmark", "--api-base", mock.base_url(), "--api-backend", "gcp-vertex", "--api-model-name", "claude-3-5-sonnet",
       "--gcp-project-id", "bench", "--model-api-key", kSecret, "--task", "image-text-to-text", "--traffic-scenario",
       "I(64,64)", "--max-requests-per-run", "1", "--output-dir", folder + "/claude", "--no-ui"});
  EXPECT_NE(claude.exit_code, 0);
  EXPECT_NE(claude.output.find("--task image-text-to-text: not yet with --api-backend gcp-vertex and a Claude model"),
            std::string::npos) << claude.output;
}

// OCI instance principals: the mock plays the instance metadata service and the auth service's
// federation endpoint (found through Oracle's SDKs' variables), issues a session token only for a
// request signed with the instance's leaf key, and accepts generation requests only when signed
// "ST$<that token>" with the session key it was sent.
TEST(OciInstancePrincipals, RequestsAreSignedWithTheSessionTokenTheInstanceGot) {
  MockProcess mock({"--dialect", "oci", "--oci-instance-identity", kFixtures + "/oci-instance-principal", "--ttft-ms", "5",
                    "--itl-ms", "1"});
  const std::string folder = make_temporary_folder();
  ::setenv("OCI_METADATA_BASE_URL", (mock.base_url() + "/opc/v2").c_str(), 1);
  ::setenv("OCI_SDK_AUTH_CLIENT_REGION_URL", mock.base_url().c_str(), 1);
  const RunResult result = run_genai_bench(
      {"benchmark", "--api-base", mock.base_url(), "--api-backend", "oci-cohere", "--auth", "instance_principal",
       "--region", "us-chicago-1", "--api-model-name", "cohere.command-r-plus", "--additional-request-params",
       R"({"compartmentId":"ocid1.compartment.oc1..c"})", "--traffic-scenario", "D(50,4)", "--num-concurrency", "2",
       "--max-requests-per-run", "4", "--output-dir", folder + "/out", "--no-ui"});
  // Nothing listens at the metadata address: one line, and no run.
  ::setenv("OCI_METADATA_BASE_URL", "http://127.0.0.1:1/opc/v2", 1);
  const RunResult unreachable = run_genai_bench(
      {"benchmark", "--api-base", mock.base_url(), "--api-backend", "oci-cohere", "--auth", "instance_principal",
       "--api-model-name", "cohere.command-r-plus", "--additional-request-params", R"({"compartmentId":"c"})",
       "--traffic-scenario", "D(50,4)", "--max-requests-per-run", "1", "--output-dir", folder + "/none", "--no-ui"});
  ::unsetenv("OCI_METADATA_BASE_URL");
  ::unsetenv("OCI_SDK_AUTH_CLIENT_REGION_URL");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto all = records_in(folder + "/out");
  ASSERT_EQ(all.size(), 4u);
  for (const json::object& record : all) EXPECT_TRUE(record.at("ok").as_bool()) << json::serialize(record);
  EXPECT_NE(unreachable.exit_code, 0);
  EXPECT_NE(unreachable.output.find("--auth instance_principal: "), std::string::npos) << unreachable.output;
  EXPECT_NE(unreachable.output.find("127.0.0.1:1"), std::string::npos) << unreachable.output;
}

const std::string kGoodAws = "AKIDBENCH";

INSTANTIATE_TEST_SUITE_P(
    Dialects, Providers,
    ::testing::Values(
        ProviderCase{"anthropic", {"--dialect", "anthropic", "--require-key", kSecret},
                     {"--api-backend", "anthropic", "--api-model-name", "claude-sonnet-4", "--api-key", kSecret},
                     {"--api-backend", "anthropic", "--api-model-name", "claude-sonnet-4", "--api-key", "wrong-key-1"},
                     401, "usage", "throttled", "overloaded_error"},
        ProviderCase{"azure_openai", {"--dialect", "azure", "--require-key", kSecret},
                     {"--api-backend", "azure-openai", "--api-model-name", "gpt-4o", "--azure-deployment", "bench",
                      "--model-api-key", kSecret},
                     {"--api-backend", "azure-openai", "--api-model-name", "gpt-4o", "--model-api-key", "wrong-key-1"},
                     401, "usage", "stream_error", ""},
        ProviderCase{"cohere", {"--dialect", "cohere", "--require-key", kSecret},
                     {"--api-backend", "cohere", "--api-model-name", "command-r", "--model-api-key", kSecret},
                     {"--api-backend", "cohere", "--api-model-name", "command-r", "--model-api-key", "wrong-key-1"},
                     401, "usage", "stream_error", ""},
        ProviderCase{"aws_bedrock_converse",
                     {"--dialect", "bedrock", "--aws-access-key-id", kGoodAws, "--aws-secret-access-key", kSecret},
                     {"--api-backend", "aws-bedrock", "--api-model-name", "anthropic.claude-3-haiku-20240307-v1:0",
                      "--aws-access-key-id", kGoodAws, "--aws-secret-access-key", kSecret, "--aws-region", "us-east-1"},
                     {"--api-backend", "aws-bedrock", "--api-model-name", "anthropic.claude-3-haiku-20240307-v1:0",
                      "--aws-access-key-id", kGoodAws, "--aws-secret-access-key", "wrong-secret-1", "--aws-region", "us-east-1"},
                     403, "usage", "throttled", "throttlingException"},
        ProviderCase{"aws_bedrock_invoke_claude",
                     {"--dialect", "bedrock", "--aws-access-key-id", kGoodAws, "--aws-secret-access-key", kSecret},
                     {"--api-backend", "aws-bedrock", "--bedrock-api", "invoke", "--api-model-name",
                      "anthropic.claude-3-haiku-20240307-v1:0", "--aws-access-key-id", kGoodAws,
                      "--aws-secret-access-key", kSecret},
                     {"--api-backend", "aws-bedrock", "--bedrock-api", "invoke", "--api-model-name",
                      "anthropic.claude-3-haiku-20240307-v1:0", "--aws-access-key-id", "AKIDOTHER",
                      "--aws-secret-access-key", kSecret},
                     403, "usage", "throttled", "throttlingException"},
        ProviderCase{"gcp_vertex_gemini",
                     {"--dialect", "vertex", "--google-client-email", "bench@genai-bench-test.iam.gserviceaccount.com",
                      "--google-public-key", kFixtures + "/google-auth/public-key.pem"},
                     {"--api-backend", "gcp-vertex", "--api-model-name", "gemini-2.0-flash", "--gcp-project-id", "bench",
                      "--gcp-credentials-path", "{folder}/service-account.json"},
                     {"--api-backend", "gcp-vertex", "--api-model-name", "gemini-2.0-flash", "--gcp-project-id", "bench",
                      "--model-api-key", "wrong-key-1"},
                     401, "usage", "throttled", "RESOURCE_EXHAUSTED"},
        ProviderCase{"gcp_vertex_claude",
                     {"--dialect", "vertex", "--require-key", kSecret},
                     {"--api-backend", "gcp-vertex", "--api-model-name", "claude-3-5-sonnet", "--gcp-project-id", "bench",
                      "--model-api-key", kSecret},
                     {"--api-backend", "gcp-vertex", "--api-model-name", "claude-3-5-sonnet", "--gcp-project-id", "bench",
                      "--model-api-key", "wrong-key-1"},
                     401, "usage", "throttled", "overloaded_error"},
        ProviderCase{"oci_genai", {"--dialect", "oci", "--oci-key-id", kOciKeyId, "--oci-public-key",
                                   kFixtures + "/oci-signing/go_sdk_test_public_key.pem"},
                     {"--api-backend", "oci-genai", "--api-model-name", "meta.llama-3.3-70b", "--config-file",
                      "{folder}/oci_config", "--additional-request-params", R"({"compartmentId":"ocid1.compartment.oc1..c"})"},
                     {"--api-backend", "oci-genai", "--api-model-name", "meta.llama-3.3-70b", "--config-file",
                      "{folder}/oci_config", "--profile", "WRONG_KEY", "--additional-request-params",
                      R"({"compartmentId":"ocid1.compartment.oc1..c"})"},
                     401, "usage", "stream_error", "InternalServerError"},
        ProviderCase{"oci_cohere_v2", {"--dialect", "oci", "--oci-key-id", kOciKeyId, "--oci-public-key",
                                       kFixtures + "/oci-signing/go_sdk_test_public_key.pem"},
                     {"--api-backend", "oci-cohere-v2", "--api-model-name", "cohere.command-a", "--config-file",
                      "{folder}/oci_config", "--additional-request-params", R"({"compartmentId":"ocid1.compartment.oc1..c"})"},
                     {"--api-backend", "oci-cohere-v2", "--api-model-name", "cohere.command-a", "--config-file",
                      "{folder}/oci_config", "--profile", "WRONG_KEY", "--additional-request-params",
                      R"({"compartmentId":"ocid1.compartment.oc1..c"})"},
                     401, "usage", "stream_error", "InternalServerError"},
        ProviderCase{"oci_security_token", {"--dialect", "oci", "--oci-key-id", "ST$session-token-0123", "--oci-public-key",
                                            kFixtures + "/oci-signing/go_sdk_test_public_key.pem"},
                     {"--api-backend", "oci-genai", "--api-model-name", "meta.llama-3.3-70b", "--auth", "security_token",
                      "--config-file", "{folder}/oci_config", "--profile", "SESSION", "--additional-request-params",
                      R"({"compartmentId":"ocid1.compartment.oc1..c"})"},
                     {"--api-backend", "oci-genai", "--api-model-name", "meta.llama-3.3-70b", "--auth", "security_token",
                      "--config-file", "{folder}/oci_config", "--profile", "SESSION", "--security-token", "expired-token",
                      "--additional-request-params", R"({"compartmentId":"ocid1.compartment.oc1..c"})"},
                     401, "usage", "stream_error", "InternalServerError"}),
    [](const ::testing::TestParamInfo<ProviderCase>& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace genai::testing
