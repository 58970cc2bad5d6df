// Which Azure Storage account, at which blob endpoint, with which credential: from a connection
// string (the portal's "Connection string", or UseDevelopmentStorage=true for Azurite), else the
// account name with its key or a SAS token, as the Azure SDKs read them.
#pragma once

#include <string>

#include "common/result.h"
#include "upload/storage_options.h"

namespace genai::upload {

struct AzureAccount {
  std::string name;
  std::string blob_endpoint;  // "https://NAME.blob.core.windows.net", or an emulator's "http://127.0.0.1:10000/NAME"
  std::string key;            // base64, for Shared Key; empty with a SAS
  std::string sas;            // the query string of a SAS token, without '?'; empty with a key
};

// --storage-endpoint overrides the blob endpoint of whatever else is given. Errors name the flag
// (or the connection string's field) and never hold the key or the token.
Result<AzureAccount> resolve_azure_account(const StorageOptions& options);

}  // namespace genai::upload
