// Google OAuth2 credentials for Vertex AI, the parts without sockets: reading a service-account or
// gcloud "authorized_user" key file, building the token request (a signed RS256 JWT for service
// accounts), reading the token response, and verifying a JWT-bearer grant for our mock endpoint.
#pragma once

#include <chrono>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace genai::auth {

// The scope and audience google-auth (Python) puts in a service account's JWT; the audience stays
// this constant even when the key file's token_uri points elsewhere.
inline constexpr std::string_view google_cloud_platform_scope = "https://www.googleapis.com/auth/cloud-platform";
inline constexpr std::string_view google_token_audience = "https://oauth2.googleapis.com/token";
inline constexpr std::string_view google_default_token_uri = "https://oauth2.googleapis.com/token";
inline constexpr std::string_view google_jwt_bearer_grant_type = "urn:ietf:params:oauth:grant-type:jwt-bearer";
// The Content-Type of every TokenRequest body.
inline constexpr std::string_view token_request_content_type = "application/x-www-form-urlencoded";

struct GoogleCredentials {
  enum class Kind { service_account, authorized_user } kind = Kind::service_account;
  std::string client_email, private_key_pem, private_key_id, token_uri, project_id;  // service account
  std::string client_id, client_secret, refresh_token;                              // authorized user
  // Either kind may name a billing project (gcloud writes it for user credentials); google-auth
  // sends it as the x-goog-user-project header, which Vertex needs with user credentials.
  std::string quota_project_id;
};

// Parses a key file's text. `origin` (the file name) starts every error message; secrets never
// appear in them. Service accounts need client_email, private_key (an RSA key in PEM) and
// token_uri; authorized users need client_id, client_secret and refresh_token (token_uri defaults
// to Google's). Other types (external_account, impersonated_service_account, ...) are refused.
genai::Result<GoogleCredentials> parse_google_credentials(std::string_view json, const std::string& origin);

// Finds and parses the key file, in google-auth's order: `explicit_path` (--gcp-credentials-path)
// if not empty, else $GOOGLE_APPLICATION_CREDENTIALS if set, else gcloud's application default
// credentials ($CLOUDSDK_CONFIG or ~/.config/gcloud, then /application_default_credentials.json).
// A path that is given but unreadable is an error, not a reason to try the next.
genai::Result<GoogleCredentials> load_google_credentials(
    const std::string& explicit_path, const std::function<const char*(const char*)>& getenv_fn = ::getenv);

struct TokenRequest {
  std::string url;   // POST here
  std::string body;  // application/x-www-form-urlencoded
};
// Builds the request for a fresh access token at `now` (signs the JWT for service accounts).
genai::Result<TokenRequest> make_token_request(const GoogleCredentials& credentials,
                                               std::chrono::system_clock::time_point now);

struct AccessToken {
  std::string token;
  std::chrono::seconds expires_in;
};
// Reads the token endpoint's answer. Errors carry the endpoint's "error" and "error_description"
// (or the start of a non-JSON error body), never the token. A missing expires_in counts as 3600 s.
genai::Result<AccessToken> parse_token_response(int http_status, std::string_view body);

// For our mock token endpoint: checks a JWT-bearer grant body the way Google would: the RS256
// signature against `public_key_pem` (a public key or certificate PEM), iss == expected_email,
// aud == google_token_audience, a scope, iat <= now + 60 s, exp > now, exp - iat <= 3600 s.
// nullopt when valid, else a one-line reason.
std::optional<std::string> verify_jwt_bearer_grant(std::string_view form_body, std::string_view expected_email,
                                                   const std::string& public_key_pem,
                                                   std::chrono::system_clock::time_point now);

std::string base64url_encode(std::string_view bytes);  // RFC 4648 section 5, no padding
// Strict inverse of base64url_encode (no padding, no other characters); nullopt when invalid.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace genai::auth
