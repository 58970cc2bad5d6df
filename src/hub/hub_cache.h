// The Hugging Face cache as the Python libraries (huggingface_hub) keep it, so a cache a Python
// user already has is used as is, offline, and what we download they can use too:
//   CACHE/models--ORG--NAME/refs/REVISION          the commit a revision (main) points to
//   CACHE/models--ORG--NAME/snapshots/COMMIT/FILE  a relative symlink to ../../blobs/ETAG
//   CACHE/models--ORG--NAME/blobs/ETAG             the file's bytes
// (datasets under datasets--ORG--NAME). Where CACHE is, and the endpoint, token and offline
// switch, come from the same environment variables the libraries read.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace genai::hub {

struct HubEnvironment {
  std::string cache_dir;  // HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, HF_HOME/hub, XDG_CACHE_HOME/huggingface/hub, ~/.cache/huggingface/hub
  std::string endpoint;   // HF_ENDPOINT, default https://huggingface.co
  std::string token;      // HF_TOKEN, HUGGING_FACE_HUB_TOKEN, else the file HF_TOKEN_PATH or HF_HOME/token
  bool offline = false;   // HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) set to 1, ON, YES or TRUE
};

HubEnvironment hub_environment(const std::function<const char*(const char*)>& getenv_fn = ::getenv);

enum class RepoKind { model, dataset };

// ORG/NAME or NAME, letters, digits, '-', '_' and '.' (not starting or ending with '-' or '.'),
// as the Hub names repositories.
bool is_repo_id(std::string_view text);

// A small text file (a ref, a token) without its trailing whitespace; "" when unreadable.
std::string read_trimmed_file(const std::string& path);

// CACHE/models--ORG--NAME (or datasets--...).
std::string repo_folder(const std::string& cache_dir, RepoKind kind, std::string_view repo_id);

// The cached file for `revision` (a branch name through refs/, or a commit), when there.
std::optional<std::string> cached_file(const std::string& cache_dir, RepoKind kind, std::string_view repo_id,
                                       std::string_view revision, std::string_view filename);

// Writes `bytes` as huggingface_hub does: blobs/ETAG (through a temporary name), the snapshot's
// relative symlink, and refs/REVISION = COMMIT. Returns the snapshot path.
Result<std::string> store_file(const std::string& cache_dir, RepoKind kind, std::string_view repo_id,
                               std::string_view revision, std::string_view commit, std::string_view etag,
                               std::string_view filename, std::string_view bytes);

}  // namespace genai::hub
