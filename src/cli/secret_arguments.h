// Keeps secrets given on the command line out of every message about it: the values of flags
// whose names say they hold a secret (--api-key, --model-api-key, --github-token, ...), known to
// us or not, in either spelling (--flag VALUE, --flag=VALUE).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace genai::cli {

// --api-key, --model-api-key, --storage-aws-secret-access-key, --github-token,
// --storage-azure-connection-string, --hf-token ... but not --model-tokenizer or --group-key.
bool is_secret_flag(std::string_view flag);
// The values of secret flags in argv (and of the environment's well-known key variables).
std::vector<std::string> secret_values(int argc, const char* const* argv);
// `text` with every secret replaced by "***".
std::string scrub_secrets(std::string text, const std::vector<std::string>& secrets);

}  // namespace genai::cli
