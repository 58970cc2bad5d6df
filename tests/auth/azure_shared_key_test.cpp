// Azure Shared Key: the string to sign worked by hand from Microsoft's "Authorize with Shared Key"
// page (the verb, eleven standard headers with an empty Content-Length when 0, the x-ms-* headers
// sorted, then /account + the encoded path and the decoded query parameters sorted), and the
// signature computed by Python's hmac module over that string (not by our code). Azurite, which
// verifies real signatures, is the end-to-end check (tests/reference/storage_reference_test.sh).
#include <gtest/gtest.h>

#include "auth/azure_shared_key.h"

namespace genai::auth {
namespace {

constexpr const char* kAzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

TEST(AzureSharedKey, StringToSignFollowsTheDocumentedLayout) {
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"X-Ms-Version", "2021-08-06"},
      {"Content-Type", "application/json"},
      {"x-ms-date", "Tue, 01 Dec 2026 02:00:00 GMT"},
      {"x-ms-blob-type", "  Block \t Blob "},
  };
  const AzureSharedKeyRequest request{"PUT", "/devstoreaccount1/results/runs/a%20b.json", "comp=block&blockid=YWJj%3D%3D",
                                      &headers, 5};
  EXPECT_EQ(azure_shared_key_string_to_sign(request, "devstoreaccount1"),
            "PUT\n\n\n5\n\napplication/json\n\n\n\n\n\n\n"
            "x-ms-blob-type:Block Blob\nx-ms-date:Tue, 01 Dec 2026 02:00:00 GMT\nx-ms-version:2021-08-06\n"
            "/devstoreaccount1/devstoreaccount1/results/runs/a%20b.json\nblockid:YWJj==\ncomp:block");
  auto authorization = azure_shared_key_authorization(request, "devstoreaccount1", kAzuriteKey);
  ASSERT_TRUE(authorization) << authorization.error();
  EXPECT_EQ(*authorization, "SharedKey devstoreaccount1:hFBzdzjtrF+MTv+H/cuMvNi3S/nnBGoz1LRk0i51lhs=");
}

TEST(AzureSharedKey, AnEmptyBodyHasAnEmptyContentLengthAndRepeatedParametersJoinSorted) {
  const std::vector<std::pair<std::string, std::string>> headers = {{"x-ms-date", "D"}};
  const AzureSharedKeyRequest request{"GET", "/c", "Include=b&include=a", &headers, 0};
  EXPECT_EQ(azure_shared_key_string_to_sign(request, "acct"),
            "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:D\n/acct/c\ninclude:a,b");
}

TEST(AzureSharedKey, AKeyThatIsNotBase64IsRefusedWithoutEchoingIt) {
  const std::vector<std::pair<std::string, std::string>> headers;
  const AzureSharedKeyRequest request{"GET", "/c", "", &headers, 0};
  auto authorization = azure_shared_key_authorization(request, "acct", "not*base64*secret");
  ASSERT_FALSE(authorization);
  EXPECT_EQ(authorization.error().find("secret"), std::string::npos);
}

}  // namespace
}  // namespace genai::auth
