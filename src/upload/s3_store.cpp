// S3 and S3-compatible services (MinIO, GCS's and OCI's S3 endpoints, Ceph): PUT Object, and the
// multipart upload for files above the part size, signed with SigV4 (service "s3": the payload's
// SHA-256 signed, the path neither normalised nor encoded twice). AWS's own rules, as boto3 applies
// them: virtual-host addressing on amazonaws.com, path-style on any other endpoint unless asked.
#include <boost/json.hpp>
#include <cctype>

#include "auth/aws_credentials.h"
#include "auth/hashing.h"
#include "auth/sigv4.h"
#include "upload/object_store.h"

namespace genai::upload {

namespace {

// A bucket name that can be a DNS label under TLS: lowercase letters, digits and '-', 3-63 long.
bool dns_compatible(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63 || bucket.front() == '-' || bucket.back() == '-') return false;
  for (char c : bucket) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-')) {
      return false;
    }
  }
  return true;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

class S3Store final : public ObjectStore {
 public:
  S3Store(auth::ResolvedAws aws, Endpoint endpoint, bool virtual_host, std::string bucket, TransferSettings settings)
      : aws_(std::move(aws)), endpoint_(std::move(endpoint)), virtual_host_(virtual_host), bucket_(std::move(bucket)),
        settings_(std::move(settings)) {
    scope_.region = aws_.region;
    scope_.service = "s3";
    scope_.encode_path_again = false;
    scope_.normalize_path = false;
    scope_.add_content_sha256 = true;
    if (virtual_host_) {
      host_ = bucket_ + "." + endpoint_.host;
      origin_ = (endpoint_.tls ? "https://" : "http://") + host_;
      bucket_path_ = endpoint_.path;
    } else {
      host_ = endpoint_.host;
      origin_ = endpoint_.origin;
      bucket_path_ = endpoint_.path + "/" + percent_encode(bucket_, false);
    }
  }

  std::string destination(const std::string& key_prefix) const override { return "s3://" + bucket_ + "/" + key_prefix; }

  Status put(const LocalFile& file, const std::string& key, int& retries) override {
    const std::string path = bucket_path_ + "/" + percent_encode(key, true);
    const std::string content_type(content_type_for(file.relative));
    if (file.size <= settings_.part_size) {
      Result<std::string> bytes = read_file_range(file.path, 0, file.size);
      if (!bytes) return make_error(bytes.error());
      auto reply = send("PUT", path, "", {{"content-type", content_type}}, *bytes, retries);
      if (!reply) return make_error(reply.error());
      if (reply->status != 200) return make_error(describe_failure(*reply));
      return Ok{};
    }
    return put_in_parts(file, path, content_type, retries);
  }

 private:
  Result<net::OneShotReply> send(const std::string& method, const std::string& path, const std::string& query,
                                 HeaderList headers, std::string_view body, int& retries) const {
    StorageRequest request;
    request.method = method;
    request.url = origin_ + path + (query.empty() ? "" : "?" + query);
    request.headers = std::move(headers);
    request.body = body;
    const Signer sign = [&](const StorageRequest& outgoing) -> Result<HeaderList> {
      auth::SigV4Request signing;
      signing.method = outgoing.method;
      signing.path = path;
      signing.query = query;
      signing.headers = outgoing.headers;
      signing.headers.emplace_back("host", host_);
      signing.body = outgoing.body;
      return auth::sigv4_sign(signing, aws_.credentials, scope_, std::chrono::system_clock::now());
    };
    return send_with_retries(request, sign, settings_.retry, &retries);
  }

  // CreateMultipartUpload, UploadPart for each part (read from disk one at a time), then
  // CompleteMultipartUpload; an upload that fails on the way is aborted, so no parts are billed.
  Status put_in_parts(const LocalFile& file, const std::string& path, const std::string& content_type, int& retries) {
    auto created = send("POST", path, "uploads=", {{"content-type", content_type}}, "", retries);
    if (!created) return make_error(created.error());
    if (created->status != 200) return make_error("starting a multipart upload: " + describe_failure(*created));
    const std::string upload_id = xml_element(created->body, "UploadId");
    if (upload_id.empty()) return make_error("starting a multipart upload: the answer has no UploadId");
    const std::string upload_query = "uploadId=" + percent_encode(upload_id, false);
    std::string completion = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    Status status = Ok{};
    int part_number = 1;
    for (uint64_t offset = 0; offset < file.size && status; offset += settings_.part_size, ++part_number) {
      Result<std::string> bytes = read_file_range(file.path, offset, std::min(settings_.part_size, file.size - offset));
      if (!bytes) {
        status = make_error(bytes.error());
        break;
      }
      const std::string query = "partNumber=" + std::to_string(part_number) + "&" + upload_query;
      auto part = send("PUT", path, query, {}, *bytes, retries);
      if (!part) {
        status = make_error("part " + std::to_string(part_number) + ": " + part.error());
      } else if (part->status != 200 || part->header("etag").empty()) {
        status = make_error("part " + std::to_string(part_number) + ": " + describe_failure(*part));
      } else {
        completion += "<Part><PartNumber>" + std::to_string(part_number) + "</PartNumber><ETag>" +
                      std::string(part->header("etag")) + "</ETag></Part>";
      }
    }
    if (status) {
      completion += "</CompleteMultipartUpload>";
      auto completed = send("POST", path, upload_query, {{"content-type", "application/xml"}}, completion, retries);
      if (!completed) {
        status = make_error("completing a multipart upload: " + completed.error());
      } else if (completed->status != 200 || completed->body.find("<Error>") != std::string::npos) {
        // S3 may answer 200 and still report an error in the body once the parts were joined.
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
  Endpoint endpoint_;
  bool virtual_host_;
  std::string bucket_;
  TransferSettings settings_;
  auth::SigV4Scope scope_;
  std::string host_, origin_, bucket_path_;
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
  bool virtual_host = options.s3_addressing == "virtual";
  if (options.s3_addressing == "auto") {
    const std::string host = endpoint->host.substr(0, endpoint->host.find(':'));
    virtual_host = ends_with(host, "amazonaws.com") && dns_compatible(options.bucket);
  }
  return std::unique_ptr<ObjectStore>(
      std::make_unique<S3Store>(std::move(*aws), std::move(*endpoint), virtual_host, options.bucket, settings));
}

}  // namespace genai::upload
