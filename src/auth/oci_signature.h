// OCI request signing (HTTP Signature "version 1", rsa-sha256) for the client, and its verification
// for the mock server. Written by hand because Debian ships no OCI C++ SDK; checked byte for byte
// against the vectors in Oracle's oci-go-sdk (tests/fixtures/oci-signing/README.md).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace genai::auth {

// A loaded RSA private key (an OpenSSL EVP_PKEY inside). Immutable once loaded, so one key can sign
// from many threads at once.
struct OciSigningKey;

// Reads a PEM private key: PKCS#1 ("RSA PRIVATE KEY") or PKCS#8, encrypted with `passphrase` or not.
// Never prompts on the terminal. Errors name the problem, never the key.
Result<std::shared_ptr<const OciSigningKey>> load_oci_private_key(const std::string& pem,
                                                                  const std::string& passphrase = {});
// The key's public half as a "BEGIN PUBLIC KEY" PEM, for handing to a verifier.
std::string oci_public_key_pem(const OciSigningKey& key);

struct OciRequest {
  std::string_view method;          // any case: "POST" and "post" sign the same
  std::string_view path_and_query;  // exactly as sent on the request line: "/v1/chat?x=1"
  std::string_view host;            // exactly as sent in Host:, with ":port" when not the default
  std::string_view content_type;    // empty: "application/json", as Oracle's SDKs default it
  std::string_view body;
  // Object Storage's PutObject and UploadPart sign no body headers (Oracle's SDKs exclude the body
  // of those two: it may be gigabytes, streamed), only date, (request-target) and host.
  bool exclude_body = false;
};

// POST, PUT and PATCH also sign content-length, content-type and x-content-sha256.
bool oci_method_signs_body(std::string_view method);
// base64(SHA-256(body)), the x-content-sha256 value.
std::string oci_content_sha256(std::string_view body);
// The text that gets signed; exposed so tests can compare it with Oracle's vectors.
std::string oci_signing_string(const OciRequest& request, std::string_view date, std::string_view content_sha256_b64);
// base64(RSASSA-PKCS1-v1_5(SHA-256(signing_string))), the signature="..." value.
std::string oci_signature_b64(const OciSigningKey& key, std::string_view signing_string);
// The headers to add to the request, lower-case names: date, then (POST/PUT/PATCH) x-content-sha256,
// content-length and content-type, then authorization. The caller must not send its own copies of
// these. `key_id` is "<tenancy>/<user>/<fingerprint>" or "ST$<session token>".
std::vector<std::pair<std::string, std::string>> oci_sign(const OciRequest& request, const OciSigningKey& key,
                                                          std::string_view key_id,
                                                          std::chrono::system_clock::time_point now);
// The same with the date given as text, sent and signed as is: Oracle's vectors carry a date whose
// weekday is wrong ("Thu, 05 Jan 2014" was a Sunday), which no clock can produce.
std::vector<std::pair<std::string, std::string>> oci_sign(const OciRequest& request, const OciSigningKey& key,
                                                          std::string_view key_id, std::string_view date);
// RFC 7231 IMF-fixdate, "Sun, 05 Jan 2014 21:31:40 GMT", independent of the C locale.
std::string format_http_date(std::chrono::system_clock::time_point time);

// Server side: checks an OCI-signed request as the mock server received it. Parses Authorization,
// rebuilds the signing string from the headers it names (date or x-date; names in any case, as
// Oracle's TypeScript SDK sends them), checks content-length and x-content-sha256 against `body`,
// the key id, and the RSA signature against `public_key_pem` ("BEGIN PUBLIC KEY" or
// "BEGIN RSA PUBLIC KEY"). nullopt when valid, else a one-line reason. The request date is not
// compared with the clock.
std::optional<std::string> oci_verify(std::string_view method, std::string_view path_and_query,
                                      const std::vector<std::pair<std::string, std::string>>& headers,
                                      std::string_view body, std::string_view expected_key_id,
                                      const std::string& public_key_pem);

}  // namespace genai::auth
