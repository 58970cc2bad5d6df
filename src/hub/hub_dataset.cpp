#include "hub/hub_dataset.h"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "hub/hub_download.h"
#include "net/one_shot_http.h"
#include "net/url.h"

namespace genai::hub {
namespace {

namespace fs = std::filesystem;

std::string host_of(std::string_view url) {
  auto parsed = net::parse_url(url);
  return parsed ? parsed->host_header() : std::string();
}

// The commit a revision names in the cache (refs/REVISION, or the revision itself when it is a
// snapshot's name), and that snapshot's files.
Result<RepoListing> cached_listing(const HubEnvironment& environment, std::string_view repo_id, std::string_view revision) {
  const std::string folder = repo_folder(environment.cache_dir, RepoKind::dataset, repo_id);
  std::error_code error;
  std::string commit(revision);
  if (const std::string ref = folder + "/refs/" + std::string(revision); fs::is_regular_file(ref, error)) commit = read_trimmed_file(ref);
  const std::string snapshot = folder + "/snapshots/" + commit;
  if (commit.empty() || !fs::is_directory(snapshot, error)) {
    return make_error("dataset " + std::string(repo_id) + ": not in the Hugging Face cache (" + environment.cache_dir +
                      ") at revision " + std::string(revision));
  }
  RepoListing listing{commit, {}, true};
  for (auto it = fs::recursive_directory_iterator(snapshot, error); !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    // Files are symlinks into blobs/: named by where they are, not where they point.
    if (fs::is_regular_file(it->path(), error)) listing.files.push_back(it->path().lexically_relative(snapshot).generic_string());
  }
  std::sort(listing.files.begin(), listing.files.end());
  return listing;
}

Result<RepoListing> parse_listing(std::string_view what, const std::string& url, const std::string& body) {
  boost::system::error_code error;
  const boost::json::value root = boost::json::parse(body, error);
  const boost::json::object* object = error ? nullptr : root.if_object();
  const boost::json::array* siblings = object != nullptr && object->contains("siblings") ? object->at("siblings").if_array() : nullptr;
  if (siblings == nullptr) return make_error(std::string(what) + ": " + url + " answered without a \"siblings\" list of files");
  RepoListing listing;
  if (const auto* sha = object->if_contains("sha"); sha != nullptr && sha->is_string()) listing.commit = std::string(sha->as_string());
  for (const boost::json::value& sibling : *siblings) {
    const auto* name = sibling.is_object() ? sibling.as_object().if_contains("rfilename") : nullptr;
    if (name != nullptr && name->is_string()) listing.files.emplace_back(name->as_string());
  }
  if (listing.commit.empty()) return make_error(std::string(what) + ": " + url + " answered without the revision's \"sha\"");
  return listing;
}

}  // namespace

std::string quote_revision(std::string_view revision) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string quoted;
  for (const char c : revision) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
      quoted.push_back(c);
    } else {
      quoted += {'%', kHex[byte >> 4], kHex[byte & 15]};
    }
  }
  return quoted;
}

Result<RepoListing> list_dataset_files(const HubEnvironment& environment, std::string_view repo_id, std::string_view revision,
                                       const std::function<void(const std::string&)>& note) {
  const std::string what = "dataset " + std::string(repo_id);
  if (environment.offline) {
    auto cached = cached_listing(environment, repo_id, revision);
    if (!cached) return make_error(cached.error() + " and HF_HUB_OFFLINE is set");
    return cached;
  }
  const std::string first_url =
      environment.endpoint + "/api/datasets/" + std::string(repo_id) + "/revision/" + quote_revision(revision);
  const std::string endpoint_host = host_of(environment.endpoint);
  std::string url = first_url;
  for (int hop = 0; hop < 6; ++hop) {
    net::OneShotRequest request;
    request.url = url;
    request.timeout = std::chrono::seconds(60);
    if (!environment.token.empty() && host_of(url) == endpoint_host) {
      request.headers.emplace_back("Authorization", "Bearer " + environment.token);
    }
    Result<net::OneShotReply> reply = net::request_once(request);
    if (!reply) {
      // As huggingface_hub: a Hub that cannot be reached leaves the cache to answer.
      auto cached = cached_listing(environment, repo_id, revision);
      if (!cached) return make_error(what + ": " + reply.error());
      if (note) note(what + ": " + reply.error() + "; using the cached snapshot " + cached->commit);
      return cached;
    }
    const int status = reply->status;
    if (status >= 300 && status < 400 && !reply->header("Location").empty()) {  // a renamed repository
      const std::string_view location = reply->header("Location");
      url = location.find("://") != std::string_view::npos
                ? std::string(location)
                : url.substr(0, url.find('/', url.find("//") + 2)) + std::string(location);
      continue;
    }
    if (status == 401 || status == 403) {
      return make_error(what + ": " + first_url + " answered HTTP " + std::to_string(status) +
                        (environment.token.empty() ? ": gated or private: set HF_TOKEN"
                                                   : ": HF_TOKEN was refused (no access to this dataset?)"));
    }
    if (status != 200) {
      return make_error(what + ": " + first_url + " answered HTTP " + std::to_string(status) +
                        (status == 404 ? ": no such dataset or revision" : ""));
    }
    return parse_listing(what, first_url, reply->body);
  }
  return make_error(what + ": " + first_url + ": more than 5 redirects");
}

Result<std::string> fetch_dataset_file(const HubEnvironment& environment, std::string_view repo_id, std::string_view revision,
                                       const RepoListing& listing, std::string_view filename,
                                       const std::function<void(const std::string&)>& progress) {
  // A branch name goes in the URL and refs/ as it is; a revision with a '/' (or a commit) is
  // fetched by its commit, and refs/REVISION written here, nested as huggingface_hub nests it.
  const bool plain_branch = revision.find('/') == std::string_view::npos && revision != listing.commit;
  const std::string_view asked = plain_branch ? revision : std::string_view(listing.commit);
  auto file = fetch_hub_file(environment, RepoKind::dataset, repo_id, filename, false, progress, asked);
  if (!file) return make_error(file.error());
  if (!plain_branch && (*file)->downloaded) {
    const std::string refs = repo_folder(environment.cache_dir, RepoKind::dataset, repo_id) + "/refs/";
    std::error_code error;
    fs::remove(refs + listing.commit, error);  // fetch_hub_file names a ref after what it was asked
    if (revision != listing.commit) {
      fs::create_directories(fs::path(refs + std::string(revision)).parent_path(), error);
      std::ofstream(refs + std::string(revision), std::ios::trunc) << listing.commit;
    }
  }
  return (*file)->path;
}

}  // namespace genai::hub
