// The OCI identity flags (--auth, --config-file, --profile, --region, --security-token), Python
// genai-bench's names: `benchmark` has them for its oci-* backends, `upload` for Object Storage.
#pragma once

#include <string>

#include "auth/oci_identity_options.h"

namespace CLI {
class App;
}

namespace genai::cli {

// `who` starts each flag's help ("oci-*", "oci"); `group` is the help's section.
void add_oci_identity_flags(CLI::App& command, auth::OciIdentityOptions& options, const std::string& group,
                            const std::string& who);

}  // namespace genai::cli
