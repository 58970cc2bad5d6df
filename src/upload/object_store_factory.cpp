#include "upload/object_store.h"

#include <algorithm>

namespace genai::upload {

uint64_t part_size_for(uint64_t file_size, uint64_t part_size) {
  constexpr uint64_t kMaximumParts = 10000;
  constexpr uint64_t kMiB = 1 << 20;
  const uint64_t needed = (file_size + kMaximumParts - 1) / kMaximumParts;
  return std::max(part_size, (needed + kMiB - 1) / kMiB * kMiB);
}

Result<std::unique_ptr<ObjectStore>> make_object_store(const StorageOptions& options, const TransferSettings& settings) {
  if (options.provider == "aws") return make_s3_store(options, settings);
  if (options.provider == "azure") return make_azure_blob_store(options, settings);
  if (options.provider == "gcp") return make_gcs_store(options, settings);
  if (options.provider == "oci") return make_oci_object_store(options, settings);
  if (options.provider == "github") return make_github_release_store(options, settings);
  return make_error("--storage-provider: \"" + options.provider + "\" is not one of oci, aws, azure, gcp, github");
}

}  // namespace genai::upload
