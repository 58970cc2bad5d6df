// S3 and S3-compatible services (MinIO, GCS's and OCI's S3 endpoints, Ceph): PUT Object, and the
// multipart upload for files above the part size, signed with SigV4 (service "s3": the payload's
// SHA-256 signed, the path neither normalised nor encoded twice). AWS's own rules, as boto3 applies
// them: virtual-host addressing on amazonaws.com, path-style on any other endpoint unless asked.
#include "auth/aws_credentials.h"
#include "auth/hashing.h"
#include "auth/sigv4.h"
#include "upload/object_store.h"
#include "upload/s3_addressing.h"

namespace genai::upload {

namespace {

class S3Store final : public ObjectStore {
 public:
  S3Store(auth::ResolvedAws aws, S3BucketAddress address, std::string bucket, TransferSettings settings)
      : aws_(std::move(aws)), address_(std::move(address)), bucket_(std::move(bucket)), settings_(std::move(settings)) {
    scope_.region = aws_.region;
    scope_.service = "s3";
    scope_.encode_path_again = false;
    scope_.normalize_path = false;
    scope_.add_content_sha256 = true;
  }

  std::string destination(const std::string& key_prefix) const override { return "s3://" + bucket_ + "/" + key_prefix; }

  Status put(const LocalFile& file, const std::string& key, int& retries) override {
    const std::string path = address_.bucket_path + "/" + percent_encode(key, true);
    const std::string content_type(content_type_for(file.relative));
    const uint64_t part_size = part_size_for(file.size, settings_.part_size);
    if (file.size <= part_size) {
      Result<std::string> bytes = read_file_range(file.path, 0, file.size);
      if (!bytes) return make_error(bytes.error());
      auto reply = send("PUT", path, "", {{"content-type", content_type}}, *bytes, retries);
      if (!reply) return make_error(reply.error());
      if (reply->status != 200) return make_error(describe_failure(*reply));
      return Ok{};
    }
    return put_in_parts(file, path, content_type, part_size, retries);
  }

 private:
  Result<net::OneShotReply> send(const std::string& method, const std::string& path, const std::string& query,
                                 HeaderList headers, std::string_view body, int& retries) const {
    StorageRequest request;
    request.method = method;
    request.url = address_.origin + path + (query.empty() ? "" : "?" + query);
    request.headers = std::move(headers);
    request.body = body;
    const Signer sign = [&](const StorageRequest& outgoing) -> Result<HeaderList> {
      auth::SigV4Request signing;
      signing.method = outgoing.method;
      signing.path = path;
      signing.query = query;
      signing.headers = outgoing.headers;
      signing.headers.emplace_back("host", address_.host);
      signing.body = outgoing.body;
      return auth::sigv4_sign(signing, aws_.credentials, scope_, std::chrono::system_clock::now());
    };
    return send_with_retries(request, sign, settings_.retry, &retries);
  }

  // CreateMultipartUpload, UploadPart for each part (read from disk one at a time), then
  // CompleteMultipartUpload; an upload that fails on the way is aborted, so no parts are billed.
  Status put_in_parts(const LocalFile& file, const std::string& path, const std::string& content_type, uint64_t part_size,
                      int& retries) {
    auto created = send("POST", path, "uploads=", {{"content-type", content_type}}, "", retries);
    if (!created) return make_error(created.error());
    if (created->status != 200) return make_error("starting a multipart upload: " + describe_failure(*created));
    const std::string upload_id = xml_element(created->body, "UploadId");
    if (upload_id.empty()) return make_error("starting a multipart upload: the answer has no UploadId");
    const std::string upload_query = "uploadId=" + percent_encode(upload_id, false);
    std::string completion = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    Status status = for_each_part(file, part_size, [&](int number, const std::string& bytes) -> Status {
      auto part = send("PUT", path, "partNumber=" + std::to_string(number) + "&" + upload_query, {}, bytes, retries);
      if (!part) return make_error("part " + std::to_string(number) + ": " + part.error());
      if (part->status != 200 || part->header("etag").empty()) {
        return make_error("part " + std::to_string(number) + ": " + describe_failure(*part));
      }
      completion += "<Part><PartNumber>" + std::to_string(number) + "</PartNumber><ETag>" + std::string(part->header("etag")) +
                    "</ETag></Part>";
      return Ok{};
    });
    if (status) {
      completion += "</CompleteMultipartUpload>";
      // S3 may answer 200 and still report an error in the body once the parts were being joined;
      // AWS's advice is to send the same completion again.
      Result<net::OneShotReply> completed = make_error("not sent");
      for (int attempt = 0; attempt <= settings_.retry.max_retries; ++attempt) {
        completed = send("POST", path, upload_query, {{"content-type", "application/xml"}}, completion, retries);
        if (!completed || completed->status != 200 || completed->body.find("<Error>") == std::string::npos) break;
        ++retries;
      }
      if (!completed) {
        status = make_error("completing a multipart upload: " + completed.error());
      } else if (completed->status != 200 || completed->body.find("<Error>") != std::string::npos) {
        status = make_error("completing a multipart upload: " + describe_failure(*completed));
      } else {
        return Ok{};
      }
    }
    int ignored = 0;
    (void)send("DELETE", path, upload_query, {}, "", ignored);
    return status;
  }

  auth::ResolvedAws aws_;
  S3BucketAddress address_;
  std::string bucket_;
  TransferSettings settings_;
  auth::SigV4Scope scope_;
};

}  // namespace

Result<std::unique_ptr<ObjectStore>> make_s3_store(const StorageOptions& options, const TransferSettings& settings) {
  auth::AwsCredentialInputs inputs{options.aws_access_key_id, options.aws_secret_access_key, options.aws_session_token,
                                   options.aws_profile, options.aws_region};
  Result<auth::ResolvedAws> aws = auth::resolve_aws_credentials(inputs);
  if (!aws) return make_error("--storage-provider aws: " + aws.error());
  const std::string endpoint_text =
      options.endpoint.empty() ? "https://s3." + aws->region + ".amazonaws.com" : options.endpoint;
  Result<Endpoint> endpoint = parse_endpoint(endpoint_text);
  if (!endpoint) return make_error("--storage-endpoint: " + endpoint.error());
  return std::unique_ptr<ObjectStore>(std::make_unique<S3Store>(
      std::move(*aws), s3_bucket_address(*endpoint, options.bucket, options.s3_addressing), options.bucket, settings));
}

}  // namespace genai::upload
