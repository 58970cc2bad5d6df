#include "hub/hub_cache.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace genai::hub {
namespace {

namespace fs = std::filesystem;

std::string value_of(const std::function<const char*(const char*)>& getenv_fn, const char* name) {
  const char* value = getenv_fn(name);
  return value != nullptr ? value : "";
}

bool truthy(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::toupper(c); });
  return value == "1" || value == "ON" || value == "YES" || value == "TRUE";
}

bool name_character(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'; }

bool is_name(std::string_view part) {
  if (part.empty() || part.size() > 96 || !std::all_of(part.begin(), part.end(), name_character)) return false;
  if (part.front() == '-' || part.front() == '.' || part.back() == '-' || part.back() == '.') return false;
  return part.find("..") == std::string_view::npos && part.find("--") == std::string_view::npos;
}

}  // namespace

std::string read_trimmed_file(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  std::string value = text.str();
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
  return value;
}


HubEnvironment hub_environment(const std::function<const char*(const char*)>& getenv_fn) {
  HubEnvironment environment;
  const std::string home = value_of(getenv_fn, "HOME");
  const std::string xdg = value_of(getenv_fn, "XDG_CACHE_HOME");
  std::string hf_home = value_of(getenv_fn, "HF_HOME");
  if (hf_home.empty()) hf_home = (xdg.empty() ? home + "/.cache" : xdg) + "/huggingface";
  environment.cache_dir = value_of(getenv_fn, "HF_HUB_CACHE");
  if (environment.cache_dir.empty()) environment.cache_dir = value_of(getenv_fn, "HUGGINGFACE_HUB_CACHE");
  if (environment.cache_dir.empty()) environment.cache_dir = hf_home + "/hub";
  environment.endpoint = value_of(getenv_fn, "HF_ENDPOINT");
  if (environment.endpoint.empty()) environment.endpoint = "https://huggingface.co";
  while (environment.endpoint.ends_with('/')) environment.endpoint.pop_back();
  environment.token = value_of(getenv_fn, "HF_TOKEN");
  if (environment.token.empty()) environment.token = value_of(getenv_fn, "HUGGING_FACE_HUB_TOKEN");
  if (environment.token.empty()) {
    std::string token_path = value_of(getenv_fn, "HF_TOKEN_PATH");
    if (token_path.empty()) token_path = hf_home + "/token";
    environment.token = read_trimmed_file(token_path);
  }
  environment.offline = truthy(value_of(getenv_fn, "HF_HUB_OFFLINE")) || truthy(value_of(getenv_fn, "TRANSFORMERS_OFFLINE"));
  return environment;
}

bool is_repo_id(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return is_name(text);
  return is_name(text.substr(0, slash)) && is_name(text.substr(slash + 1));
}

std::string repo_folder(const std::string& cache_dir, RepoKind kind, std::string_view repo_id) {
  std::string folder = cache_dir + (kind == RepoKind::model ? "/models--" : "/datasets--");
  for (const char c : repo_id) {
    if (c == '/') folder += "--";
    else folder.push_back(c);
  }
  return folder;
}

std::optional<std::string> cached_file(const std::string& cache_dir, RepoKind kind, std::string_view repo_id,
                                       std::string_view revision, std::string_view filename) {
  const std::string folder = repo_folder(cache_dir, kind, repo_id);
  std::string commit(revision);
  const std::string ref = folder + "/refs/" + std::string(revision);
  std::error_code error;
  if (fs::is_regular_file(ref, error)) commit = read_trimmed_file(ref);
  const std::string path = folder + "/snapshots/" + commit + "/" + std::string(filename);
  if (commit.empty() || !fs::exists(path, error)) return std::nullopt;  // exists() follows the symlink
  return path;
}

Result<std::string> store_file(const std::string& cache_dir, RepoKind kind, std::string_view repo_id,
                               std::string_view revision, std::string_view commit, std::string_view etag,
                               std::string_view filename, std::string_view bytes) {
  const std::string folder = repo_folder(cache_dir, kind, repo_id);
  const std::string blob = folder + "/blobs/" + std::string(etag);
  const std::string snapshot_dir = folder + "/snapshots/" + std::string(commit);
  const std::string snapshot = snapshot_dir + "/" + std::string(filename);
  std::error_code error;
  fs::create_directories(folder + "/blobs", error);
  fs::create_directories(fs::path(snapshot).parent_path(), error);
  fs::create_directories(folder + "/refs", error);
  if (error) return make_error("cannot create " + folder + ": " + error.message());
  const std::string temporary = blob + ".incomplete." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return make_error("cannot write " + temporary);
  }
  fs::rename(temporary, blob, error);
  if (error) return make_error("cannot write " + blob + ": " + error.message());
  // huggingface_hub links snapshots to blobs relatively, so the cache can be moved whole.
  const fs::path target = fs::relative(blob, fs::path(snapshot).parent_path(), error);
  fs::remove(snapshot, error);
  fs::create_symlink(target, snapshot, error);
  if (error) return make_error("cannot link " + snapshot + ": " + error.message());
  std::ofstream(folder + "/refs/" + std::string(revision), std::ios::trunc) << commit;
  return snapshot;
}

}  // namespace genai::hub
