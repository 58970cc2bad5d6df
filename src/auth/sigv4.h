// AWS Signature Version 4 (header signing, HMAC-SHA256) as pure functions: canonical request,
// string to sign, signature, the headers to add, and a verifier for our mock server.
// Hand-written because Debian 12 packages no AWS C++ SDK; checked against AWS's published SigV4
// suite (tests/fixtures/aws-sigv4) and a Bedrock request signed by @smithy/signature-v4.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace genai::auth {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct AwsCredentials {
  std::string access_key_id, secret_access_key, session_token;  // session_token empty: long-term keys
};

struct SigV4Request {
  std::string_view method;
  std::string_view path;   // as sent on the wire (already percent-encoded once), no query
  std::string_view query;  // as sent, without '?', may be empty
  HeaderList headers;      // headers as sent; all of them are signed (host must be present)
  std::string_view body;
};

struct SigV4Scope {
  std::string region;               // us-east-1
  std::string service;              // bedrock, s3, service
  bool encode_path_again = true;    // every service but s3: each path segment URI-encoded again ("%3A" -> "%253A")
  bool normalize_path = true;       // remove dot segments / duplicate slashes (not for s3)
  bool add_content_sha256 = false;  // add and sign x-amz-content-sha256 (s3 needs it)
};

// The canonical request over all of `request.headers` (x-amz-date and the other signing headers
// included by the caller). The payload hash is the x-amz-content-sha256 header's value when there
// is one (so "UNSIGNED-PAYLOAD" works), else SHA-256 of the body.
std::string sigv4_canonical_request(const SigV4Request& request, const SigV4Scope& scope);
// "AWS4-HMAC-SHA256\n<amz_date>\n<yyyymmdd>/<region>/<service>/aws4_request\n<hex sha256>".
std::string sigv4_string_to_sign(std::string_view amz_date, const SigV4Scope& scope,
                                 std::string_view canonical_request);
// 64 lowercase hex digits: HMAC of the string to sign under the key derived from the secret.
std::string sigv4_signature(const AwsCredentials& credentials, std::string_view amz_date, const SigV4Scope& scope,
                            std::string_view string_to_sign);

// Signs `request` at `now` and returns the headers to add to it, names in lowercase, in this order:
// x-amz-date, x-amz-security-token (with a session token), x-amz-content-sha256 (when the scope
// asks and the request has none), authorization. The request must not carry any of them already
// (except x-amz-content-sha256, whose value is then used as the payload hash).
HeaderList sigv4_sign(const SigV4Request& request, const AwsCredentials& credentials, const SigV4Scope& scope,
                      std::chrono::system_clock::time_point now);

// For a server checking a received request (all its headers): parses the Authorization header,
// checks the access key id, the scope's date (against x-amz-date), region and service, that host
// and x-amz-date are signed, the session token when one is expected, x-amz-content-sha256 against
// the body, then recomputes the signature over the listed headers and compares in constant time.
// nullopt when valid, else one line saying what did not match (never a secret). No clock check.
std::optional<std::string> sigv4_verify(const SigV4Request& received, const AwsCredentials& expected,
                                        const SigV4Scope& scope);

// 20150830T123600Z (UTC, whole seconds).
std::string format_amz_date(std::chrono::system_clock::time_point time);

}  // namespace genai::auth
