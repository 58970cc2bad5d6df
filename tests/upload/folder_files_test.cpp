// The parts of an upload that need no service: which files, under which keys, with which content
// types; percent-encoding, sizes, the services' error texts, and the secrets kept out of lines.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "upload/azure_account.h"
#include "upload/folder_files.h"
#include "upload/folder_upload.h"
#include "upload/s3_addressing.h"
#include "upload/storage_http.h"

namespace genai::upload {
namespace {

namespace fs = std::filesystem;

TEST(UploadKeys, PrefixFolderAndRelativePathJoinWithOneSlashEach) {
  EXPECT_EQ(object_key("experiments/2024", "exp_1", "plots/a.png"), "experiments/2024/exp_1/plots/a.png");
  EXPECT_EQ(object_key("/experiments/2024/", "exp_1", "a.json"), "experiments/2024/exp_1/a.json");
  EXPECT_EQ(object_key("", "exp_1", "a.json"), "exp_1/a.json");
}

TEST(UploadKeys, FolderNameIgnoresTrailingSlashes) {
  EXPECT_EQ(folder_name("/tmp/runs/exp_1/"), "exp_1");
  EXPECT_EQ(folder_name("runs/exp_1"), "exp_1");
}

TEST(UploadFiles, EveryFileRecursivelySortedWithSizes) {
  const fs::path root = fs::temp_directory_path() / ("upload_files_test_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "plots");
  std::ofstream(root / "summary.json") << "{}";
  std::ofstream(root / "plots" / "b c.png") << "12345";
  std::ofstream(root / "a.csv") << "x\n";
  auto files = list_folder_files(root.string());
  ASSERT_TRUE(files) << files.error();
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0].relative, "a.csv");
  EXPECT_EQ((*files)[1].relative, "plots/b c.png");
  EXPECT_EQ((*files)[1].size, 5u);
  EXPECT_EQ((*files)[2].relative, "summary.json");
  auto part = read_file_range((root / "plots" / "b c.png").string(), 1, 3);
  ASSERT_TRUE(part);
  EXPECT_EQ(*part, "234");
  fs::remove_all(root);
  EXPECT_FALSE(list_folder_files(root.string()));
}

TEST(UploadFiles, ContentTypesByExtension) {
  EXPECT_EQ(content_type_for("a/summary.json"), "application/json");
  EXPECT_EQ(content_type_for("records.jsonl"), "application/x-ndjson");
  EXPECT_EQ(content_type_for("x.CSV"), "text/csv");
  EXPECT_EQ(content_type_for("p.png"), "image/png");
  EXPECT_EQ(content_type_for("r_summary.xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(content_type_for("plots.d/noextension"), "application/octet-stream");
}

TEST(UploadFiles, PercentEncodingKeepsUnreservedAndOptionallySlashes) {
  EXPECT_EQ(percent_encode("runs/a b+c~_.-/x.png", true), "runs/a%20b%2Bc~_.-/x.png");
  EXPECT_EQ(percent_encode("runs/a", false), "runs%2Fa");
  EXPECT_EQ(percent_encode("\xc3\xa9", false), "%C3%A9");
}

TEST(UploadFiles, ByteSizes) {
  EXPECT_EQ(*parse_byte_size("16MiB"), 16u << 20);
  EXPECT_EQ(*parse_byte_size("5MB"), 5000000u);
  EXPECT_EQ(*parse_byte_size("1048576"), 1048576u);
  EXPECT_FALSE(parse_byte_size("MiB"));
  EXPECT_FALSE(parse_byte_size("5 parsecs"));
}

TEST(UploadErrors, TheServicesOwnCodeAndMessage) {
  net::OneShotReply s3;
  s3.status = 403;
  s3.body = "<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated "
            "does not match</Message></Error>";
  EXPECT_EQ(describe_failure(s3), "HTTP 403 SignatureDoesNotMatch: The request signature we calculated does not match");
  net::OneShotReply azure;
  azure.status = 403;
  azure.headers = {{"x-ms-error-code", "AuthorizationFailure"}};
  azure.body = "<Error><Code>AuthorizationFailure</Code><Message>Server failed to authenticate.\nRequestId:1</Message></Error>";
  EXPECT_EQ(describe_failure(azure), "HTTP 403 AuthorizationFailure: Server failed to authenticate.");
  net::OneShotReply oci;
  oci.status = 401;
  oci.body = R"({"code":"NotAuthenticated","message":"The required information to complete authentication was not provided."})";
  EXPECT_EQ(describe_failure(oci), "HTTP 401 NotAuthenticated: The required information to complete authentication was not provided.");
  net::OneShotReply google;
  google.status = 401;
  google.body = R"({"error":{"code":401,"message":"Invalid Credentials"}})";
  EXPECT_EQ(describe_failure(google), "HTTP 401: Invalid Credentials");
  net::OneShotReply github;
  github.status = 401;
  github.body = R"({"message":"Bad credentials"})";
  EXPECT_EQ(describe_failure(github), "HTTP 401: Bad credentials");
}

TEST(AzureAccounts, ConnectionStringsAsThePortalWritesThem) {
  StorageOptions options;
  options.azure_connection_string =
      "DefaultEndpointsProtocol=https;AccountName=bench;AccountKey=a2V5a2V5a2V5==;EndpointSuffix=core.chinacloudapi.cn";
  auto account = resolve_azure_account(options);
  ASSERT_TRUE(account) << account.error();
  EXPECT_EQ(account->name, "bench");
  EXPECT_EQ(account->key, "a2V5a2V5a2V5==");
  EXPECT_EQ(account->blob_endpoint, "https://bench.blob.core.chinacloudapi.cn");

  options.azure_connection_string = "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1/;SharedAccessSignature=sv=2021&sig=abc%3D";
  account = resolve_azure_account(options);
  ASSERT_TRUE(account) << account.error();
  EXPECT_EQ(account->blob_endpoint, "http://127.0.0.1:10000/devstoreaccount1");
  EXPECT_EQ(account->sas, "sv=2021&sig=abc%3D");

  options.azure_connection_string = "UseDevelopmentStorage=true";
  account = resolve_azure_account(options);
  ASSERT_TRUE(account) << account.error();
  EXPECT_EQ(account->blob_endpoint, "http://127.0.0.1:10000/devstoreaccount1");
}

TEST(AzureAccounts, MissingCredentialsNameTheFlags) {
  StorageOptions options;
  options.azure_account_name = "bench";
  auto account = resolve_azure_account(options);
  ASSERT_FALSE(account);
  EXPECT_NE(account.error().find("--storage-azure-account-key"), std::string::npos);
  options.azure_sas_token = "?sv=2021&sig=x";
  account = resolve_azure_account(options);
  ASSERT_TRUE(account) << account.error();
  EXPECT_EQ(account->sas, "sv=2021&sig=x");
  EXPECT_EQ(account->blob_endpoint, "https://bench.blob.core.windows.net");
}

TEST(StorageOptionsCheck, RefusesWhatWouldFailLaterNamingTheFlag) {
  StorageOptions options;
  options.provider = "aws";
  options.aws_access_key_id = "AKID";
  options.aws_secret_access_key = "secret-value";
  auto checked = check_storage_options(options);
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().find("--storage-bucket"), std::string::npos);
  options.bucket = "b";
  options.part_size = "1MiB";
  checked = check_storage_options(options);
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().find("--storage-part-size"), std::string::npos);
  options.part_size = "8MiB";
  EXPECT_TRUE(check_storage_options(options));
  options.provider = "github";
  checked = check_storage_options(options);
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().find("--github-token"), std::string::npos);
}

TEST(StorageSecrets, KeysTokensAndTheSignatureOfASas) {
  StorageOptions options;
  options.azure_sas_token = "sv=2021-08-06&ss=b&sig=SIGNATUREVALUE%3D";
  options.azure_connection_string = "AccountName=a;AccountKey=KEYVALUE==;";
  const auto secrets = storage_secrets(options);
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "SIGNATUREVALUE%3D"), secrets.end());
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "KEYVALUE=="), secrets.end());
}

}  // namespace
}  // namespace genai::upload

namespace genai::upload {
namespace {

TEST(S3Addressing, VirtualHostOnAwsPathStyleElsewhereAsBoto3) {
  const Endpoint aws = *parse_endpoint("https://s3.us-west-2.amazonaws.com");
  S3BucketAddress address = s3_bucket_address(aws, "bench-results", "auto");
  EXPECT_EQ(address.origin, "https://bench-results.s3.us-west-2.amazonaws.com");
  EXPECT_EQ(address.host, "bench-results.s3.us-west-2.amazonaws.com");
  EXPECT_EQ(address.bucket_path, "");
  // A bucket with dots (or capitals) cannot be a TLS host name: path style, even on AWS.
  address = s3_bucket_address(aws, "bench.results", "auto");
  EXPECT_EQ(address.origin, "https://s3.us-west-2.amazonaws.com");
  EXPECT_EQ(address.bucket_path, "/bench.results");
  const Endpoint minio = *parse_endpoint("http://127.0.0.1:9000/base/");
  address = s3_bucket_address(minio, "b", "auto");
  EXPECT_EQ(address.origin, "http://127.0.0.1:9000");
  EXPECT_EQ(address.host, "127.0.0.1:9000");
  EXPECT_EQ(address.bucket_path, "/base/b");
  address = s3_bucket_address(*parse_endpoint("https://minio.internal"), "bench", "virtual");
  EXPECT_EQ(address.origin, "https://bench.minio.internal");
  EXPECT_EQ(address.host, "bench.minio.internal");
}

}  // namespace
}  // namespace genai::upload

namespace genai::upload {
namespace {

TEST(UploadParts, AFileThatWouldNeedMoreThanTenThousandPartsGetsLargerOnes) {
  EXPECT_EQ(part_size_for(100u << 20, 16u << 20), 16u << 20);
  // 200 GiB at 16 MiB would be 12,800 parts: raised to the next MiB above size / 10,000.
  const uint64_t large = 200ull << 30;
  const uint64_t part = part_size_for(large, 16u << 20);
  EXPECT_GT(part, 16u << 20);
  EXPECT_LE((large + part - 1) / part, 10000u);
  EXPECT_EQ(part % (1u << 20), 0u);
}

TEST(UploadEndpoints, AnEndpointWithAQueryOrCredentialsIsRefused) {
  EXPECT_FALSE(parse_endpoint("https://acct.blob.core.windows.net/c?sv=2021&sig=secret"));
  EXPECT_FALSE(parse_endpoint("https://user:pass@minio.internal"));
  auto endpoint = parse_endpoint("http://127.0.0.1:10000/devstoreaccount1/");
  ASSERT_TRUE(endpoint) << endpoint.error();
  EXPECT_EQ(endpoint->origin, "http://127.0.0.1:10000");
  EXPECT_EQ(endpoint->path, "/devstoreaccount1");
  EXPECT_FALSE(parse_byte_size("99999999999999GiB"));
}

}  // namespace
}  // namespace genai::upload
