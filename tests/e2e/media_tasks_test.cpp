// The media tasks end to end: text-to-image, text-to-speech and image-to-embeddings against the
// mock (whose latencies and sizes are known: the audio is 64 bytes a byte of text, sent from
// --ttft-ms on), and their request bodies, field by field, as Python genai-bench sends them, read
// by a recording server.
#include <gtest/gtest.h>

#include <algorithm>

#include <boost/json.hpp>
#include <mutex>

#include "e2e/fault_server.h"
#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

int64_t field(const json::value& record, const char* key) { return record.at(key).to_number<int64_t>(); }

// Answers each endpoint in its shape (the speech endpoint: `kAudioBytes` of audio), keeping the
// bodies it received.
class MediaServer {
 public:
  static constexpr size_t kAudioBytes = 5000;
  MediaServer()
      : server_([this](FaultConnection& connection) {
          while (connection.read_request() >= 0) {
            const std::string& head = connection.last_request_head();
            {
              std::lock_guard lock(mutex_);
              bodies_.push_back(json::parse(connection.last_request_body()).as_object());
              paths_.push_back(head.substr(5, head.find(' ', 5) - 5));
              heads_.push_back(head);
            }
            std::string type = "application/json", body;
            if (head.find("/v1/audio/speech ") != std::string::npos) {
              type = "audio/mpeg";
              body.assign(kAudioBytes, '\0');
            } else if (head.find("/v1/images/generations ") != std::string::npos) {
              body = R"({"created":1,"data":[{"b64_json":"iVBORw0KGgo="},{"url":"https://x/y.png"}]})";
            } else {
              body = R"({"data":[{"object":"embedding","index":0,"embedding":[0.5]}],"usage":{"prompt_tokens":9,"total_tokens":9}})";
            }
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + std::to_string(body.size()) +
                             "\r\n\r\n" + body);
          }
        }) {}
  std::string base_url() const { return server_.base_url(); }
  std::vector<json::object> bodies() const {
    std::lock_guard lock(mutex_);
    return bodies_;
  }
  std::vector<std::string> paths() const {
    std::lock_guard lock(mutex_);
    return paths_;
  }
  std::vector<std::string> heads() const {
    std::lock_guard lock(mutex_);
    return heads_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<json::object> bodies_;
  std::vector<std::string> paths_, heads_;
  FaultServer server_;
};

RunResult run_task(const std::string& base_url, const std::string& folder, const std::string& name,
                   std::vector<std::string> arguments) {
  std::vector<std::string> command = {"benchmark", "--api-backend", "vllm", "--api-base", base_url, "--api-model-name", "m",
                                      "--num-concurrency", "1", "--output-dir", folder, "--experiment-name", name, "--no-ui"};
  command.insert(command.end(), arguments.begin(), arguments.end());
  return run_genai_bench(command);
}

TEST(MediaTasks, TextToSpeechTimesTheFirstAudioByteAndCountsTheAudio) {
  const std::string folder = make_temporary_folder();
  MockProcess mock({"--ttft-ms", "80", "--itl-ms", "3"});
  const RunResult run = run_task(mock.base_url(), folder, "tts",
                                 {"--task", "text-to-speech", "--traffic-scenario", "A(100)", "--traffic-scenario", "A(700)",
                                  "--max-requests-per-run", "3"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::vector<std::string> lines = read_lines(folder + "/tts/records.jsonl");
  ASSERT_EQ(lines.size(), 6u);
  for (const std::string& line : lines) {
    const json::value record = json::parse(line);
    EXPECT_TRUE(record.at("ok").as_bool()) << line;
    const int64_t chars = field(record, "run") == 0 ? 100 : 700;
    EXPECT_EQ(field(record, "input_chars"), chars) << line;  // the built-in text is ASCII: a byte a character
    EXPECT_EQ(field(record, "audio_bytes"), 64 * chars) << line;  // what the mock sent for that text
    // The TTFB: not before the mock's injected 80 ms. The rest of the audio follows in 4 KiB chunks
    // due 3 ms apart (100 characters: 6,400 bytes, 2 chunks, 1 gap; 700: 44,800 bytes, 11 chunks,
    // 10 gaps); a late mock sends what is overdue at once, but never a chunk before it is due.
    const int64_t ttfb_ns = field(record, "t_first_ns") - field(record, "t_start_ns");
    EXPECT_GE(ttfb_ns, 80'000'000) << line;
    EXPECT_GE(field(record, "t_end_ns") - field(record, "t_start_ns"), chars == 700 ? 110'000'000 : 83'000'000) << line;
    EXPECT_EQ(record.at("output_source").as_string(), "none") << line;
  }
  // Each run's summary: all the audio, and the per-request audio throughput as computed by hand
  // from the records: audio bytes / (E2E - TTFB).
  const json::array summaries = read_json_file(folder + "/tts/summary.json").as_array();
  ASSERT_EQ(summaries.size(), 2u);
  EXPECT_EQ(summaries[0].at("total_audio_bytes").to_number<int64_t>(), 3 * 64 * 100);
  EXPECT_EQ(summaries[1].at("total_audio_bytes").to_number<int64_t>(), 3 * 64 * 700);
  EXPECT_GT(summaries[1].at("throughput").at("audio_bytes_per_s").to_number<double>(), 0);
  double highest_bps = 0;
  for (const std::string& line : lines) {
    const json::value record = json::parse(line);
    if (field(record, "run") != 1) continue;
    const double after_first_s = static_cast<double>(field(record, "t_end_ns") - field(record, "t_first_ns")) / 1e9;
    highest_bps = std::max(highest_bps, static_cast<double>(field(record, "audio_bytes")) / after_first_s);
  }
  EXPECT_NEAR(summaries[1].at("audio_throughput_bps").at("max").to_number<double>(), highest_bps, highest_bps * 1e-9);
}

TEST(MediaTasks, TextToImageCountsTheImagesOfEachResponse) {
  const std::string folder = make_temporary_folder();
  MockProcess mock({"--ttft-ms", "40"});
  const RunResult run = run_task(mock.base_url(), folder, "images",
                                 {"--task", "text-to-image", "--traffic-scenario", "I(512,512,3)", "--max-requests-per-run", "3"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string& line : read_lines(folder + "/images/records.jsonl")) {
    const json::value record = json::parse(line);
    EXPECT_TRUE(record.at("ok").as_bool()) << line;
    EXPECT_EQ(field(record, "images"), 3) << line;
    EXPECT_GE(field(record, "t_end_ns") - field(record, "t_start_ns"), 40'000'000) << line;
    EXPECT_EQ(field(record, "t_first_ns"), -1) << line;  // one whole answer: no first token
  }
  EXPECT_EQ(read_json_file(folder + "/images/summary.json").as_array()[0].at("total_images").to_number<int64_t>(), 9);
}

// I(56,84,2): two 56 x 84 PNGs; the mock counts ceil(56/28) x ceil(84/28) = 6 tokens an image.
TEST(MediaTasks, ImageToEmbeddingsSendsTheScenariosImages) {
  const std::string folder = make_temporary_folder();
  MockProcess mock({"--ttft-ms", "5"});
  const RunResult run = run_task(mock.base_url(), folder, "embed",
                                 {"--task", "image-to-embeddings", "--traffic-scenario", "I(56,84,2)", "--max-requests-per-run", "3"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string& line : read_lines(folder + "/embed/records.jsonl")) {
    const json::value record = json::parse(line);
    EXPECT_TRUE(record.at("ok").as_bool()) << line;
    EXPECT_EQ(field(record, "input_tokens"), 2 * 6) << line;
    EXPECT_EQ(record.at("input_source").as_string(), "usage") << line;
    EXPECT_EQ(record.at("output_source").as_string(), "none") << line;
  }
}

// Python genai-bench serves image-to-embeddings through Cohere: /v2/embed with "images", billed
// by the mock as the PNGs' patches (I(56,84): 6 tokens).
TEST(MediaTasks, ImageToEmbeddingsThroughCohere) {
  const std::string folder = make_temporary_folder();
  MockProcess mock({"--dialect", "cohere", "--require-key", "cohere-key", "--ttft-ms", "5"});
  const RunResult run = run_genai_bench({"benchmark", "--api-backend", "cohere", "--api-base", mock.base_url(), "--api-model-name",
                                         "embed-v4.0", "--model-api-key", "cohere-key", "--task", "image-to-embeddings",
                                         "--traffic-scenario", "I(56,84)", "--num-concurrency", "1", "--max-requests-per-run", "2",
                                         "--output-dir", folder,
                                         "--experiment-name", "cohere", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string& line : read_lines(folder + "/cohere/records.jsonl")) {
    const json::value record = json::parse(line);
    EXPECT_TRUE(record.at("ok").as_bool()) << line;
    EXPECT_EQ(field(record, "input_tokens"), 6) << line;
  }
}

TEST(MediaTasks, RequestBodiesAsPythonSendsThem) {
  const std::string folder = make_temporary_folder();
  MediaServer server;
  RunResult run = run_task(server.base_url(), folder, "image",
                           {"--task", "text-to-image", "--traffic-scenario", "I(1024,1792,2)", "--max-requests-per-run", "1",
                            "--extra-body", R"({"quality": "hd", "response_format": "b64_json"})"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  run = run_task(server.base_url(), folder, "speech",
                 {"--task", "text-to-speech", "--traffic-scenario", "A(250)", "--max-requests-per-run", "1", "--extra-body",
                  R"({"voice": "nova", "response_format": "wav"})"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  run = run_task(server.base_url(), folder, "embed",
                 {"--task", "image-to-embeddings", "--traffic-scenario", "I(64,32)", "--max-requests-per-run", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  write_text(folder + "/lines.jsonl", "{\"prompt\": \"Read this aloud.\"}\n");
  run = run_task(server.base_url(), folder, "speech-dataset",
                 {"--task", "text-to-speech", "--dataset-path", folder + "/lines.jsonl", "--max-requests-per-run", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.output;

  const std::vector<json::object> bodies = server.bodies();
  ASSERT_EQ(bodies.size(), 4u);
  EXPECT_EQ(server.paths(), (std::vector<std::string>{"/v1/images/generations", "/v1/audio/speech", "/v1/embeddings",
                                                      "/v1/audio/speech"}));
  // Text-to-image: model, prompt, n, the extra fields, size from the scenario, quality.
  json::object image = bodies[0];
  EXPECT_FALSE(image.at("prompt").as_string().empty());
  image.erase("prompt");
  EXPECT_EQ(image, json::parse(R"({"model":"m","n":2,"response_format":"b64_json","size":"1024x1792","quality":"hd"})").as_object());
  // Text-to-speech: exactly 250 characters of text, the voice from --extra-body, its other fields.
  json::object speech = bodies[1];
  EXPECT_EQ(speech.at("input").as_string().size(), 250u);
  speech.erase("input");
  EXPECT_EQ(speech, json::parse(R"({"model":"m","voice":"nova","response_format":"wav"})").as_object());
  EXPECT_EQ(bodies[3], json::parse(R"({"model":"m","input":"Read this aloud.","voice":"alloy"})").as_object());
  // Image-to-embeddings: one user message holding the scenario's PNG.
  const json::object& embed = bodies[2];
  EXPECT_EQ(embed.size(), 3u);
  EXPECT_EQ(embed.at("model"), "m");
  EXPECT_EQ(embed.at("encoding_format"), "float");
  const json::array& content = embed.at("messages").at(0).at("content").as_array();
  ASSERT_EQ(content.size(), 1u);
  EXPECT_EQ(content[0].at("type"), "image_url");
  EXPECT_TRUE(content[0].at("image_url").at("url").as_string().starts_with("data:image/png;base64,"));

  // What the client recorded of the answers.
  EXPECT_EQ(field(json::parse(read_lines(folder + "/image/records.jsonl").at(0)), "images"), 2);
  EXPECT_EQ(field(json::parse(read_lines(folder + "/speech/records.jsonl").at(0)), "audio_bytes"),
            static_cast<int64_t>(MediaServer::kAudioBytes));
  EXPECT_EQ(field(json::parse(read_lines(folder + "/embed/records.jsonl").at(0)), "input_tokens"), 9);
}

TEST(MediaTasks, ScenariosAndFlagsOfAnotherTaskAreRefusedInOneLine) {
  const std::string folder = make_temporary_folder();
  struct Case {
    std::vector<std::string> arguments;
    std::string expected;
  };
  const Case cases[] = {
      {{"--task", "text-to-speech", "--traffic-scenario", "I(512,512)"},
       "I(512,512) is an image scenario, but --task is text-to-speech"},
      {{"--task", "text-to-image", "--traffic-scenario", "A(100)"}, "A(100) is a text-to-speech scenario, but --task is text-to-image"},
      {{"--task", "text-to-image", "--traffic-scenario", "I(64,64)", "--extra-body", R"({"n": 2})"},
       "I(width,height,images)"},
      {{"--task", "text-to-speech", "--traffic-scenario", "A(0)"}, "characters must be"},
      {{"--task", "text-to-speech", "--traffic-scenario", "A(10)", "--api-backend", "anthropic", "--api-base",
        "http://127.0.0.1:1", "--api-key", "k", "--api-model-name", "c"},
       "--task text-to-speech: not with --api-backend anthropic (served: openai, vllm, sglang, together, oci-openai)"},
      {{"--task", "text-to-image", "--traffic-scenario", "I(64,64)", "--api-backend", "oci-openai", "--api-base",
        "http://127.0.0.1:1", "--api-model-name", "m", "--auth", "security_token", "--config-file", folder + "/none"},
       "--additional-request-params: --api-backend oci-openai needs compartmentId"},
      {{"--task", "text-to-text", "--api-backend", "oci-openai", "--api-base", "http://127.0.0.1:1", "--api-model-name", "m"},
       "--api-backend oci-openai: --task text-to-text is not served"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> arguments = {"benchmark", "--output-dir", folder, "--no-ui"};
    arguments.insert(arguments.end(), c.arguments.begin(), c.arguments.end());
    const RunResult run = run_genai_bench(arguments);
    EXPECT_NE(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find(c.expected), std::string::npos) << run.output;
  }
}

}  // namespace
}  // namespace genai::testing

namespace genai::testing {
namespace {

const std::string kOciFixtures = std::string(GENAI_TESTS_DIR) + "/fixtures/oci-signing";
constexpr const char* kOciKeyId =
    "ocid1.tenancy.oc1..bench/ocid1.user.oc1..bench/20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34";

// An OCI config whose DEFAULT profile holds Oracle's Go SDK test key.
std::string write_oci_config(const std::string& folder) {
  write_text(folder + "/oci_config", "[DEFAULT]\nuser=ocid1.user.oc1..bench\n"
                                     "fingerprint=20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34\n"
                                     "key_file=" + kOciFixtures + "/go_sdk_test_private_key.pem\n"
                                     "tenancy=ocid1.tenancy.oc1..bench\nregion=us-chicago-1\n");
  return folder + "/oci_config";
}

RunResult run_oci_openai(const std::string& api_base, const std::string& folder, const std::string& name,
                         std::vector<std::string> arguments) {
  std::vector<std::string> command = {"benchmark", "--api-backend", "oci-openai", "--api-base", api_base,
                                      "--api-model-name", "openai.gpt-4o-mini-tts", "--auth", "user_principal",
                                      "--config-file", write_oci_config(folder), "--num-concurrency", "1",
                                      "--output-dir", folder, "--experiment-name", name,
                                      "--no-ui", "--additional-request-params",
                                      R"({"compartmentId": "ocid1.compartment.oc1..bench", "response_format": "wav"})"};
  command.insert(command.end(), arguments.begin(), arguments.end());
  return run_genai_bench(command);
}

// Python genai-bench's oci-openai: OCI's OpenAI-compatible image and speech endpoints. The mock,
// speaking OCI, verifies each request's signature against the test key and refuses one without a
// CompartmentId header; then serves it as its OpenAI endpoints do (64 bytes of audio a character).
TEST(OciOpenAi, ImagesAndSpeechAreSignedAndServed) {
  const std::string folder = make_temporary_folder();
  MockProcess mock({"--dialect", "oci", "--oci-key-id", kOciKeyId, "--oci-public-key",
                    kOciFixtures + "/go_sdk_test_public_key.pem", "--ttft-ms", "20"});
  RunResult run = run_oci_openai(mock.base_url() + "/openai/v1", folder, "speech",
                                 {"--task", "text-to-speech", "--traffic-scenario", "A(100)", "--max-requests-per-run", "2"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string& line : read_lines(folder + "/speech/records.jsonl")) {
    const json::value record = json::parse(line);
    EXPECT_TRUE(record.at("ok").as_bool()) << line;
    EXPECT_EQ(field(record, "audio_bytes"), 64 * 100) << line;
    EXPECT_GE(field(record, "t_first_ns") - field(record, "t_start_ns"), 20'000'000) << line;
  }
  run = run_oci_openai(mock.base_url() + "/openai/v1", folder, "images",
                       {"--task", "text-to-image", "--traffic-scenario", "I(256,256,2)", "--max-requests-per-run", "2"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string& line : read_lines(folder + "/images/records.jsonl")) {
    const json::value record = json::parse(line);
    EXPECT_TRUE(record.at("ok").as_bool()) << line;
    EXPECT_EQ(field(record, "images"), 2) << line;
  }
}

TEST(OciOpenAi, AnotherKeysSignatureIsRefusedAsOciRefusesIt) {
  const std::string folder = make_temporary_folder();
  // The mock expects another identity than the one the client signs as.
  MockProcess mock({"--dialect", "oci", "--oci-key-id",
                    "ocid1.tenancy.oc1..other/ocid1.user.oc1..other/20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34",
                    "--oci-public-key", kOciFixtures + "/go_sdk_test_public_key.pem"});
  const RunResult run = run_oci_openai(mock.base_url() + "/openai/v1", folder, "refused",
                                       {"--task", "text-to-speech", "--traffic-scenario", "A(10)", "--max-retries", "0",
                                        "--max-requests-per-run", "2"});
  EXPECT_NE(run.output.find("401"), std::string::npos) << run.output;
  for (const std::string& line : read_lines(folder + "/refused/records.jsonl")) {
    const json::value record = json::parse(line);
    EXPECT_FALSE(record.at("ok").as_bool()) << line;
    EXPECT_EQ(field(record, "http_status"), 401) << line;
  }
}

// What goes on the wire, read by the recording server: the compartment as a CompartmentId header
// and not in the body (as Python's SDK call sends it), an OCI signature, no Bearer key, and
// otherwise OpenAI's bodies under the /openai/v1 root.
TEST(OciOpenAi, TheCompartmentGoesInAHeaderNotTheBody) {
  const std::string folder = make_temporary_folder();
  MediaServer server;
  RunResult run = run_oci_openai(server.base_url() + "/openai/v1", folder, "speech",
                                 {"--task", "text-to-speech", "--traffic-scenario", "A(30)", "--max-requests-per-run", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  run = run_oci_openai(server.base_url() + "/openai/v1", folder, "image",
                       {"--task", "text-to-image", "--traffic-scenario", "I(512,512)", "--max-requests-per-run", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(server.paths(), (std::vector<std::string>{"/openai/v1/audio/speech", "/openai/v1/images/generations"}));
  for (const std::string& head : server.heads()) {
    EXPECT_NE(head.find("\r\nCompartmentId: ocid1.compartment.oc1..bench\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("Signature version=\"1\",keyId=\"" + std::string(kOciKeyId) + "\""), std::string::npos) << head;
    EXPECT_EQ(head.find("Bearer"), std::string::npos) << head;
  }
  const std::vector<json::object> bodies = server.bodies();
  ASSERT_EQ(bodies.size(), 2u);
  json::object speech = bodies[0];
  EXPECT_EQ(speech.at("input").as_string().size(), 30u);
  speech.erase("input");
  EXPECT_EQ(speech, json::parse(R"({"model":"openai.gpt-4o-mini-tts","voice":"alloy","response_format":"wav"})").as_object());
  json::object image = bodies[1];
  image.erase("prompt");
  EXPECT_EQ(image, json::parse(R"({"model":"openai.gpt-4o-mini-tts","n":1,"response_format":"wav","size":"512x512"})").as_object());
}

}  // namespace
}  // namespace genai::testing
