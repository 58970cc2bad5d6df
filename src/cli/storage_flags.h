// The storage flags of `benchmark --upload-results` and `genai-bench upload`: Python genai-bench's
// names and environment variables, plus ours (--storage-endpoint, --storage-s3-addressing,
// --storage-part-size, --storage-timeout).
#pragma once

#include "upload/storage_options.h"

namespace CLI {
class App;
}

namespace genai::cli {

// `upload_command`: the `upload` subcommand, which also takes OCI's identity flags (--auth,
// --config-file, --profile, --region, --security-token; `benchmark` has them for its oci-* backends
// already) and has no --upload-results (uploading is what it does).
void add_storage_flags(CLI::App& command, upload::StorageOptions& options, bool upload_command);

}  // namespace genai::cli
