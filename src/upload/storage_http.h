// One storage request, signed afresh and retried: on a connection error, 408, 429 and 5xx, up to
// three more times after 200, 400 and 800 ms (longer when the service says Retry-After, at most
// 30 s). Other answers come back as they are, for the store to read (a wrong key fails at once).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "net/one_shot_http.h"

namespace genai::upload {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct StorageRequest {
  std::string method = "PUT";
  std::string url;           // whole: scheme, host, path and query as sent
  HeaderList headers;        // besides Host, User-Agent and Content-Length (added when sending)
  std::string_view body;     // the caller's bytes, alive until send() returns
};

// The headers to add for one attempt (a signature over that attempt's date), or why none can be made.
using Signer = std::function<Result<HeaderList>(const StorageRequest& request)>;

struct RetryPolicy {
  int max_retries = 3;
  std::vector<std::chrono::milliseconds> backoff{std::chrono::milliseconds(200), std::chrono::milliseconds(400),
                                                 std::chrono::milliseconds(800)};
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(30)};
  // Ctrl-C: no attempt is repeated once this says so (the one in flight finishes or times out).
  std::function<bool()> stopped;
};

// 408, 429 and 5xx: worth sending again.
bool retryable_status(int status);

// Sends `request` (signed by `sign` before each attempt, when given). An error is the transport's
// (after the retries) or the signer's; any HTTP answer is a reply, the last one when all attempts
// were answered with a retryable status. `retries`, when given, counts the attempts repeated.
// Errors name the URL without its query (net::request_once's rule): a GCS upload id or an Azure
// SAS is a credential.
Result<net::OneShotReply> send_with_retries(const StorageRequest& request, const Signer& sign, const RetryPolicy& policy,
                                            int* retries = nullptr);

// "HTTP 403 SignatureDoesNotMatch: The request signature we calculated does not match..." from
// the service's own error (S3 and Azure XML <Code>/<Message>, x-ms-error-code, OCI's and GitHub's
// JSON code/message, Google's error.message), at most 200 characters of it.
std::string describe_failure(const net::OneShotReply& reply);

// The text between <tag> and </tag> in an XML answer (first occurrence); empty when absent.
std::string xml_element(std::string_view xml, std::string_view tag);

}  // namespace genai::upload

namespace genai::upload {

// A service's base address (--storage-endpoint, or the provider's public one) split the way a
// signer needs it: "http://127.0.0.1:9000/devstoreaccount1" -> origin "http://127.0.0.1:9000",
// host "127.0.0.1:9000" (the Host header), path "/devstoreaccount1" (no trailing slash).
struct Endpoint {
  std::string origin, host, path;
  bool tls = true;
};
Result<Endpoint> parse_endpoint(std::string_view url);

}  // namespace genai::upload
