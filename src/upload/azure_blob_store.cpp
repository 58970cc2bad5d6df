// Azure Blob Storage: Put Blob for a file up to the part size, Put Block for each part then Put
// Block List above it, authorised by Shared Key (auth/azure_shared_key) or a SAS token.
#include <cstdio>

#include "auth/azure_shared_key.h"
#include "auth/oci_signature.h"
#include "common/base64.h"
#include "upload/azure_account.h"
#include "upload/object_store.h"

namespace genai::upload {

namespace {

// A version every service and Azurite 3.x answer; block blobs have not changed since.
constexpr const char* kStorageVersion = "2021-08-06";

class AzureBlobStore final : public ObjectStore {
 public:
  AzureBlobStore(AzureAccount account, Endpoint endpoint, std::string container, TransferSettings settings)
      : account_(std::move(account)), endpoint_(std::move(endpoint)), container_(std::move(container)),
        settings_(std::move(settings)) {}

  std::string destination(const std::string& key_prefix) const override {
    return account_.blob_endpoint + "/" + container_ + "/" + key_prefix;
  }

  Status put(const LocalFile& file, const std::string& key, int& retries) override {
    const std::string path = endpoint_.path + "/" + percent_encode(container_, false) + "/" + percent_encode(key, true);
    const std::string content_type(content_type_for(file.relative));
    const uint64_t part_size = part_size_for(file.size, settings_.part_size);
    if (file.size <= part_size) {
      Result<std::string> bytes = read_file_range(file.path, 0, file.size);
      if (!bytes) return make_error(bytes.error());
      auto reply = send(path, "", {{"x-ms-blob-type", "BlockBlob"}, {"Content-Type", content_type}}, *bytes, retries);
      if (!reply) return make_error(reply.error());
      if (reply->status != 201) return make_error(describe_failure(*reply));
      return Ok{};
    }
    // Block ids: the same length for every block of a blob (the service requires it), base64.
    std::string block_list = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
    Status blocks = for_each_part(file, part_size, [&](int number, const std::string& bytes) -> Status {
      const int block = number - 1;  // blocks are counted from 0
      char name[32];
      std::snprintf(name, sizeof name, "genai-bench-%08d", block);
      const std::string id = base64_encode(name);
      auto reply = send(path, "comp=block&blockid=" + percent_encode(id, false), {}, bytes, retries);
      if (!reply) return make_error("block " + std::to_string(block) + ": " + reply.error());
      if (reply->status != 201) return make_error("block " + std::to_string(block) + ": " + describe_failure(*reply));
      block_list += "<Latest>" + id + "</Latest>";
      return Ok{};
    });
    if (!blocks) return blocks;
    block_list += "</BlockList>";
    auto reply = send(path, "comp=blocklist", {{"x-ms-blob-content-type", content_type}, {"Content-Type", "application/xml"}},
                      block_list, retries);
    if (!reply) return make_error("committing the blocks: " + reply.error());
    if (reply->status != 201) return make_error("committing the blocks: " + describe_failure(*reply));
    return Ok{};
  }

 private:
  Result<net::OneShotReply> send(const std::string& path, const std::string& query, HeaderList headers,
                                 std::string_view body, int& retries) const {
    StorageRequest request;
    std::string full_query = query;
    if (!account_.sas.empty()) full_query += (full_query.empty() ? "" : "&") + account_.sas;
    request.url = endpoint_.origin + path + (full_query.empty() ? "" : "?" + full_query);
    request.headers = std::move(headers);
    request.headers.emplace_back("x-ms-version", kStorageVersion);
    request.body = body;
    const Signer sign = [&](const StorageRequest& outgoing) -> Result<HeaderList> {
      HeaderList added{{"x-ms-date", auth::format_http_date(std::chrono::system_clock::now())}};
      if (account_.key.empty()) return added;  // the SAS in the query authorises
      HeaderList all = outgoing.headers;
      all.insert(all.end(), added.begin(), added.end());
      const auth::AzureSharedKeyRequest signing{outgoing.method, path, query, &all, outgoing.body.size()};
      Result<std::string> authorization = auth::azure_shared_key_authorization(signing, account_.name, account_.key);
      if (!authorization) return make_error("--storage-azure-account-key: " + authorization.error());
      added.emplace_back("Authorization", std::move(*authorization));
      return added;
    };
    return send_with_retries(request, sign, settings_.retry, &retries);
  }

  AzureAccount account_;
  Endpoint endpoint_;
  std::string container_;
  TransferSettings settings_;
};

}  // namespace

Result<std::unique_ptr<ObjectStore>> make_azure_blob_store(const StorageOptions& options, const TransferSettings& settings) {
  Result<AzureAccount> account = resolve_azure_account(options);
  if (!account) return make_error(account.error());
  Result<Endpoint> endpoint = parse_endpoint(account->blob_endpoint);
  if (!endpoint) return make_error("the Azure blob endpoint: " + endpoint.error());
  return std::unique_ptr<ObjectStore>(
      std::make_unique<AzureBlobStore>(std::move(*account), std::move(*endpoint), options.bucket, settings));
}

}  // namespace genai::upload
