// Python genai-bench's command lines run here unchanged: its Locust-era and display options are
// accepted and said once what happens instead; a mistyped flag names the nearest known one; and
// the request bodies are Python's (temperature 0.0; for vLLM, SGLang and Together ignore_eos true
// with the scenario's max_tokens, and in the dataset scenario no max_tokens and ignore_eos false),
// checked on what a loopback server received.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <mutex>

#include "e2e/fault_server.h"
#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// An OpenAI-compatible stream for every request; the bodies received, in order.
class RecordingServer {
 public:
  RecordingServer()
      : server_([this](FaultConnection& connection) {
          while (connection.read_request() >= 0) {
            {
              std::lock_guard lock(mutex_);
              bodies_.push_back(json::parse(connection.last_request_body()).as_object());
            }
            connection.write(chunked_sse_response(2));
          }
        }) {}
  std::string base_url() const { return server_.base_url(); }
  std::vector<json::object> bodies() const {
    std::lock_guard lock(mutex_);
    return bodies_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<json::object> bodies_;
  FaultServer server_;
};

TEST(PythonCommandLines, LocustAndDisplayOptionsAreAcceptedAndSaidWhatHappensInstead) {
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--num-workers", "4", "--master-port", "5557", "--spawn-rate", "10",
                                         "--metrics-refresh-interval", "2", "--iteration-type", "batch_size",
                                         "--model", "llama-3.1-8b", "--log-dir", folder + "/logs",
                                         "--max-requests-per-run", "3", "--output-dir", folder, "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const char* note : {"--num-workers: no worker processes are needed", "--master-port: there is no master process",
                           "--metrics-refresh-interval: the live dashboard",
                           "--iteration-type batch_size: runs iterate over --num-concurrency for text-to-text"}) {
    EXPECT_NE(run.output.find(std::string("genai-bench: ") + note), std::string::npos) << note << "\n" << run.output;
  }
  // --model names the experiment folder as Python names it: BACKEND_TASK_MODEL_TIMESTAMP.
  std::string experiment;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("openai_text-to-text_llama-3.1-8b_", 0) == 0) experiment = folder + "/" + name;
  }
  ASSERT_FALSE(experiment.empty()) << run.output;
  // --spawn-rate starts users as Locust does (one user here: at once), and is recorded.
  EXPECT_EQ(read_json_file(experiment + "/experiment.json").at("options").at("ramp_up"), "--spawn-rate 10");
  // --log-dir holds the log (Python's genai_bench.log): every console line, the notes said before
  // the folder existed included, each stamped with the time; the experiment folder then holds none.
  const std::string log = read_text(folder + "/logs/genai_bench.log");
  EXPECT_NE(log.find("genai-bench: --num-workers: no worker processes are needed"), std::string::npos) << log;
  EXPECT_NE(log.find("run 1/1 D(128,128) @ 1: 3/3 done"), std::string::npos) << log;
  EXPECT_NE(log.find("Results: " + experiment), std::string::npos) << log;
  EXPECT_EQ(log.find('\033'), std::string::npos);
  EXPECT_EQ(log.front(), '2');  // "2026-11-30 11:40:00.123 genai-bench: ..."
  EXPECT_FALSE(std::filesystem::exists(experiment + "/genai_bench.log"));
}

TEST(PythonCommandLines, AnUnknownFlagNamesTheNearestOne) {
  struct Case {
    std::vector<std::string> arguments;
    std::string expected;
  };
  const Case cases[] = {
      {{"benchmark", "--api-bsae", "http://127.0.0.1:1"}, "unknown flag --api-bsae (did you mean --api-base?)"},
      {{"benchmark", "--traffic_scenaro=D(1,1)"}, "unknown flag --traffic_scenaro (did you mean --traffic-scenario?)"},
      {{"benchmark", "--completely-unrelated"}, "unknown flag --completely-unrelated; see genai-bench benchmark --help"},
      {{"tokenize", "--model-tokeniser", "gpt2", "/dev/null"}, "unknown flag --model-tokeniser (did you mean --model-tokenizer?)"},
  };
  for (const Case& c : cases) {
    const RunResult run = run_genai_bench(c.arguments);
    EXPECT_NE(run.exit_code, 0);
    EXPECT_NE(run.output.find(c.expected), std::string::npos) << run.output;
    EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
  }
}

TEST(PythonRequestBodies, VllmScenarioAndDatasetModesAsPythonSendsThem) {
  const std::string folder = make_temporary_folder();
  RecordingServer server;
  RunResult run = run_genai_bench({"benchmark", "--api-backend", "vllm", "--api-base", server.base_url(), "--api-model-name", "m",
                                   "--traffic-scenario", "D(10,7)", "--max-requests-per-run", "2", "--num-concurrency", "1", "--output-dir", folder,
                                   "--experiment-name", "scenario", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  write_text(folder + "/prompts.jsonl", "{\"prompt\": \"first\"}\n{\"prompt\": \"second\", \"output_tokens\": 5}\n");
  run = run_genai_bench({"benchmark", "--api-backend", "vllm", "--api-base", server.base_url(), "--api-model-name", "m",
                         "--dataset-path", folder + "/prompts.jsonl", "--dataset-sampling", "shuffle", "--max-requests-per-run", "2", "--num-concurrency", "1",
                         "--output-dir", folder, "--experiment-name", "dataset", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::vector<json::object> bodies = server.bodies();
  ASSERT_EQ(bodies.size(), 4u);
  for (size_t i = 0; i < 2; ++i) {  // the scenario's: its length, and ignore_eos so it is reached
    EXPECT_EQ(bodies[i].at("temperature").as_double(), 0.0);
    EXPECT_EQ(bodies[i].at("max_tokens").as_int64(), 7);
    EXPECT_TRUE(bodies[i].at("ignore_eos").as_bool());
    EXPECT_FALSE(bodies[i].contains("min_tokens"));
    EXPECT_TRUE(bodies[i].at("stream_options").at("include_usage").as_bool());
  }
  for (size_t i = 2; i < 4; ++i) {  // the dataset's: no length unless the entry has one
    const bool second = bodies[i].at("messages").as_array()[0].at("content").as_string() == "second";
    EXPECT_EQ(bodies[i].contains("max_tokens"), second) << json::serialize(bodies[i]);
    EXPECT_EQ(bodies[i].at("ignore_eos").as_bool(), second) << json::serialize(bodies[i]);
    EXPECT_EQ(bodies[i].at("temperature").as_double(), 0.0);
  }
}

// The user messages' longest common start.
size_t common_start(const std::vector<std::string>& texts) {
  size_t length = texts.front().size();
  for (const std::string& text : texts) {
    size_t same = 0;
    while (same < std::min(length, text.size()) && text[same] == texts.front()[same]) ++same;
    length = same;
  }
  return length;
}

std::vector<std::string> user_messages(const std::vector<json::object>& bodies, size_t from, size_t count) {
  std::vector<std::string> texts;
  for (size_t i = from; i < from + count; ++i) {
    const auto& messages = bodies[i].at("messages").as_array();
    EXPECT_EQ(messages.size(), 1u);  // one user message, as Python writes it
    texts.emplace_back(messages[0].at("content").as_string());
  }
  return texts;
}

// --prefix-len / --prefix-ratio: every request of a run starts with the same text of that many
// tokens (estimated here: 4 bytes each), then a separator, then its own text, to the scenario's
// input in all. Without a tokenizer lengths are estimates, so the bounds allow a word either way.
TEST(PythonPrefixCaching, ASharedStartOfTheAskedLengthInOneUserMessage) {
  const std::string folder = make_temporary_folder();
  RecordingServer server;
  RunResult run = run_genai_bench({"benchmark", "--api-base", server.base_url(), "--api-model-name", "m", "--prefix-len", "30",
                                   "--traffic-scenario", "D(80,4)", "--max-requests-per-run", "4", "--num-concurrency", "1", "--output-dir", folder,
                                   "--experiment-name", "len", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  run = run_genai_bench({"benchmark", "--api-base", server.base_url(), "--api-model-name", "m", "--prefix-ratio", "0.5",
                         "--traffic-scenario", "D(40,4)", "--traffic-scenario", "D(160,4)", "--max-requests-per-run", "4", "--num-concurrency", "1",
                         "--output-dir", folder, "--experiment-name", "ratio", "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::vector<json::object> bodies = server.bodies();
  ASSERT_EQ(bodies.size(), 12u);
  const struct {
    size_t from;
    size_t prefix_tokens, input_tokens;
  } runs[] = {{0, 30, 80}, {4, 20, 40}, {8, 80, 160}};
  for (const auto& expected : runs) {
    const std::vector<std::string> texts = user_messages(bodies, expected.from, 4);
    const size_t shared = common_start(texts);
    EXPECT_GE(shared, expected.prefix_tokens * 4 - 12) << texts.front();
    EXPECT_LE(shared, expected.prefix_tokens * 4 + 16) << texts.front();
    for (const std::string& text : texts) {
      EXPECT_NEAR(static_cast<double>(text.size()) / 4, static_cast<double>(expected.input_tokens), 4.0) << text;
    }
    EXPECT_NE(texts[0].substr(shared), texts[1].substr(shared));
  }
  // Python's rules, said in one line.
  for (const auto& [arguments, expected] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--prefix-len", "50", "--traffic-scenario", "N(100,20)/(10,2)"},
            "--prefix-len 50: longer than the shortest input N(100,20)/(10,2) draws (40 tokens)"},
           {{"--prefix-ratio", "0.5", "--traffic-scenario", "U(10,100)/(5,10)"}, "--prefix-ratio: needs D(in,out) scenarios"},
           {{"--prefix-len", "5", "--prefix-ratio", "0.5"}, "--prefix-len and --prefix-ratio: give one of them"}}) {
    std::vector<std::string> command = {"benchmark", "--output-dir", folder, "--no-ui"};
    command.insert(command.end(), arguments.begin(), arguments.end());
    const RunResult refused = run_genai_bench(command);
    EXPECT_EQ(refused.exit_code, 2) << refused.output;
    EXPECT_NE(refused.output.find("genai-bench: " + expected), std::string::npos) << refused.output;
  }
}

}  // namespace
}  // namespace genai::testing
