// Google Cloud Storage through its JSON API: a media upload for a file up to the part size, a
// resumable upload in chunks (multiples of 256 KiB, as the API requires) above it. Authorised by
// the same OAuth tokens as Vertex AI (auth/google_token_authorizer: service account or gcloud user).
// The project id is not needed to write into an existing bucket; it is accepted, as Python's flag.
#include <iostream>
#include <thread>

#include "auth/google_token_authorizer.h"
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
    auto report = [](const std::string& line) { std::cerr << "genai-bench: gcp storage token: " << line << "\n"; };
    auto authorizer = auth::GoogleTokenAuthorizer::start(credentials_, auth::GoogleTokenAuthorizer::post_over_the_network(), report);
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
    return send_chunks(file, location, retries);
  }

 private:
  // The resumable session's chunks, as Google documents recovery: each chunk is sent once; after
  // a failure (5xx, 408, 429, no answer) the session is asked what it holds (PUT with
  // "Content-Range: bytes */SIZE") and the upload goes on from there; a 308's Range says the same
  // after each chunk, which may be less than was sent.
  Status send_chunks(const LocalFile& file, const std::string& location, int& retries) const {
    const uint64_t chunk = std::max(kChunkUnit, settings_.part_size / kChunkUnit * kChunkUnit);
    RetryPolicy once = settings_.retry;
    once.max_retries = 0;
    int failures = 0;
    uint64_t offset = 0;
    while (true) {
      const uint64_t length = std::min(chunk, file.size - offset);
      Result<std::string> bytes = read_file_range(file.path, offset, length);
      if (!bytes) return make_error(bytes.error());
      const std::string range =
          "bytes " + std::to_string(offset) + "-" + std::to_string(offset + length - 1) + "/" + std::to_string(file.size);
      auto reply = send("PUT", location, {{"Content-Range", range}}, *bytes, retries, &once);
      const bool failed = !reply || retryable_status(reply->status);
      if (failed) {
        if (++failures > settings_.retry.max_retries || (settings_.retry.stopped && settings_.retry.stopped())) {
          return make_error("bytes from " + std::to_string(offset) + ": " + (reply ? describe_failure(*reply) : reply.error()));
        }
        std::this_thread::sleep_for(settings_.retry.backoff[std::min<size_t>(failures - 1, settings_.retry.backoff.size() - 1)]);
        ++retries;
        reply = send("PUT", location, {{"Content-Range", "bytes */" + std::to_string(file.size)}}, "", retries, &once);
        if (!reply || retryable_status(reply->status)) continue;  // ask again next time
      }
      if (reply->status == 200 || reply->status == 201) return Ok{};
      if (reply->status != 308) return make_error("bytes from " + std::to_string(offset) + ": " + describe_failure(*reply));
      if (!failed) failures = 0;
      // "bytes=0-N": the service holds N + 1 bytes; no Range: none yet.
      const std::string_view held = reply->header("range");
      const size_t dash = held.rfind('-');
      offset = held.starts_with("bytes=0-") && dash != std::string_view::npos
                   ? std::stoull(std::string(held.substr(dash + 1))) + 1
                   : 0;
      if (offset >= file.size) return make_error("the service holds all " + std::to_string(file.size) + " bytes but did not finish the upload");
    }
  }

  Result<net::OneShotReply> send(const std::string& method, const std::string& url, HeaderList headers, std::string_view body,
                                 int& retries, const RetryPolicy* policy = nullptr) const {
    StorageRequest request;
    request.method = method;
    request.url = url;
    request.headers = std::move(headers);
    request.body = body;
    const Signer sign = [&](const StorageRequest& outgoing) -> Result<HeaderList> {
      const auth::OutgoingRequest signing{outgoing.method, "", endpoint_.host, &outgoing.headers, outgoing.body};
      return authorizer_->authorize(signing, std::chrono::system_clock::now());
    };
    return send_with_retries(request, sign, policy != nullptr ? *policy : settings_.retry, &retries);
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
