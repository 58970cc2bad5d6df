// GitHub releases as Python genai-bench uses them: the release whose tag is --storage-bucket (made
// when missing), each file one asset named by its key with '/' turned into '-' (assets have no
// folders), an asset of that name deleted first so a re-upload replaces it. Assets go up whole
// (GitHub has no multipart; an asset may be up to 2 GiB).
#include <boost/json.hpp>
#include <cctype>
#include <map>

#include "upload/object_store.h"

namespace genai::upload {

namespace {

namespace json = boost::json;

// A release's assets by name: {"assets": [{"name": ..., "id": ...}, ...]}.
std::map<std::string, int64_t> asset_ids(const json::value& release) {
  std::map<std::string, int64_t> ids;
  const json::value* assets = release.is_object() ? release.get_object().if_contains("assets") : nullptr;
  if (assets == nullptr || !assets->is_array()) return ids;
  for (const json::value& asset : assets->get_array()) {
    if (!asset.is_object()) continue;
    const json::value* name = asset.get_object().if_contains("name");
    const json::value* id = asset.get_object().if_contains("id");
    if (name != nullptr && name->is_string() && id != nullptr && id->is_number()) {
      ids[std::string(name->get_string())] = json::value_to<int64_t>(*id);
    }
  }
  return ids;
}

class GitHubReleaseStore final : public ObjectStore {
 public:
  GitHubReleaseStore(std::string token, std::string owner, std::string repo, std::string api, std::string tag,
                     TransferSettings settings)
      : token_(std::move(token)), owner_(std::move(owner)), repo_(std::move(repo)), api_(std::move(api)), tag_(std::move(tag)),
        settings_(std::move(settings)) {}

  Status prepare() override {
    int retries = 0;
    const std::string repo_url = api_ + "/repos/" + percent_encode(owner_, false) + "/" + percent_encode(repo_, false);
    auto found = send("GET", repo_url + "/releases/tags/" + percent_encode(tag_, false), {}, "", retries);
    if (!found) return make_error("--storage-provider github: " + found.error());
    if (found->status == 404) {
      const std::string body = json::serialize(json::object{{"tag_name", tag_},
                                                            {"name", "genai-bench results - " + tag_},
                                                            {"body", "Automated upload from genai-bench"},
                                                            {"draft", false},
                                                            {"prerelease", false}});
      found = send("POST", repo_url + "/releases", {{"Content-Type", "application/json"}}, body, retries);
      if (!found) return make_error("--storage-provider github: creating release " + tag_ + ": " + found.error());
      // Another process made it meanwhile (the shards of one experiment start together): use it.
      if (found->status == 422) found = send("GET", repo_url + "/releases/tags/" + percent_encode(tag_, false), {}, "", retries);
      if (!found) return make_error("--storage-provider github: release " + tag_ + ": " + found.error());
      if (found->status == 200) found->status = 201;
      if (found->status != 201) return make_error("--storage-provider github: creating release " + tag_ + ": " + describe_failure(*found));
    } else if (found->status != 200) {
      return make_error("--storage-provider github: release " + tag_ + " of " + owner_ + "/" + repo_ + ": " + describe_failure(*found));
    }
    boost::system::error_code error;
    const json::value release = json::parse(found->body, error);
    const json::value* upload_url = error || !release.is_object() ? nullptr : release.get_object().if_contains("upload_url");
    if (upload_url == nullptr || !upload_url->is_string()) {
      return make_error("--storage-provider github: the release's answer has no upload_url");
    }
    upload_url_ = std::string(upload_url->get_string());
    upload_url_ = upload_url_.substr(0, upload_url_.find('{'));  // ".../assets{?name,label}"
    existing_ = asset_ids(release);
    repo_url_ = repo_url;
    return Ok{};
  }

  std::string destination(const std::string& key_prefix) const override {
    return "github://" + owner_ + "/" + repo_ + "/releases/" + tag_ + "/" + asset_name(key_prefix);
  }

  Status put(const LocalFile& file, const std::string& key, int& retries) override {
    const std::string name = asset_name(key);
    if (auto old = existing_.find(name); old != existing_.end()) {
      if (Status deleted = delete_asset(old->second, retries); !deleted) return deleted;
    }
    Result<std::string> bytes = read_file_range(file.path, 0, file.size);
    if (!bytes) return make_error(bytes.error());
    const HeaderList headers{{"Content-Type", std::string(content_type_for(file.relative))}};
    auto reply = send("POST", upload_url_ + "?name=" + percent_encode(name, false), headers, *bytes, retries);
    // 422 already_exists: an attempt that failed with 5xx may have left the asset behind (or another
    // process uploaded one of this name): delete what the release now holds under it, then once more.
    if (reply && reply->status == 422) {
      if (Status removed = delete_current_asset(name, retries); !removed) return removed;
      reply = send("POST", upload_url_ + "?name=" + percent_encode(name, false), headers, *bytes, retries);
    }
    if (!reply) return make_error(reply.error());
    if (reply->status != 201) return make_error(describe_failure(*reply));
    return Ok{};
  }

 private:
  // The key with '/' as '-' (as Python names assets), then renamed as GitHub renames it on upload
  // (its "Upload a release asset" docs): any other character outside A-Z a-z 0-9 . _ - becomes '.',
  // runs of dots become one, and leading and trailing dots go. Named so before looking for an
  // existing asset, or a re-upload of "a b.png" would miss "a.b.png" and be refused with 422.
  static std::string asset_name(const std::string& key) {
    std::string name;
    for (const char c : key) {
      const bool kept = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
      const char renamed = c == '/' ? '-' : kept ? c : '.';
      if (renamed == '.' && !name.empty() && name.back() == '.') continue;
      name += renamed;
    }
    while (!name.empty() && name.front() == '.') name.erase(0, 1);
    while (!name.empty() && name.back() == '.') name.pop_back();
    return name;
  }

  // Looks the asset up in the release as it is now (not as prepare() saw it) and deletes it.
  Status delete_current_asset(const std::string& name, int& retries) const {
    auto release = send("GET", repo_url_ + "/releases/tags/" + percent_encode(tag_, false), {}, "", retries);
    if (!release) return make_error(release.error());
    if (release->status != 200) return make_error("listing the release's assets: " + describe_failure(*release));
    boost::system::error_code error;
    const json::value value = json::parse(release->body, error);
    const json::value* assets = error || !value.is_object() ? nullptr : value.get_object().if_contains("assets");
    if (assets == nullptr || !assets->is_array()) return make_error("listing the release's assets: no assets in the answer");
    const auto ids = asset_ids(value);
    const auto found = ids.find(name);
    return found == ids.end() ? Status(Ok{}) : delete_asset(found->second, retries);
  }

  Status delete_asset(int64_t id, int& retries) const {
    auto deleted = send("DELETE", repo_url_ + "/releases/assets/" + std::to_string(id), {}, "", retries);
    if (!deleted) return make_error("replacing the asset: " + deleted.error());
    if (deleted->status != 204 && deleted->status != 404) return make_error("replacing the asset: " + describe_failure(*deleted));
    return Ok{};
  }

  Result<net::OneShotReply> send(const std::string& method, const std::string& url, HeaderList headers, std::string_view body,
                                 int& retries) const {
    StorageRequest request;
    request.method = method;
    request.url = url;
    request.headers = std::move(headers);
    request.headers.emplace_back("Accept", "application/vnd.github+json");
    request.headers.emplace_back("X-GitHub-Api-Version", "2022-11-28");
    request.headers.emplace_back("Authorization", "Bearer " + token_);
    request.body = body;
    return send_with_retries(request, nullptr, settings_.retry, &retries);
  }

  std::string token_, owner_, repo_, api_, tag_;
  TransferSettings settings_;
  std::string repo_url_, upload_url_;
  std::map<std::string, int64_t> existing_;  // asset name -> id, read once by prepare()
};

}  // namespace

Result<std::unique_ptr<ObjectStore>> make_github_release_store(const StorageOptions& options, const TransferSettings& settings) {
  std::string owner = options.github_owner, repo = options.github_repo;
  // Python accepts --github-owner OWNER/REPO alone.
  if (repo.empty() && owner.find('/') != std::string::npos) {
    repo = owner.substr(owner.find('/') + 1);
    owner.resize(owner.find('/'));
  }
  if (options.github_token.empty()) return make_error("--storage-provider github needs --github-token ($GITHUB_TOKEN)");
  if (owner.empty() || repo.empty()) {
    return make_error("--storage-provider github needs --github-owner and --github-repo ($GITHUB_OWNER, $GITHUB_REPO)");
  }
  std::string api = options.endpoint.empty() ? "https://api.github.com" : options.endpoint;
  while (!api.empty() && api.back() == '/') api.pop_back();
  if (auto checked = parse_endpoint(api); !checked) return make_error("--storage-endpoint: " + checked.error());
  return std::unique_ptr<ObjectStore>(
      std::make_unique<GitHubReleaseStore>(options.github_token, owner, repo, api, options.bucket, settings));
}

}  // namespace genai::upload
