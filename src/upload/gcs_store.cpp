// Google Cloud Storage through its JSON API: a media upload for a file up to the part size, a
// resumable upload in chunks (multiples of 256 KiB, as the API requires) above it. Authorised by
// the same OAuth tokens as Vertex AI (auth/google_token_authorizer: service account or gcloud user).
// The project id is not needed to write into an existing bucket; it is accepted, as Python's flag.
#include <iostream>

#include "auth/google_token_authorizer.h"
#include "net/one_shot_http.h"
#include "upload/object_store.h"

namespace genai::upload {

namespace {

constexpr uint64_t kChunkUnit = 256 * 1024;

class GcsStore final : public ObjectStore {
 public:
  GcsStore(auth::GoogleCredentials credentials, Endpoint endpoint, std::string bucket, TransferSettings settings)
      : credentials_(std::move(credentials)), endpoint_(std::move(endpoint)), bucket_(std::move(bucket)),
        settings_(std::move(settings)) {}

  Status prepare() override {
    auto post = [](const auth::TokenRequest& request) -> Result<auth::GoogleTokenAuthorizer::TokenReply> {
      auto reply = net::post_once(request.url, auth::token_request_content_type, request.body, std::chrono::seconds(30));
      if (!reply) return make_error(reply.error());
      return auth::GoogleTokenAuthorizer::TokenReply{reply->status, std::move(reply->body)};
    };
    auto report = [](const std::string& line) { std::cerr << "genai-bench: gcp storage token: " << line << "\n"; };
    auto authorizer = auth::GoogleTokenAuthorizer::start(credentials_, post, report);
    if (!authorizer) return make_error("--storage-provider gcp: cannot get an access token: " + authorizer.error());
    authorizer_ = std::move(*authorizer);
    return Ok{};
  }

  std::string destination(const std::string& key_prefix) const override { return "gs://" + bucket_ + "/" + key_prefix; }

  Status put(const LocalFile& file, const std::string& key, int& retries) override {
    const std::string content_type(content_type_for(file.relative));
    const std::string upload_url = endpoint_.origin + endpoint_.path + "/upload/storage/v1/b/" + percent_encode(bucket_, false) +
                                   "/o?name=" + percent_encode(key, false);
    if (file.size <= settings_.part_size) {
      Result<std::string> bytes = read_file_range(file.path, 0, file.size);
      if (!bytes) return make_error(bytes.error());
      auto reply = send("POST", upload_url + "&uploadType=media", {{"Content-Type", content_type}}, *bytes, retries);
      if (!reply) return make_error(reply.error());
      if (reply->status != 200) return make_error(describe_failure(*reply));
      return Ok{};
    }
    auto session = send("POST", upload_url + "&uploadType=resumable",
                        {{"X-Upload-Content-Type", content_type}, {"X-Upload-Content-Length", std::to_string(file.size)},
                         {"Content-Type", "application/json; charset=UTF-8"}},
                        "{}", retries);
    if (!session) return make_error("starting a resumable upload: " + session.error());
    const std::string location(session->header("location"));
    if (session->status != 200 || location.empty()) return make_error("starting a resumable upload: " + describe_failure(*session));
    const uint64_t chunk = std::max(kChunkUnit, settings_.part_size / kChunkUnit * kChunkUnit);
    for (uint64_t offset = 0; offset < file.size; offset += chunk) {
      const uint64_t length = std::min(chunk, file.size - offset);
      Result<std::string> bytes = read_file_range(file.path, offset, length);
      if (!bytes) return make_error(bytes.error());
      const std::string range =
          "bytes " + std::to_string(offset) + "-" + std::to_string(offset + length - 1) + "/" + std::to_string(file.size);
      auto reply = send("PUT", location, {{"Content-Range", range}}, *bytes, retries);
      if (!reply) return make_error("bytes from " + std::to_string(offset) + ": " + reply.error());
      const bool last = offset + length == file.size;
      if (last ? (reply->status != 200 && reply->status != 201) : reply->status != 308) {
        return make_error("bytes from " + std::to_string(offset) + ": " + describe_failure(*reply));
      }
      // 308's Range says what the service holds: all we sent, or the rest must be sent again.
      if (!last && reply->header("range") != "bytes=0-" + std::to_string(offset + length - 1)) {
        return make_error("bytes from " + std::to_string(offset) + ": the service kept only " +
                          std::string(reply->header("range")));
      }
    }
    return Ok{};
  }

 private:
  Result<net::OneShotReply> send(const std::string& method, const std::string& url, HeaderList headers, std::string_view body,
                                 int& retries) const {
    StorageRequest request;
    request.method = method;
    request.url = url;
    request.headers = std::move(headers);
    request.body = body;
    const Signer sign = [&](const StorageRequest& outgoing) -> Result<HeaderList> {
      const auth::OutgoingRequest signing{outgoing.method, "", endpoint_.host, &outgoing.headers, outgoing.body};
      return authorizer_->authorize(signing, std::chrono::system_clock::now());
    };
    return send_with_retries(request, sign, settings_.retry, &retries);
  }

  auth::GoogleCredentials credentials_;
  Endpoint endpoint_;
  std::string bucket_;
  TransferSettings settings_;
  std::unique_ptr<auth::GoogleTokenAuthorizer> authorizer_;
};

}  // namespace

Result<std::unique_ptr<ObjectStore>> make_gcs_store(const StorageOptions& options, const TransferSettings& settings) {
  auto credentials = auth::load_google_credentials(options.gcp_credentials_path);
  if (!credentials) return make_error("--storage-provider gcp: " + credentials.error());
  Result<Endpoint> endpoint = parse_endpoint(options.endpoint.empty() ? "https://storage.googleapis.com" : options.endpoint);
  if (!endpoint) return make_error("--storage-endpoint: " + endpoint.error());
  return std::unique_ptr<ObjectStore>(
      std::make_unique<GcsStore>(std::move(*credentials), std::move(*endpoint), options.bucket, settings));
}

}  // namespace genai::upload
