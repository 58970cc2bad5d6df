// --model-tokenizer ORG/NAME against a fake Hugging Face endpoint (HF_ENDPOINT on loopback) that
// answers as the Hub does: resolve/main/FILE redirects to a CDN host with X-Repo-Commit and
// X-Linked-Etag, a gated repository refuses requests without a token. The file lands in the
// cache layout huggingface_hub writes (refs/main, snapshots/COMMIT/FILE -> ../../blobs/ETAG),
// the token never goes to the CDN nor into any output, and a cache serves offline.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "e2e/fault_server.h"
#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A byte-level BPE written by hand (tests/tokenizer/hf_tokenizer_test.cpp): "hello hello" is 8 4 8.
const std::string kTinyTokenizer = R"({"added_tokens": [], "normalizer": null,
  "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
  "model": {"type": "BPE", "ignore_merges": false,
            "vocab": {"h": 0, "e": 1, "l": 2, "o": 3, "Ġ": 4, "he": 5, "ll": 6, "hell": 7, "hello": 8, "Ġh": 9},
            "merges": ["h e", "l l", ["he", "ll"], "hell o", "Ġ h"]}})";
const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";
const std::string kEtag = "5d41402abc4b2a76b9719d911017c592aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const std::string kToken = "hf_bench_secret_token_42";

std::string first_line_field(const std::string& head, std::string_view name) {
  const size_t at = head.find(std::string(name) + ": ");
  if (at == std::string::npos) return {};
  const size_t start = at + name.size() + 2;
  return head.substr(start, head.find("\r\n", start) - start);
}

// The fake Hub. Requests are recorded as "HOST PATH [auth]".
class FakeHub {
 public:
  FakeHub()
      : server_([this](FaultConnection& connection) {
          while (connection.read_request() >= 0) {
            const std::string& head = connection.last_request_head();
            const std::string path = head.substr(head.find(' ') + 1, head.find(' ', head.find(' ') + 1) - head.find(' ') - 1);
            const std::string authorization = first_line_field(head, "Authorization");
            {
              std::lock_guard lock(mutex_);
              seen_.push_back(first_line_field(head, "Host") + " " + path + (authorization.empty() ? "" : " [" + authorization + "]"));
            }
            connection.write(answer(path, authorization));
          }
        }) {}

  std::string endpoint() const { return server_.base_url(); }
  std::vector<std::string> seen() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  std::string answer(const std::string& path, const std::string& authorization) const {
    const bool gated = path.starts_with("/bench-org/gated/");
    if (gated && authorization != "Bearer " + kToken) return reply("401 Unauthorized", "", R"({"error":"Access restricted"})");
    if (path.ends_with("/resolve/main/tokenizer.json")) {
      // As the Hub does for a large file: a redirect to another host, naming commit and blob.
      return "HTTP/1.1 302 Found\r\nLocation: http://localhost:" + std::to_string(server_.port()) +
             "/cdn/blob\r\nX-Repo-Commit: " + kCommit + "\r\nX-Linked-Etag: \"" + kEtag +
             "\"\r\nContent-Length: 0\r\n\r\n";
    }
    if (path == "/cdn/blob") return reply("200 OK", "ETag: \"cdn-etag\"\r\n", kTinyTokenizer);
    return reply("404 Not Found", "X-Error-Code: EntryNotFound\r\n", R"({"error":"Entry not found"})");
  }
  static std::string reply(const std::string& status, const std::string& headers, const std::string& body) {
    return "HTTP/1.1 " + status + "\r\n" + headers + "Content-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  }

  mutable std::mutex mutex_;
  std::vector<std::string> seen_;
  FaultServer server_;
};

// Sets the Hugging Face variables for one test and restores nothing: each test sets all it uses.
void use_hub(const std::string& endpoint, const std::string& cache, const std::string& token, bool offline) {
  ::setenv("HF_ENDPOINT", endpoint.c_str(), 1);
  ::setenv("HF_HUB_CACHE", cache.c_str(), 1);
  ::setenv("HF_HOME", (cache + "/home").c_str(), 1);  // no token file from the machine's own
  if (token.empty()) ::unsetenv("HF_TOKEN");
  else ::setenv("HF_TOKEN", token.c_str(), 1);
  if (offline) ::setenv("HF_HUB_OFFLINE", "1", 1);
  else ::unsetenv("HF_HUB_OFFLINE");
  ::unsetenv("HUGGING_FACE_HUB_TOKEN");
}

RunResult tokenize(const std::string& id, const std::string& folder) {
  write_text(folder + "/text.txt", "hello hello");
  return run_genai_bench({"tokenize", "--model-tokenizer", id, "--ids", folder + "/text.txt"}, 60s);
}

TEST(HubTokenizers, DownloadsIntoThePythonCacheLayoutThenServesOffline) {
  const std::string folder = make_temporary_folder();
  const std::string cache = folder + "/hub";
  {
    FakeHub hub;
    use_hub(hub.endpoint(), cache, "", false);
    const RunResult run = tokenize("bench-org/tiny", folder);
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find("8 4 8"), std::string::npos) << run.output;
    const auto seen = hub.seen();
    ASSERT_GE(seen.size(), 2u);
    EXPECT_EQ(seen[0], "127.0.0.1:" + hub.endpoint().substr(hub.endpoint().rfind(':') + 1) +
                           " /bench-org/tiny/resolve/main/tokenizer.json");
    EXPECT_EQ(seen[1].substr(seen[1].find(' ')), " /cdn/blob");
  }
  // huggingface_hub's layout: refs/main holds the commit; the snapshot's file is a relative
  // symlink to the blob named by the linked ETag.
  const std::string repo = cache + "/models--bench-org--tiny";
  EXPECT_EQ(read_text(repo + "/refs/main"), kCommit);
  const std::string snapshot = repo + "/snapshots/" + kCommit + "/tokenizer.json";
  ASSERT_TRUE(fs::is_symlink(snapshot));
  EXPECT_EQ(fs::read_symlink(snapshot).string(), "../../blobs/" + kEtag);
  EXPECT_EQ(read_text(repo + "/blobs/" + kEtag), kTinyTokenizer);

  // The server is gone: offline, from the cache.
  use_hub("http://127.0.0.1:9", cache, "", true);
  const RunResult offline = tokenize("bench-org/tiny", folder);
  ASSERT_EQ(offline.exit_code, 0) << offline.output;
  EXPECT_NE(offline.output.find("8 4 8"), std::string::npos) << offline.output;
}

TEST(HubTokenizers, AGatedRepositoryNeedsTheTokenWhichNeverLeavesTheHub) {
  const std::string folder = make_temporary_folder();
  FakeHub hub;
  use_hub(hub.endpoint(), folder + "/hub", "", false);
  const RunResult refused = tokenize("bench-org/gated", folder);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("HTTP 401: gated or private: set HF_TOKEN"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("/bench-org/gated/resolve/main/tokenizer.json"), std::string::npos) << refused.output;

  use_hub(hub.endpoint(), folder + "/hub", kToken, false);
  const RunResult allowed = tokenize("bench-org/gated", folder);
  ASSERT_EQ(allowed.exit_code, 0) << allowed.output;
  EXPECT_EQ(allowed.output.find(kToken), std::string::npos) << allowed.output;
  bool sent_to_hub = false;
  for (const std::string& request : hub.seen()) {
    if (request.find("/cdn/") != std::string::npos) {
      EXPECT_EQ(request.find("Bearer"), std::string::npos) << request;
    }
    if (request.find("/bench-org/gated/") != std::string::npos && request.find("[Bearer " + kToken + "]") != std::string::npos) {
      sent_to_hub = true;
    }
  }
  EXPECT_TRUE(sent_to_hub);
}

TEST(HubTokenizers, OfflineWithoutTheFileSaysWhereItLooked) {
  const std::string folder = make_temporary_folder();
  use_hub("http://127.0.0.1:9", folder + "/hub", "", true);
  const RunResult run = tokenize("bench-org/missing", folder);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("bench-org/missing: tokenizer.json is not in the Hugging Face cache (" + folder +
                            "/hub) and HF_HUB_OFFLINE is set"),
            std::string::npos)
      << run.output;
}

TEST(HubTokenizers, TiktokenNamesResolveThroughTiktokensCache) {
  const std::string folder = make_temporary_folder();
  // A rank file of the 256 single bytes only (rank = byte), under the name tiktoken gives
  // cl100k_base's: the SHA-1 of its URL.
  std::string ranks;
  for (int byte = 0; byte < 256; ++byte) {
    static constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    ranks += {kBase64[byte >> 2], kBase64[(byte & 3) << 4], '=', '='};
    ranks += " " + std::to_string(byte) + "\n";
  }
  write_text(folder + "/9b5ad71b2ce5302211f9c61530b329a4922fc6a4", ranks);
  ::setenv("TIKTOKEN_CACHE_DIR", folder.c_str(), 1);
  ::setenv("HF_HUB_OFFLINE", "1", 1);
  const RunResult run = tokenize("cl100k_base", folder);
  ::unsetenv("TIKTOKEN_CACHE_DIR");
  ::unsetenv("HF_HUB_OFFLINE");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("104 101 108 108 111 32 104 101 108 108 111"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace genai::testing
