// Azure Storage's Shared Key authorisation (the "SharedKey" scheme of the Blob service, version
// 2015-02-21 and later: an empty Content-Length when the body is empty). Hand-written because
// Debian packages no Azure Storage C++ SDK; checked against Azurite, Microsoft's emulator, which
// verifies every signature (tests/reference/storage_reference_test.sh), and against a string to sign
// worked by hand from Microsoft's "Authorize with Shared Key" page (tests/auth/azure_shared_key_test.cpp).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace genai::auth {

struct AzureSharedKeyRequest {
  std::string_view method;
  std::string_view path;   // as sent, percent-encoded: "/container/dir/blob.json" (an emulator's begins "/account")
  std::string_view query;  // as sent, without '?'
  const std::vector<std::pair<std::string, std::string>>* headers = nullptr;  // as sent, x-ms-date among them
  size_t content_length = 0;
};

// The string to sign: the verb, the standard headers' values (Content-Length empty when 0), the
// x-ms-* headers lowercased and sorted, then "/account" + path and each query parameter, its
// name lowercased and its value decoded, sorted by name.
std::string azure_shared_key_string_to_sign(const AzureSharedKeyRequest& request, std::string_view account);

// "SharedKey account:base64(HMAC-SHA256(base64-decoded key, string to sign))". An error when the
// key is not base64 (never echoing it).
Result<std::string> azure_shared_key_authorization(const AzureSharedKeyRequest& request, std::string_view account,
                                                   std::string_view base64_key);

}  // namespace genai::auth
