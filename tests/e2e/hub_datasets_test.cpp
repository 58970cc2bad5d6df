// --dataset-path ORG/NAME against a fake Hugging Face endpoint (HF_ENDPOINT on loopback) that
// answers as the Hub does: the API's file listing ({"sha", "siblings"}), resolve/main/FILE with
// X-Repo-Commit and ETag, 401 for a gated dataset without the token. The same loopback server is
// the chat API the benchmark talks to, and records every request body, so the prompts sent are
// compared with the dataset's rows themselves. Also: --dataset-config files (Python genai-bench's
// format, prompt_lambda), folders of images for image-text-to-text, and the `dataset` scenario.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "e2e/fault_server.h"
#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

const std::string kCommit = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const std::string kToken = "hf_dataset_secret_token_77";

struct Request {
  std::string method, path, authorization, body;
};

// A loopback HTTP/1.1 server (keep-alive, Content-Length bodies) answering with `handler`.
class LoopbackServer {
 public:
  explicit LoopbackServer(std::function<std::string(const Request&)> handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listen_fd_, 64);
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] {
      while (true) {
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0 || stopping_) {
          if (fd >= 0) ::close(fd);
          return;
        }
        std::lock_guard lock(mutex_);
        fds_.push_back(fd);
        threads_.emplace_back([this, fd] { serve(fd); });
      }
    });
  }
  ~LoopbackServer() {
    stopping_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
    acceptor_.join();
    std::lock_guard lock(mutex_);
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
    for (auto& thread : threads_) thread.join();
    for (int fd : fds_) ::close(fd);
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<Request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve(int fd) {
    std::string pending;
    char buffer[65536];
    while (true) {
      size_t head_end;
      while ((head_end = pending.find("\r\n\r\n")) == std::string::npos) {
        const ssize_t count = ::recv(fd, buffer, sizeof buffer, 0);
        if (count <= 0) return;
        pending.append(buffer, static_cast<size_t>(count));
      }
      const std::string head = pending.substr(0, head_end + 4);
      Request request;
      request.method = head.substr(0, head.find(' '));
      request.path = head.substr(head.find(' ') + 1, head.find(' ', head.find(' ') + 1) - head.find(' ') - 1);
      size_t body_length = 0;
      std::string lower = head;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      if (const size_t at = lower.find("\r\ncontent-length: "); at != std::string::npos) body_length = std::stoul(head.substr(at + 18));
      if (const size_t at = lower.find("\r\nauthorization: "); at != std::string::npos) {
        request.authorization = head.substr(at + 17, head.find("\r\n", at + 2) - at - 17);
      }
      while (pending.size() < head.size() + body_length) {
        const ssize_t count = ::recv(fd, buffer, sizeof buffer, 0);
        if (count <= 0) return;
        pending.append(buffer, static_cast<size_t>(count));
      }
      request.body = pending.substr(head.size(), body_length);
      pending.erase(0, head.size() + body_length);
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
      }
      const std::string reply = handler_(request);
      for (size_t sent = 0; sent < reply.size();) {
        const ssize_t count = ::send(fd, reply.data() + sent, reply.size() - sent, MSG_NOSIGNAL);
        if (count <= 0) return;
        sent += static_cast<size_t>(count);
      }
    }
  }

  std::function<std::string(const Request&)> handler_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<Request> requests_;
  std::vector<int> fds_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

std::string reply(const std::string& status, const std::string& headers, const std::string& body) {
  return "HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// A dataset repository: its files by path.
using Repo = std::map<std::string, std::string>;

// The Hub's answers for the datasets in `repos` (gated ones want kToken), and the chat API's.
std::string hub_and_chat(const std::map<std::string, Repo>& repos, const std::set<std::string>& gated, const Request& request) {
  if (request.path.starts_with("/v1/")) return chunked_sse_response(2);
  for (const auto& [id, files] : repos) {
    const std::string api = "/api/datasets/" + id + "/revision/main";
    const std::string resolve = "/datasets/" + id + "/resolve/main/";
    if (request.path != api && !request.path.starts_with(resolve)) continue;
    if (gated.count(id) && request.authorization != "Bearer " + kToken) {
      return reply("401 Unauthorized", "X-Error-Code: GatedRepo\r\n", R"({"error":"Access to this dataset is restricted"})");
    }
    if (request.path == api) {
      json::array siblings;
      for (const auto& [name, bytes] : files) siblings.push_back(json::object{{"rfilename", name}});
      return reply("200 OK", "Content-Type: application/json\r\n",
                   json::serialize(json::object{{"id", id}, {"sha", kCommit}, {"siblings", siblings}}));
    }
    const auto found = files.find(request.path.substr(resolve.size()));
    if (found == files.end()) return reply("404 Not Found", "X-Error-Code: EntryNotFound\r\n", "{}");
    // The blob's name: a sha256-like ETag, distinct per file.
    const std::string etag = std::to_string(std::hash<std::string>{}(found->second)) + "e7a9";
    return reply("200 OK", "X-Repo-Commit: " + kCommit + "\r\nETag: \"" + etag + "\"\r\n", found->second);
  }
  return reply("404 Not Found", "X-Error-Code: RepoNotFound\r\n", R"({"error":"Repository not found"})");
}

void use_hub(const std::string& endpoint, const std::string& cache, const std::string& token, bool offline) {
  ::setenv("HF_ENDPOINT", endpoint.c_str(), 1);
  ::setenv("HF_HUB_CACHE", cache.c_str(), 1);
  ::setenv("HF_HOME", (cache + "/home").c_str(), 1);
  if (token.empty()) ::unsetenv("HF_TOKEN");
  else ::setenv("HF_TOKEN", token.c_str(), 1);
  if (offline) ::setenv("HF_HUB_OFFLINE", "1", 1);
  else ::unsetenv("HF_HUB_OFFLINE");
  ::unsetenv("HUGGING_FACE_HUB_TOKEN");
}

RunResult benchmark(const std::string& api_base, const std::string& folder, const std::string& name,
                    const std::vector<std::string>& dataset_arguments, const std::string& requests = "4") {
  std::vector<std::string> arguments = {"benchmark", "--api-base", api_base, "--api-model-name", "m",
                                        "--max-requests-per-run", requests, "--num-concurrency", "1",
                                        "--dataset-sampling", "shuffle", "--output-dir", folder,
                                        "--experiment-name", name, "--no-ui"};
  arguments.insert(arguments.end(), dataset_arguments.begin(), dataset_arguments.end());
  return run_genai_bench(arguments, 120s);
}

// The user message contents the chat API received, as the messages' JSON.
std::vector<json::value> chat_contents(const std::vector<Request>& requests) {
  std::vector<json::value> contents;
  for (const Request& request : requests) {
    if (!request.path.starts_with("/v1/chat/completions")) continue;
    const json::value body = json::parse(request.body);
    contents.push_back(body.at("messages").as_array().back().at("content"));
  }
  return contents;
}

// Each chat request's max_tokens; 0 where it sent none.
std::multiset<int64_t> max_tokens_sent(const std::vector<Request>& requests) {
  std::multiset<int64_t> sent;
  for (const Request& request : requests) {
    if (!request.path.starts_with("/v1/")) continue;
    const json::object body = json::parse(request.body).as_object();
    sent.insert(body.contains("max_tokens") ? body.at("max_tokens").as_int64() : 0);
  }
  return sent;
}

std::multiset<std::string> text_prompts(const std::vector<Request>& requests) {
  std::multiset<std::string> prompts;
  for (const json::value& content : chat_contents(requests)) prompts.insert(std::string(content.as_string()));
  return prompts;
}

bool contains_anywhere(const std::string& folder, const std::string& secret) {
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file() && read_text(entry.path().string()).find(secret) != std::string::npos) return true;
  }
  return false;
}

const std::string kTrainJsonl =
    "{\"id\": 1, \"question\": \"Why is the sea salty?\"}\n"
    "{\"id\": 2, \"question\": \"How far is the moon?\", \"output_tokens\": 9}\n"
    "{\"id\": 3, \"question\": \"What is a prime?\"}\n";
const std::string kTestCsv = "id,question\n10,\"Name a colour, any colour\"\n11,Count to three\n";

std::map<std::string, Repo> qa_repos() {
  return {{"bench-org/qa", {{".gitattributes", "*.parquet filter=lfs\n"}, {"README.md", "# QA\n"},
                            {"data/train.jsonl", kTrainJsonl}, {"data/test.csv", kTestCsv}}},
          {"bench-org/gated", {{"train.jsonl", kTrainJsonl}}}};
}

TEST(HubDatasets, TheSplitsRowsAreThePromptsFetchedOnceIntoThePythonCacheThenOffline) {
  const std::string folder = make_temporary_folder();
  const std::string cache = folder + "/hub";
  const auto repos = qa_repos();
  {
    LoopbackServer hub([&](const Request& request) { return hub_and_chat(repos, {}, request); });
    use_hub(hub.base_url(), cache, "", false);
    // No split: train (the JSONL file), each of its three rows once per pass.
    RunResult run = benchmark(hub.base_url(), folder, "train", {"--dataset-path", "bench-org/qa", "--dataset-prompt-column", "question"}, "6");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_EQ(text_prompts(hub.requests()),
              (std::multiset<std::string>{"Why is the sea salty?", "Why is the sea salty?", "How far is the moon?",
                                          "How far is the moon?", "What is a prime?", "What is a prime?"}));
    EXPECT_NE(run.output.find("dataset bench-org/qa (split train, 1 json file) at main a1b2c3d4e5f6"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("Downloading data/train.jsonl of dataset bench-org/qa from " + hub.base_url() +
                              "/datasets/bench-org/qa/resolve/main/data/train.jsonl"),
              std::string::npos)
        << run.output;
    // The `dataset` scenario (the default with a dataset): a row's own output_tokens, else no
    // max_tokens (the server decides, as Python genai-bench leaves it; 0 here).
    EXPECT_EQ(max_tokens_sent(hub.requests()), (std::multiset<int64_t>{9, 9, 0, 0, 0, 0}));
  }
  {
    LoopbackServer hub([&](const Request& request) { return hub_and_chat(repos, {}, request); });
    use_hub(hub.base_url(), cache, "", false);
    RunResult run = benchmark(hub.base_url(), folder, "test",
                              {"--dataset_path", "bench-org/qa", "--dataset_prompt_column", "question", "--dataset_split", "test"});
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_EQ(text_prompts(hub.requests()), (std::multiset<std::string>{"Name a colour, any colour", "Name a colour, any colour",
                                                                        "Count to three", "Count to three"}));
    size_t downloads = 0;
    for (const Request& request : hub.requests()) downloads += request.path.find("/resolve/") != std::string::npos;
    EXPECT_EQ(downloads, 1u);  // test.csv; README.md was fetched by the first run and is cached
  }
  // huggingface_hub's layout: refs/main holds the commit; each file a relative symlink to its blob.
  const std::string repo = cache + "/datasets--bench-org--qa";
  EXPECT_EQ(read_text(repo + "/refs/main"), kCommit);
  for (const auto& [name, bytes] : repos.at("bench-org/qa")) {
    const std::string snapshot = repo + "/snapshots/" + kCommit + "/" + name;
    if (name == ".gitattributes") {
      EXPECT_FALSE(fs::exists(snapshot));  // only what a split needs is fetched
      continue;
    }
    ASSERT_TRUE(fs::is_symlink(snapshot)) << snapshot;
    const std::string etag = std::to_string(std::hash<std::string>{}(bytes)) + "e7a9";
    EXPECT_EQ(fs::read_symlink(snapshot).string(), std::string(name.find('/') != std::string::npos ? "../../../" : "../../") + "blobs/" + etag);
    EXPECT_EQ(read_text(snapshot), bytes);
  }
  // The Hub is gone: HF_HUB_OFFLINE=1 reads the listing and the files from the cache.
  {
    LoopbackServer chat([&](const Request& request) { return hub_and_chat({}, {}, request); });
    use_hub("http://127.0.0.1:9", cache, "", true);
    RunResult run = benchmark(chat.base_url(), folder, "offline",
                              {"--dataset-path", "bench-org/qa", "--dataset-prompt-column", "question", "--dataset-split", "test"});
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find("from the cache"), std::string::npos) << run.output;
    EXPECT_EQ(text_prompts(chat.requests()), (std::multiset<std::string>{"Name a colour, any colour", "Name a colour, any colour",
                                                                         "Count to three", "Count to three"}));
  }
}

TEST(HubDatasets, AGatedDatasetNeedsTheTokenWhichIsNeverWrittenAnywhere) {
  const std::string folder = make_temporary_folder();
  const auto repos = qa_repos();
  LoopbackServer hub([&](const Request& request) { return hub_and_chat(repos, {"bench-org/gated"}, request); });
  use_hub(hub.base_url(), folder + "/hub", "", false);
  const RunResult refused = benchmark(hub.base_url(), folder, "refused", {"--dataset-path", "bench-org/gated", "--dataset-prompt-column", "question"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("genai-bench: --dataset-path dataset bench-org/gated: " + hub.base_url() +
                                "/api/datasets/bench-org/gated/revision/main answered HTTP 401: gated or private: set HF_TOKEN\n"),
            std::string::npos)
      << refused.output;

  use_hub(hub.base_url(), folder + "/hub", kToken, false);
  const RunResult allowed = benchmark(hub.base_url(), folder, "allowed", {"--dataset-path", "bench-org/gated", "--dataset-prompt-column", "question"});
  ASSERT_EQ(allowed.exit_code, 0) << allowed.output;
  const auto sent = text_prompts(hub.requests());
  EXPECT_EQ(std::set<std::string>(sent.begin(), sent.end()),
            (std::set<std::string>{"Why is the sea salty?", "How far is the moon?", "What is a prime?"}));
  EXPECT_EQ(allowed.output.find(kToken), std::string::npos) << allowed.output;
  EXPECT_FALSE(contains_anywhere(folder, kToken));  // the experiment folders and the cache
  size_t with_token = 0;
  for (const Request& request : hub.requests()) {
    if (request.path.starts_with("/v1/")) {
      EXPECT_EQ(request.authorization.find(kToken), std::string::npos);
    }
    with_token += request.authorization == "Bearer " + kToken;
  }
  EXPECT_EQ(with_token, 2u);  // the listing and train.jsonl
}

TEST(HubDatasets, ErrorsAreOneLineNamingTheDatasetAndWhatIsWrong) {
  const std::string folder = make_temporary_folder();
  const auto repos = qa_repos();
  LoopbackServer hub([&](const Request& request) { return hub_and_chat(repos, {}, request); });
  use_hub(hub.base_url(), folder + "/hub", "", false);
  struct Case {
    std::vector<std::string> arguments;
    std::string expected;
  };
  const Case cases[] = {
      {{"--dataset-path", "bench-org/qa", "--dataset-split", "dev"},
       "genai-bench: --dataset-path dataset bench-org/qa (main): no split 'dev' (splits: train, test)\n"},
      {{"--dataset-path", "bench-org/nope"},
       "genai-bench: --dataset-path dataset bench-org/nope: " + hub.base_url() +
           "/api/datasets/bench-org/nope/revision/main answered HTTP 404: no such dataset or revision\n"},
      {{"--dataset-path", "bench-org/qa", "--dataset-prompt-column", "query"},
       "genai-bench: --dataset-path: " + folder + "/hub/datasets--bench-org--qa/snapshots/" + kCommit +
           "/data/train.jsonl: row 1 has no column 'query' (columns: id, question); choose one with --dataset-prompt-column\n"},
      {{"--dataset-path", "no such/file.jsonl"},
       "genai-bench: --dataset-path: 'no such/file.jsonl' is not a file, a folder or a Hugging Face dataset id (ORG/NAME)\n"},
      {{"--traffic-scenario", "dataset"},
       "genai-bench: --traffic-scenario dataset sends a dataset's own prompts: give --dataset-path or --dataset-config\n"},
  };
  int index = 0;
  for (const Case& c : cases) {
    const RunResult run = benchmark(hub.base_url(), folder, "error" + std::to_string(index++), c.arguments);
    EXPECT_NE(run.exit_code, 0);
    EXPECT_NE(run.output.find(c.expected), std::string::npos) << run.output;
  }
  use_hub("http://127.0.0.1:9", folder + "/empty-cache", "", true);
  const RunResult offline = benchmark(hub.base_url(), folder, "offline", {"--dataset-path", "bench-org/qa"});
  EXPECT_NE(offline.exit_code, 0);
  EXPECT_NE(offline.output.find("genai-bench: --dataset-path dataset bench-org/qa: not in the Hugging Face cache (" + folder +
                                "/empty-cache) at revision main and HF_HUB_OFFLINE is set\n"),
            std::string::npos)
      << offline.output;
}

std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t chunk = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) chunk |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) chunk |= static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[chunk >> 18 & 63];
    out += kAlphabet[chunk >> 12 & 63];
    out += i + 1 < bytes.size() ? kAlphabet[chunk >> 6 & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[chunk & 63] : '=';
  }
  return out;
}

// tests/fixtures/hub-datasets/vqa.parquet, written by arrow-rs (make_fixture.mjs there): its rows.
const std::string kVqaParquet = read_text(std::string(GENAI_TESTS_DIR) + "/fixtures/hub-datasets/vqa.parquet");
const std::string kConvertedCommit = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
const std::string kSky = std::string("\x89PNG\r\n\x1a\n", 8) + "sky";
const std::string kCat = std::string("\xff\xd8\xff\xe0", 4) + "cat";
const std::string kApples = std::string("\x89PNG\r\n\x1a\n", 8) + "apples";

// bench-org/vqa keeps its data as Parquet shards; bench-org/scripted has only a loading script,
// so its rows are on the Hub's Parquet conversion (refs/convert/parquet, another commit), whose
// files are fetched by that commit.
std::string parquet_hub_and_chat(const Request& request) {
  const auto listing = [](const std::string& commit, const std::vector<std::string>& files) {
    json::array siblings;
    for (const std::string& name : files) siblings.push_back(json::object{{"rfilename", name}});
    return reply("200 OK", "Content-Type: application/json\r\n", json::serialize(json::object{{"sha", commit}, {"siblings", siblings}}));
  };
  const auto file = [](const std::string& commit, const std::string& bytes) {
    return reply("200 OK", "X-Repo-Commit: " + commit + "\r\nETag: \"" + std::to_string(std::hash<std::string>{}(bytes)) + "\"\r\n", bytes);
  };
  if (request.path.starts_with("/v1/")) return chunked_sse_response(2);
  if (request.path == "/api/datasets/bench-org/vqa/revision/main") return listing(kCommit, {"README.md", "data/train-00000-of-00001.parquet"});
  if (request.path == "/datasets/bench-org/vqa/resolve/main/README.md") return file(kCommit, "# VQA\n");
  if (request.path == "/datasets/bench-org/vqa/resolve/main/data/train-00000-of-00001.parquet") return file(kCommit, kVqaParquet);
  if (request.path == "/api/datasets/bench-org/scripted/revision/main") return listing(kCommit, {"README.md", "scripted.py"});
  if (request.path == "/datasets/bench-org/scripted/resolve/main/README.md") return file(kCommit, "# Scripted\n");
  if (request.path == "/api/datasets/bench-org/scripted/revision/refs%2Fconvert%2Fparquet") {
    return listing(kConvertedCommit, {"default/train/0000.parquet"});
  }
  if (request.path == "/datasets/bench-org/scripted/resolve/" + kConvertedCommit + "/default/train/0000.parquet") {
    return file(kConvertedCommit, kVqaParquet);
  }
  return reply("404 Not Found", "X-Error-Code: EntryNotFound\r\n", "{}");
}

TEST(HubDatasets, ParquetRowsAndImagesAlsoFromTheHubsParquetConversion) {
  const std::string folder = make_temporary_folder();
  LoopbackServer hub(parquet_hub_and_chat);
  use_hub(hub.base_url(), folder + "/hub", "", false);
  RunResult run = benchmark(hub.base_url(), folder, "parquet", {"--dataset-path", "bench-org/vqa", "--dataset-prompt-column", "question"}, "6");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(text_prompts(hub.requests()), (std::multiset<std::string>{"What colour is the sky?", "What colour is the sky?",
                                                                      "Is this a cat?", "Is this a cat?", "Count the apples.",
                                                                      "Count the apples."}));
  // The rows' output_tokens, else none (0 here).
  EXPECT_EQ(max_tokens_sent(hub.requests()), (std::multiset<int64_t>{12, 12, 0, 0, 7, 7}));

  // The image task: the image column's bytes as data URLs of their own type, with the question.
  LoopbackServer converted(parquet_hub_and_chat);
  use_hub(converted.base_url(), folder + "/hub", "", false);
  run = benchmark(converted.base_url(), folder, "converted",
                  {"--task", "image-text-to-text", "--dataset-path", "bench-org/scripted", "--dataset-prompt-column", "question",
                   "--dataset-image-column", "image"},
                  "3");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::multiset<std::string> seen;
  for (const json::value& content : chat_contents(converted.requests())) {
    const json::array& parts = content.as_array();
    ASSERT_EQ(parts.size(), 2u) << json::serialize(content);
    seen.insert(std::string(parts[0].at("text").as_string()) + " | " + std::string(parts[1].at("image_url").at("url").as_string()));
  }
  EXPECT_EQ(seen, (std::multiset<std::string>{"What colour is the sky? | data:image/png;base64," + base64(kSky),
                                              "Is this a cat? | data:image/jpeg;base64," + base64(kCat),
                                              "Count the apples. | data:image/png;base64," + base64(kApples)}));
  // huggingface_hub's layout for a revision with a '/': refs/refs/convert/parquet.
  EXPECT_EQ(read_text(folder + "/hub/datasets--bench-org--scripted/refs/refs/convert/parquet"), kConvertedCommit);
  EXPECT_TRUE(fs::is_symlink(folder + "/hub/datasets--bench-org--scripted/snapshots/" + kConvertedCommit + "/default/train/0000.parquet"));
}

// A cache laid out by hand as huggingface_hub documents it (huggingface.co/docs/huggingface_hub/
// guides/manage-cache): what a Python user who ran load_dataset and AutoTokenizer already has
// under HF_HOME/hub. It serves both names offline, with nothing listening at the endpoint.
TEST(HubDatasets, APythonUsersExistingCacheServesTokenizerAndDatasetOffline) {
  const std::string folder = make_temporary_folder();
  const std::string hub = folder + "/home/hub";
  const auto put = [&](const std::string& repo, const std::string& commit, const std::string& name, const std::string& bytes,
                       const std::string& blob) {
    fs::create_directories(hub + "/" + repo + "/blobs");
    fs::create_directories(hub + "/" + repo + "/refs");
    write_text(hub + "/" + repo + "/blobs/" + blob, bytes);
    write_text(hub + "/" + repo + "/refs/main", commit);
    const fs::path link = hub + "/" + repo + "/snapshots/" + commit + "/" + name;
    fs::create_directories(link.parent_path());
    fs::create_symlink(fs::path("../..") / (name.find('/') != std::string::npos ? "../blobs" : "blobs") / blob, link);
  };
  // A WordPiece tokenizer: "sea", "moon", "prime" are words of the vocabulary.
  put("models--bench-org--tok", "1111111111111111111111111111111111111111", "tokenizer.json",
      R"({"normalizer": {"type": "BertNormalizer", "lowercase": true}, "pre_tokenizer": {"type": "BertPreTokenizer"},
          "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "why": 1, "is": 2, "the": 3, "sea": 4,
                    "salty": 5, "?": 6}}})",
      "aaaa0000aaaa0000aaaa0000aaaa0000aaaa0000aaaa0000aaaa0000aaaa0000");
  put("datasets--bench-org--qa", kCommit, "data/train-00000-of-00001.parquet", kVqaParquet,
      "bbbb0000bbbb0000bbbb0000bbbb0000bbbb0000bbbb0000bbbb0000bbbb0000");
  ::unsetenv("HF_HUB_CACHE");
  ::setenv("HF_HOME", (folder + "/home").c_str(), 1);
  ::setenv("HF_ENDPOINT", "http://127.0.0.1:9", 1);
  ::setenv("HF_HUB_OFFLINE", "1", 1);
  ::unsetenv("HF_TOKEN");
  LoopbackServer chat([&](const Request& request) { return hub_and_chat({}, {}, request); });
  const RunResult run = benchmark(chat.base_url(), folder, "python-cache",
                                  {"--model-tokenizer", "bench-org/tok", "--dataset-path", "bench-org/qa", "--dataset-prompt-column",
                                   "question"},
                                  "3");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(text_prompts(chat.requests()),
            (std::multiset<std::string>{"What colour is the sky?", "Is this a cat?", "Count the apples."}));
  // The cached tokenizer itself: why is the sea salty ? (lowercased, "?" split off by BERT's rules).
  write_text(folder + "/line.txt", "Why is the SEA salty?");
  const RunResult ids = run_genai_bench({"tokenize", "--model-tokenizer", "bench-org/tok", "--ids", folder + "/line.txt"}, 30s);
  ASSERT_EQ(ids.exit_code, 0) << ids.output;
  EXPECT_EQ(ids.output, "1 2 3 4 5 6\n");
  ::unsetenv("HF_HUB_OFFLINE");
}

// Python genai-bench's dataset config: a Hub dataset with its split and a prompt_lambda; a local
// CSV file (examples/dataset_configs/local_csv.json's shape).
TEST(DatasetConfigFiles, PythonsFormatWithSplitAndPromptLambda) {
  const std::string folder = make_temporary_folder();
  const auto repos = qa_repos();
  LoopbackServer hub([&](const Request& request) { return hub_and_chat(repos, {}, request); });
  use_hub(hub.base_url(), folder + "/hub", "", false);
  write_text(folder + "/hub.json", R"json({"source": {"type": "huggingface", "path": "bench-org/qa",
      "huggingface_kwargs": {"split": "train[1:]", "revision": "main", "num_proc": 4}},
      "prompt_lambda": "lambda x: f\"Q{x['id']}: {x['question']}\" if x['id'] > 2 else x['question'].strip()"})json");
  RunResult run = benchmark(hub.base_url(), folder, "hub-config", {"--dataset-config", folder + "/hub.json"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(text_prompts(hub.requests()), (std::multiset<std::string>{"How far is the moon?", "How far is the moon?",
                                                                      "Q3: What is a prime?", "Q3: What is a prime?"}));

  write_text(folder + "/prompts.csv", "prompt,other\nfirst prompt,x\nsecond prompt,y\n");
  write_text(folder + "/local.json", R"({"source": {"type": "file", "path": ")" + folder + R"(/prompts.csv", "file_format": "csv"},
      "prompt_column": "prompt"})");
  LoopbackServer chat([&](const Request& request) { return hub_and_chat({}, {}, request); });
  run = benchmark(chat.base_url(), folder, "local-config", {"--dataset-config", folder + "/local.json"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(text_prompts(chat.requests()),
            (std::multiset<std::string>{"first prompt", "first prompt", "second prompt", "second prompt"}));

  write_text(folder + "/bad.json", R"({"source": {"type": "file", "path": "x.csv"}, "prompt_colum": "q"})");
  run = benchmark(chat.base_url(), folder, "bad-config", {"--dataset-config", folder + "/bad.json"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("genai-bench: --dataset-config " + folder + "/bad.json: prompt_colum is not a key of a dataset config"),
            std::string::npos)
      << run.output;
}


// A folder of images with a metadata.jsonl (the imagefolder layout): each request one image, as a
// data URL of its own bytes, with its caption, or a fixed prompt where it has none.
TEST(ImageDatasets, AFolderOfImagesOneImagePerRequest) {
  const std::string folder = make_temporary_folder();
  const std::string images = folder + "/images";
  fs::create_directories(images + "/more");
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "first image's bytes";
  const std::string jpeg = std::string("\xff\xd8\xff\xe0", 4) + "second image's bytes";
  write_text(images + "/a.png", png);
  write_text(images + "/more/b.jpg", jpeg);
  write_text(images + "/notes.md", "not an image");
  write_text(images + "/metadata.jsonl", "{\"file_name\": \"a.png\", \"caption\": \"What is in a?\"}\n");
  LoopbackServer chat([&](const Request& request) { return hub_and_chat({}, {}, request); });
  const RunResult run = benchmark(chat.base_url(), folder, "image-run",
                                  {"--task", "image-text-to-text", "--dataset-path", images, "--dataset-prompt-column", "caption"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::multiset<std::string> seen;
  for (const json::value& content : chat_contents(chat.requests())) {
    const json::array& parts = content.as_array();
    ASSERT_EQ(parts.size(), 2u) << json::serialize(content);
    seen.insert(std::string(parts[0].at("text").as_string()) + " | " + std::string(parts[1].at("image_url").at("url").as_string()));
  }
  const std::string a = "What is in a? | data:image/png;base64," + base64(png);
  const std::string b = "Describe this image. | data:image/jpeg;base64," + base64(jpeg);
  EXPECT_EQ(seen, (std::multiset<std::string>{a, a, b, b}));

  const RunResult text_task = benchmark(chat.base_url(), folder, "text-task", {"--dataset-path", images});
  EXPECT_NE(text_task.exit_code, 0);
  EXPECT_NE(text_task.output.find("images are sent with --task image-text-to-text"), std::string::npos) << text_task.output;
}

// The `dataset` scenario with a text file: each non-empty line a prompt, as Python genai-bench
// reads .txt datasets; with D(in,out) the same file is text to cut prompts from.
TEST(DatasetScenario, TextLinesAsTheyAre) {
  const std::string folder = make_temporary_folder();
  write_text(folder + "/lines.txt", "  The first line.  \n\nThe second line.\n");
  LoopbackServer chat([&](const Request& request) { return hub_and_chat({}, {}, request); });
  RunResult run = benchmark(chat.base_url(), folder, "lines", {"--dataset-path", folder + "/lines.txt", "--traffic-scenario", "dataset"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(text_prompts(chat.requests()),
            (std::multiset<std::string>{"The first line.", "The first line.", "The second line.", "The second line."}));
  run = benchmark(chat.base_url(), folder, "mixed",
                  {"--dataset-path", folder + "/lines.txt", "--traffic-scenario", "dataset", "--traffic-scenario", "D(10,5)"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("run them separately"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace genai::testing
