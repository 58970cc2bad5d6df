// Fetches one file of a Hub repository into the Hugging Face cache, as huggingface_hub's
// hf_hub_download does: GET ENDPOINT/ORG/NAME/resolve/REVISION/FILE (datasets under
// /datasets/), redirects followed (the token is sent to the endpoint's host only), the commit
// from X-Repo-Commit and the blob's name from X-Linked-Etag or ETag.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "hub/hub_cache.h"

namespace genai::hub {

struct HubFile {
  std::string path;      // in the cache
  bool downloaded = false;
};

// The cached file, or the downloaded one. A missing file is an error unless `optional`, when
// nothing is returned instead. Errors are one line naming the id, the URL and the HTTP status
// (401/403: "gated or private: set HF_TOKEN"); never the token. `progress` gets a line per
// download.
Result<std::optional<HubFile>> fetch_hub_file(const HubEnvironment& environment, RepoKind kind, std::string_view repo_id,
                                              std::string_view filename, bool optional,
                                              const std::function<void(const std::string&)>& progress,
                                              std::string_view revision = "main");

}  // namespace genai::hub
