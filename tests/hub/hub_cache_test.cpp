// The Hugging Face cache's location and layout, as huggingface_hub's documentation gives them
// (huggingface_hub "Manage the cache": HF_HUB_CACHE, else HF_HOME/hub, else
// ~/.cache/huggingface/hub; models--ORG--NAME/{refs,snapshots,blobs}), and repository ids.
#include "hub/hub_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace genai::hub {
namespace {

namespace fs = std::filesystem;

std::function<const char*(const char*)> fake_environment(std::map<std::string, std::string> values) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(values));
  return [shared](const char* name) -> const char* {
    auto found = shared->find(name);
    return found == shared->end() ? nullptr : found->second.c_str();
  };
}

TEST(HubEnvironment, FollowsTheLibrariesPrecedence) {
  HubEnvironment plain = hub_environment(fake_environment({{"HOME", "/home/u"}}));
  EXPECT_EQ(plain.cache_dir, "/home/u/.cache/huggingface/hub");
  EXPECT_EQ(plain.endpoint, "https://huggingface.co");
  EXPECT_FALSE(plain.offline);
  EXPECT_EQ(hub_environment(fake_environment({{"HOME", "/h"}, {"XDG_CACHE_HOME", "/x"}})).cache_dir, "/x/huggingface/hub");
  EXPECT_EQ(hub_environment(fake_environment({{"HOME", "/h"}, {"HF_HOME", "/hf"}})).cache_dir, "/hf/hub");
  EXPECT_EQ(hub_environment(fake_environment({{"HF_HOME", "/hf"}, {"HUGGINGFACE_HUB_CACHE", "/old"}})).cache_dir, "/old");
  EXPECT_EQ(hub_environment(fake_environment({{"HF_HUB_CACHE", "/new"}, {"HUGGINGFACE_HUB_CACHE", "/old"}})).cache_dir, "/new");
  const HubEnvironment set = hub_environment(
      fake_environment({{"HF_ENDPOINT", "http://127.0.0.1:8/"}, {"HF_TOKEN", "t1"}, {"HUGGING_FACE_HUB_TOKEN", "t2"},
                        {"HF_HUB_OFFLINE", "yes"}}));
  EXPECT_EQ(set.endpoint, "http://127.0.0.1:8");
  EXPECT_EQ(set.token, "t1");
  EXPECT_TRUE(set.offline);
  EXPECT_TRUE(hub_environment(fake_environment({{"TRANSFORMERS_OFFLINE", "1"}})).offline);
  EXPECT_FALSE(hub_environment(fake_environment({{"HF_HUB_OFFLINE", "0"}})).offline);
}

TEST(HubEnvironment, ReadsTheTokenFileTheCliWrites) {
  const fs::path home = fs::temp_directory_path() / ("hf-home-" + std::to_string(::getpid()));
  fs::create_directories(home);
  std::ofstream(home / "token") << "hf_from_file\n";
  EXPECT_EQ(hub_environment(fake_environment({{"HF_HOME", home.string()}})).token, "hf_from_file");
  fs::remove_all(home);
}

TEST(RepoIds, AsTheHubNamesRepositories) {
  for (const char* id : {"gpt2", "meta-llama/Llama-3.1-8B-Instruct", "Cohere/rerank-v3.5", "BAAI/bge-m3", "a_b/c.d"}) {
    EXPECT_TRUE(is_repo_id(id)) << id;
  }
  for (const char* id : {"", "a/b/c", "/abs", "org/", "-org/x", "org/x.", "a..b", "a--b/c", "has space/x", "./x"}) {
    EXPECT_FALSE(is_repo_id(id)) << id;
  }
}

TEST(HubCache, StoresAndFindsFilesInTheLibrarysLayout) {
  const std::string cache = (fs::temp_directory_path() / ("hf-cache-" + std::to_string(::getpid()))).string();
  EXPECT_EQ(repo_folder(cache, RepoKind::model, "org/name"), cache + "/models--org--name");
  EXPECT_EQ(repo_folder(cache, RepoKind::dataset, "squad"), cache + "/datasets--squad");
  EXPECT_FALSE(cached_file(cache, RepoKind::model, "org/name", "main", "tokenizer.json"));
  auto stored = store_file(cache, RepoKind::model, "org/name", "main", "abc123", "etag1", "tokenizer.json", "{}");
  ASSERT_TRUE(stored) << stored.error();
  EXPECT_EQ(*stored, cache + "/models--org--name/snapshots/abc123/tokenizer.json");
  EXPECT_EQ(fs::read_symlink(*stored).string(), "../../blobs/etag1");
  EXPECT_EQ(cached_file(cache, RepoKind::model, "org/name", "main", "tokenizer.json"), *stored);
  EXPECT_EQ(cached_file(cache, RepoKind::model, "org/name", "abc123", "tokenizer.json"), *stored);  // by commit
  fs::remove_all(cache);
}

}  // namespace
}  // namespace genai::hub
