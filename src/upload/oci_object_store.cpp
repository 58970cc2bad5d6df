// OCI Object Storage through its native API: PutObject for a file up to the part size, a multipart
// upload (create, UploadPart each part, commit) above it, signed with OCI's HTTP signatures as the
// oci-* backends sign (auth/oci_signature), the profile of the OCI config file or a session token.
// The namespace, unless --namespace gives it, is the tenancy's, asked of GET /n/ as Python's SDK does.
// Instance principals sign with the session key the backends' authorizer keeps fresh; that
// authorizer signs the body headers of every PUT too, which Object Storage accepts (they are
// optional there, not refused).
#include <boost/json.hpp>
#include <optional>

#include <iostream>

#include "auth/oci_config.h"
#include "auth/oci_instance_principal.h"
#include "auth/oci_signature.h"
#include "upload/object_store.h"

namespace genai::upload {

namespace {

class OciObjectStore final : public ObjectStore {
 public:
  // `identity` empty (no key): instance principal, started by prepare(); `endpoint` then empty
  // when it is the instance's region's.
  OciObjectStore(auth::OciIdentity identity, std::optional<Endpoint> endpoint, std::string name_space, std::string bucket,
                 TransferSettings settings)
      : identity_(std::move(identity)), endpoint_(endpoint.value_or(Endpoint{})), namespace_(std::move(name_space)),
        bucket_(std::move(bucket)), settings_(std::move(settings)), endpoint_given_(endpoint.has_value()) {}

  Status prepare() override {
    if (identity_.key == nullptr) {
      auto report = [](const std::string& line) { std::cerr << "genai-bench: oci storage session token: " << line << "\n"; };
      auto authorizer = auth::OciInstancePrincipalAuthorizer::start(auth::oci_instance_principal_endpoints_from_environment(),
                                                                   auth::oci_http_over_the_network(), std::move(report));
      if (!authorizer) return make_error("--storage-provider oci with instance_principal: " + authorizer.error());
      instance_ = std::move(*authorizer);
      if (!endpoint_given_) {
        auto endpoint = parse_endpoint("https://objectstorage." + instance_->region() + ".oraclecloud.com");
        if (!endpoint) return make_error(endpoint.error());
        endpoint_ = std::move(*endpoint);
      }
    }
    if (!namespace_.empty()) return Ok{};
    int retries = 0;
    auto reply = send("GET", endpoint_.path + "/n/", {}, "", false, retries);
    if (!reply) return make_error("--storage-provider oci: finding the namespace: " + reply.error());
    if (reply->status != 200) return make_error("--storage-provider oci: finding the namespace: " + describe_failure(*reply));
    boost::system::error_code error;
    const boost::json::value name = boost::json::parse(reply->body, error);
    if (error || !name.is_string() || name.get_string().empty()) {
      return make_error("--storage-provider oci: GET /n/ did not answer a namespace; give it with --namespace");
    }
    namespace_ = std::string(name.get_string());
    return Ok{};
  }

  std::string destination(const std::string& key_prefix) const override {
    return "oci://" + bucket_ + "@" + namespace_ + "/" + key_prefix;
  }

  Status put(const LocalFile& file, const std::string& key, int& retries) override {
    const std::string bucket_path = endpoint_.path + "/n/" + percent_encode(namespace_, false) + "/b/" + percent_encode(bucket_, false);
    const std::string content_type(content_type_for(file.relative));
    const uint64_t part_size = part_size_for(file.size, settings_.part_size);
    if (file.size <= part_size) {
      Result<std::string> bytes = read_file_range(file.path, 0, file.size);
      if (!bytes) return make_error(bytes.error());
      auto reply = send("PUT", bucket_path + "/o/" + percent_encode(key, false), {{"Content-Type", content_type}}, *bytes, true,
                        retries);
      if (!reply) return make_error(reply.error());
      if (reply->status != 200) return make_error(describe_failure(*reply));
      return Ok{};
    }
    boost::json::object create{{"object", key}, {"contentType", content_type}};
    auto created = send("POST", bucket_path + "/u", {{"Content-Type", "application/json"}}, boost::json::serialize(create), false,
                        retries);
    if (!created) return make_error("starting a multipart upload: " + created.error());
    if (created->status != 200) return make_error("starting a multipart upload: " + describe_failure(*created));
    boost::system::error_code error;
    const boost::json::value answer = boost::json::parse(created->body, error);
    const boost::json::value* id = error || !answer.is_object() ? nullptr : answer.get_object().if_contains("uploadId");
    if (id == nullptr || !id->is_string()) return make_error("starting a multipart upload: the answer has no uploadId");
    const std::string upload_path = bucket_path + "/u/" + percent_encode(key, false);
    const std::string upload_query = "uploadId=" + percent_encode(id->get_string(), false);
    boost::json::array parts;
    Status status = for_each_part(file, part_size, [&](int number, const std::string& bytes) -> Status {
      // A Content-Type of its own: the instance-principal signer signs one for every PUT, and a
      // signed header must be sent.
      auto part = send("PUT", upload_path + "?" + upload_query + "&uploadPartNum=" + std::to_string(number),
                       {{"Content-Type", "application/octet-stream"}}, bytes, true, retries);
      if (!part) return make_error("part " + std::to_string(number) + ": " + part.error());
      if (part->status != 200 || part->header("etag").empty()) {
        return make_error("part " + std::to_string(number) + ": " + describe_failure(*part));
      }
      parts.push_back(boost::json::object{{"partNum", number}, {"etag", std::string(part->header("etag"))}});
      return Ok{};
    });
    if (status) {
      const std::string commit = boost::json::serialize(boost::json::object{{"partsToCommit", std::move(parts)}});
      auto committed = send("POST", upload_path + "?" + upload_query, {{"Content-Type", "application/json"}}, commit, false, retries);
      if (!committed) {
        status = make_error("committing a multipart upload: " + committed.error());
      } else if (committed->status != 200) {
        status = make_error("committing a multipart upload: " + describe_failure(*committed));
      } else {
        return Ok{};
      }
    }
    int ignored = 0;
    (void)send("DELETE", upload_path + "?" + upload_query, {}, "", false, ignored);
    return status;
  }

 private:
  // `path_and_query` as sent; `exclude_body`: PutObject and UploadPart (see OciRequest).
  Result<net::OneShotReply> send(const std::string& method, const std::string& path_and_query, HeaderList headers,
                                 std::string_view body, bool exclude_body, int& retries) const {
    StorageRequest request;
    request.method = method;
    request.url = endpoint_.origin + path_and_query;
    request.headers = std::move(headers);
    request.body = body;
    const Signer sign = [&](const StorageRequest& outgoing) -> Result<HeaderList> {
      if (instance_) {
        const auth::OutgoingRequest signing{outgoing.method, path_and_query, endpoint_.host, &outgoing.headers, outgoing.body};
        return instance_->authorize(signing, std::chrono::system_clock::now());
      }
      std::string_view content_type;
      for (const auto& [name, value] : outgoing.headers) {
        if (name == "Content-Type") content_type = value;
      }
      auth::OciRequest signing{outgoing.method, path_and_query, endpoint_.host, content_type, outgoing.body};
      signing.exclude_body = exclude_body;
      return auth::oci_sign(signing, *identity_.key, identity_.key_id, std::chrono::system_clock::now());
    };
    return send_with_retries(request, sign, settings_.retry, &retries);
  }

  auth::OciIdentity identity_;
  Endpoint endpoint_;
  std::string namespace_;
  std::string bucket_;
  TransferSettings settings_;
  bool endpoint_given_;
  std::unique_ptr<auth::OciInstancePrincipalAuthorizer> instance_;
};

}  // namespace

Result<std::unique_ptr<ObjectStore>> make_oci_object_store(const StorageOptions& options, const TransferSettings& settings) {
  const std::string auth_type = options.oci_auth_type.empty() ? options.oci.auth : options.oci_auth_type;
  if (auth_type == "instance_principal") {
    std::optional<Endpoint> endpoint;
    if (!options.endpoint.empty() || !options.oci.region.empty()) {
      auto given = parse_endpoint(options.endpoint.empty() ? "https://objectstorage." + options.oci.region + ".oraclecloud.com"
                                                           : options.endpoint);
      if (!given) return make_error("--storage-endpoint: " + given.error());
      endpoint = std::move(*given);
    }
    return std::unique_ptr<ObjectStore>(
        std::make_unique<OciObjectStore>(auth::OciIdentity{}, std::move(endpoint), options.oci_namespace, options.bucket, settings));
  }
  if (auth_type != "user_principal" && auth_type != "security_token") {
    return make_error("--storage-provider oci: uploads sign as user_principal, security_token or instance_principal; " +
                      auth_type + " is not supported yet (--storage-auth-type)");
  }
  auto identity = auth::load_oci_identity(auth_type, options.oci.config_file, options.oci.profile, options.oci.security_token);
  if (!identity) return make_error("--storage-provider oci: " + identity.error());
  const std::string region = options.oci.region.empty() ? identity->region : options.oci.region;
  if (options.endpoint.empty() && region.empty()) {
    return make_error("--storage-provider oci: no region: give --region, or set region in the profile");
  }
  Result<Endpoint> endpoint =
      parse_endpoint(options.endpoint.empty() ? "https://objectstorage." + region + ".oraclecloud.com" : options.endpoint);
  if (!endpoint) return make_error("--storage-endpoint: " + endpoint.error());
  return std::unique_ptr<ObjectStore>(std::make_unique<OciObjectStore>(
      std::move(*identity), std::optional<Endpoint>(std::move(*endpoint)), options.oci_namespace, options.bucket, settings));
}

}  // namespace genai::upload
