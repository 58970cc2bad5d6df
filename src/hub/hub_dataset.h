// A dataset repository's files, as huggingface_hub lists and fetches them: the listing from
// GET ENDPOINT/api/datasets/ID/revision/REVISION ({"sha": COMMIT, "siblings": [{"rfilename"}]}),
// or, offline or when the Hub cannot be reached, from the cache's snapshot of that revision; each
// file through fetch_hub_file into CACHE/datasets--ORG--NAME (revisions with a '/' in them, like
// the Parquet conversion's refs/convert/parquet, are fetched by commit and recorded under
// refs/REVISION, as huggingface_hub records them). Which files to fetch is the caller's choice.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "hub/hub_cache.h"

namespace genai::hub {

struct RepoListing {
  std::string commit;
  std::vector<std::string> files;  // paths in the repository
  bool from_cache = false;         // the Hub was not asked (offline) or could not be reached
};

// Errors are one line naming the id, the URL and the HTTP status (401/403: gated or private: set
// HF_TOKEN), never the token. `note` gets a line when the cache stands in for an unreachable Hub.
Result<RepoListing> list_dataset_files(const HubEnvironment& environment, std::string_view repo_id, std::string_view revision,
                                       const std::function<void(const std::string&)>& note);

// One file of the listing (cache first), as a path in the cache.
Result<std::string> fetch_dataset_file(const HubEnvironment& environment, std::string_view repo_id, std::string_view revision,
                                       const RepoListing& listing, std::string_view filename,
                                       const std::function<void(const std::string&)>& progress);

// "refs/convert/parquet" -> "refs%2Fconvert%2Fparquet", as huggingface_hub quotes a revision in URLs.
std::string quote_revision(std::string_view revision);

}  // namespace genai::hub
