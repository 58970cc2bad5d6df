#include "hub/hub_download.h"

#include <chrono>

#include "net/one_shot_http.h"
#include "net/url.h"

namespace genai::hub {
namespace {

std::string unquoted_etag(std::string_view etag) {
  if (etag.starts_with("W/")) etag.remove_prefix(2);
  while (!etag.empty() && etag.front() == '"') etag.remove_prefix(1);
  while (!etag.empty() && etag.back() == '"') etag.remove_suffix(1);
  return std::string(etag);
}

std::string host_of(std::string_view url) {
  auto parsed = net::parse_url(url);
  return parsed ? parsed->host_header() : std::string();
}

// Location relative to `url`: absolute, or a path on the same scheme and host.
std::string follow(std::string_view url, std::string_view location) {
  if (location.find("://") != std::string_view::npos) return std::string(location);
  const size_t host_start = url.find("//") + 2;
  const size_t path_start = url.find('/', host_start);
  return std::string(url.substr(0, path_start)) + std::string(location);
}

}  // namespace

Result<std::optional<HubFile>> fetch_hub_file(const HubEnvironment& environment, RepoKind kind, std::string_view repo_id,
                                              std::string_view filename, bool optional,
                                              const std::function<void(const std::string&)>& progress,
                                              std::string_view revision) {
  if (auto cached = cached_file(environment.cache_dir, kind, repo_id, revision, filename)) {
    return std::optional<HubFile>(HubFile{*cached, false});
  }
  const std::string what = std::string(kind == RepoKind::model ? "" : "dataset ") + std::string(repo_id);
  if (environment.offline) {
    if (optional) return std::optional<HubFile>();
    return make_error(what + ": " + std::string(filename) + " is not in the Hugging Face cache (" + environment.cache_dir +
                      ") and HF_HUB_OFFLINE is set");
  }
  const std::string first_url = environment.endpoint + (kind == RepoKind::dataset ? "/datasets/" : "/") +
                                std::string(repo_id) + "/resolve/" + std::string(revision) + "/" + std::string(filename);
  const std::string endpoint_host = host_of(environment.endpoint);
  std::string url = first_url, commit, etag;
  if (progress) progress("Downloading " + std::string(filename) + " of " + what + " from " + first_url);
  for (int hop = 0; hop < 6; ++hop) {
    net::OneShotRequest request;
    request.url = url;
    request.timeout = std::chrono::minutes(10);
    request.max_body_bytes = size_t{4} << 30;
    // As huggingface_hub: the token goes to the Hub only, never to the CDN a file redirects to.
    if (!environment.token.empty() && host_of(url) == endpoint_host) {
      request.headers.emplace_back("Authorization", "Bearer " + environment.token);
    }
    Result<net::OneShotReply> reply = net::request_once(request);
    if (!reply) return make_error(what + ": " + reply.error());
    if (commit.empty()) commit = std::string(reply->header("X-Repo-Commit"));
    if (etag.empty()) etag = unquoted_etag(reply->header("X-Linked-Etag"));
    const int status = reply->status;
    if (status >= 300 && status < 400 && !reply->header("Location").empty()) {
      url = follow(url, reply->header("Location"));
      continue;
    }
    if (status == 404 && optional) return std::optional<HubFile>();
    if (status == 401 || status == 403) {
      return make_error(what + ": " + first_url + " answered HTTP " + std::to_string(status) +
                        (environment.token.empty() ? ": gated or private: set HF_TOKEN" : ": HF_TOKEN was refused (no access to this repository?)"));
    }
    if (status != 200) {
      return make_error(what + ": " + first_url + " answered HTTP " + std::to_string(status) +
                        (status == 404 ? ": no such repository or file" : ""));
    }
    if (etag.empty()) etag = unquoted_etag(reply->header("ETag"));
    if (commit.empty()) commit = revision;  // a server that does not say: the revision names the snapshot
    if (etag.empty()) return make_error(what + ": " + first_url + " sent no ETag to name the file in the cache");
    Result<std::string> stored = store_file(environment.cache_dir, kind, repo_id, revision, commit, etag, filename, reply->body);
    if (!stored) return make_error(what + ": " + stored.error());
    if (progress) progress("  " + std::to_string(reply->body.size()) + " bytes into " + *stored);
    return std::optional<HubFile>(HubFile{*stored, true});
  }
  return make_error(what + ": " + first_url + ": more than 5 redirects");
}

}  // namespace genai::hub
