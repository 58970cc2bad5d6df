// Uploading experiment folders: every file of each folder under {prefix}/{folder name}/, a few at
// once, each request retried (storage_http), then one summary line per folder, and the summary
// appended to the folder's experiment.json ("uploads"). A failed upload never touches the local
// files: the folder stays as it was, but for that one entry.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "common/result.h"
#include "upload/object_store.h"
#include "upload/storage_options.h"

namespace genai::upload {

// The flags checked before anything runs (so a benchmark with a bad --storage-* flag stops before
// its experiment, not after): the provider, the bucket, the part size, the timeout, and that the
// credentials the provider needs are there (no request is made). Errors name the flag.
Result<TransferSettings> check_storage_options(const StorageOptions& options);

struct FolderUpload {
  std::string folder, destination;
  uint64_t files = 0, bytes = 0, failed_files = 0;
  int retries = 0;
  double seconds = 0;
  bool not_started = false;  // the folder could not be listed, or the store could not start (no file sent)
  bool ok() const { return failed_files == 0 && !not_started; }
};

struct FolderToUpload {
  std::string path;
  // Where it goes under the prefix: empty for the folder's own name. A shard of a sharded
  // benchmark goes to "NAME/shard-I", or every shard's files would land on the others'.
  std::string name;
};

// Uploads each folder in turn. Progress and failures go to `out` and `err` in one line each,
// never holding a secret of `options`. Returns one account per folder; a folder that could not be
// listed or a store that could not start counts as failed with all its files.
std::vector<FolderUpload> upload_folders(const StorageOptions& options, const TransferSettings& settings,
                                         const std::vector<FolderToUpload>& folders, std::ostream& out, std::ostream& err);

// The secrets among `options` (keys, tokens, a connection string), to keep out of every line.
std::vector<std::string> storage_secrets(const StorageOptions& options);

}  // namespace genai::upload
