// One storage service as the uploader sees it: a place that takes a local file under an object
// key, in one request or in parts, and says where things went. Each provider's store lives in a
// file of its own (s3_store, azure_blob_store, gcs_store, oci_object_store, github_release_store).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"
#include "upload/folder_files.h"
#include "upload/storage_http.h"
#include "upload/storage_options.h"

namespace genai::upload {

// What a store needs besides its own flags: the part size and the retry policy (the same for all).
struct TransferSettings {
  uint64_t part_size = 16ull << 20;
  RetryPolicy retry;
};

// The part size for one file: the configured one, raised for a file so large that it would need
// more than 10,000 parts (S3's and OCI's limit; Azure allows 50,000 blocks).
uint64_t part_size_for(uint64_t file_size, uint64_t part_size);

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  // Work done once before any file: finding a namespace, a release, a first token. Errors are
  // one line and never hold a secret.
  virtual Status prepare() { return Ok{}; }
  // Puts `file` at `key` (whole, or in parts above the part size). Thread-safe: the uploader sends
  // several files at once. `retries` counts the requests repeated.
  virtual Status put(const LocalFile& file, const std::string& key, int& retries) = 0;
  // Where `key_prefix` ("prefix/folder/") lands, for the summary: s3://bucket/prefix/folder/.
  virtual std::string destination(const std::string& key_prefix) const = 0;
};

// The store for options.provider, or a one-line error naming the flag at fault (a missing bucket,
// missing credentials, an unknown provider).
Result<std::unique_ptr<ObjectStore>> make_object_store(const StorageOptions& options, const TransferSettings& settings);

// The per-provider constructors make_object_store chooses from (each in its own file).
Result<std::unique_ptr<ObjectStore>> make_s3_store(const StorageOptions& options, const TransferSettings& settings);
Result<std::unique_ptr<ObjectStore>> make_azure_blob_store(const StorageOptions& options, const TransferSettings& settings);
Result<std::unique_ptr<ObjectStore>> make_gcs_store(const StorageOptions& options, const TransferSettings& settings);
Result<std::unique_ptr<ObjectStore>> make_oci_object_store(const StorageOptions& options, const TransferSettings& settings);
Result<std::unique_ptr<ObjectStore>> make_github_release_store(const StorageOptions& options, const TransferSettings& settings);

}  // namespace genai::upload
