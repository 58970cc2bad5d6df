#include "upload/azure_account.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace genai::upload {

namespace {

// Azurite's documented, public development account (the same in every Azure SDK).
constexpr std::string_view kDevelopmentAccount = "devstoreaccount1";
constexpr std::string_view kDevelopmentKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

// "A=1;B=x==;" -> {A: 1, B: x==}: each field split at its first '=' (keys end in '=').
Result<std::map<std::string, std::string>> parse_connection_string(const std::string& text) {
  std::map<std::string, std::string> fields;
  for (size_t start = 0; start < text.size();) {
    size_t semicolon = text.find(';', start);
    if (semicolon == std::string::npos) semicolon = text.size();
    const std::string field = text.substr(start, semicolon - start);
    start = semicolon + 1;
    if (field.find_first_not_of(" \t") == std::string::npos) continue;
    const size_t equals = field.find('=');
    if (equals == std::string::npos || equals == 0) {
      return make_error("--storage-azure-connection-string: a field is not Name=Value (fields are separated by ';')");
    }
    // Names in any case, as the SDKs read them (accountname=, AccountName=).
    std::string name = field.substr(0, equals);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    fields[name] = field.substr(equals + 1);
  }
  return fields;
}

std::string without_question_mark(std::string sas) {
  if (!sas.empty() && sas.front() == '?') sas.erase(0, 1);
  return sas;
}

}  // namespace

Result<AzureAccount> resolve_azure_account(const StorageOptions& options) {
  AzureAccount account;
  if (!options.azure_connection_string.empty()) {
    auto fields = parse_connection_string(options.azure_connection_string);
    if (!fields) return make_error(fields.error());
    auto field = [&](std::string name) {
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      auto found = fields->find(name);
      return found == fields->end() ? std::string() : found->second;
    };
    if (field("UseDevelopmentStorage") == "true") {
      account.name = kDevelopmentAccount;
      account.key = kDevelopmentKey;
      account.blob_endpoint = "http://127.0.0.1:10000/" + account.name;
    } else {
      account.name = field("AccountName");
      account.key = field("AccountKey");
      account.sas = without_question_mark(field("SharedAccessSignature"));
      account.blob_endpoint = field("BlobEndpoint");
      if (account.blob_endpoint.empty()) {
        if (account.name.empty()) {
          return make_error("--storage-azure-connection-string: it has neither AccountName nor BlobEndpoint");
        }
        const std::string protocol = field("DefaultEndpointsProtocol").empty() ? "https" : field("DefaultEndpointsProtocol");
        const std::string suffix = field("EndpointSuffix").empty() ? "core.windows.net" : field("EndpointSuffix");
        account.blob_endpoint = protocol + "://" + account.name + ".blob." + suffix;
      }
    }
  } else {
    account.name = options.azure_account_name;
    account.key = options.azure_account_key;
    account.sas = without_question_mark(options.azure_sas_token);
    if (!account.name.empty()) account.blob_endpoint = "https://" + account.name + ".blob.core.windows.net";
  }
  if (!options.endpoint.empty()) account.blob_endpoint = options.endpoint;
  // The SAS wins over the key when both are given, as in the SDKs' connection strings.
  if (!account.sas.empty()) account.key.clear();
  if (account.blob_endpoint.empty()) {
    return make_error("--storage-provider azure needs --storage-azure-account-name (or a connection string, or "
                      "--storage-endpoint)");
  }
  if (account.key.empty() && account.sas.empty()) {
    return make_error("--storage-provider azure needs --storage-azure-account-key, --storage-azure-sas-token or "
                      "--storage-azure-connection-string ($AZURE_STORAGE_ACCOUNT_KEY, ...)");
  }
  if (!account.key.empty() && account.name.empty()) {
    return make_error("--storage-azure-account-key needs --storage-azure-account-name (the key signs for one account)");
  }
  while (!account.blob_endpoint.empty() && account.blob_endpoint.back() == '/') account.blob_endpoint.pop_back();
  return account;
}

}  // namespace genai::upload
