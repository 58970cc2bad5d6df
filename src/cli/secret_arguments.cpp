#include "cli/secret_arguments.h"

#include <array>
#include <cstdlib>

#include "common/secrets.h"

namespace genai::cli {
namespace {

// Name parts that mark a secret. "key" alone would catch --group-key (a report grouping), so
// only names ending in -key with a qualifier that makes it a credential count.
constexpr std::array<std::string_view, 8> kSecretParts = {"token", "secret", "password", "passphrase",
                                                          "credential", "credentials", "sas", "apikey"};
constexpr std::array<std::string_view, 4> kNotSecret = {"--group-key", "--group_key", "--model-tokenizer",
                                                        "--model_tokenizer"};

std::vector<std::string_view> name_parts(std::string_view flag) {
  std::vector<std::string_view> parts;
  while (!flag.empty() && flag.front() == '-') flag.remove_prefix(1);
  while (!flag.empty()) {
    const size_t end = flag.find_first_of("-_");
    parts.push_back(flag.substr(0, end));
    if (end == std::string_view::npos) break;
    flag.remove_prefix(end + 1);
  }
  return parts;
}

}  // namespace

bool is_secret_flag(std::string_view flag) {
  if (!flag.starts_with("-")) return false;
  flag = flag.substr(0, flag.find('='));
  for (std::string_view plain : kNotSecret) {
    if (flag == plain) return false;
  }
  const auto parts = name_parts(flag);
  for (size_t i = 0; i < parts.size(); ++i) {
    for (std::string_view secret : kSecretParts) {
      if (parts[i] == secret) return true;
    }
    // --api-key, --model-api-key, --storage-azure-account-key, --access-key, --private-key ...
    if (parts[i] == "key" && i > 0) return true;
    if (parts[i] == "connection" && i + 1 < parts.size() && parts[i + 1] == "string") return true;
  }
  return false;
}

std::vector<std::string> secret_values(int argc, const char* const* argv) {
  std::vector<std::string> secrets;
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (!is_secret_flag(argument)) continue;
    const size_t equals = argument.find('=');
    if (equals != std::string_view::npos) {
      secrets.emplace_back(argument.substr(equals + 1));
    } else if (i + 1 < argc) {
      secrets.emplace_back(argv[i + 1]);
    }
  }
  for (const char* name : {"API_KEY", "OPENAI_API_KEY", "MODEL_API_KEY", "ANTHROPIC_API_KEY", "HF_TOKEN",
                           "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AZURE_OPENAI_API_KEY", "AZURE_AD_TOKEN",
                           "CO_API_KEY", "TOGETHER_API_KEY", "GCP_API_KEY", "GITHUB_TOKEN",
                           "AZURE_STORAGE_ACCOUNT_KEY", "AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_SAS_TOKEN"}) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') secrets.emplace_back(value);
  }
  return secrets;
}

std::string scrub_secrets(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) text = mask_secret(std::move(text), secret);
  return text;
}

}  // namespace genai::cli
