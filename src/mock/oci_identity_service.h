// The two OCI services instance principals talk to, as the mock plays them: the instance metadata
// service (region, leaf certificate and key, intermediate certificate) and the auth service's X.509
// federation endpoint, which checks the request's signature against the leaf certificate and
// issues a security token for the session key it was sent. The mock's OCI dialect then verifies
// requests signed "ST$<token>" with the key that token was issued for.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace genai::mock {

struct OciIdentityServiceOptions {
  std::string leaf_certificate_pem;  // its subject names the tenancy ("OU=opc-tenant:<ocid>")
  std::string leaf_private_key_pem;
  std::string intermediate_certificate_pem;
  std::string region = "us-chicago-1";  // what /instance/region answers (a short code such as "ord" works too)
  std::chrono::seconds token_lifetime{std::chrono::minutes(20)};
};

class OciIdentityService {
 public:
  // Checks the certificate (parseable, names a tenancy).
  static Result<std::unique_ptr<OciIdentityService>> create(OciIdentityServiceOptions options);

  // The whole HTTP/1.1 response to a request on one of its routes, nullopt for any other path:
  //   GET /opc/v2/instance/region, /opc/v2/identity/{cert,key,intermediate}.pem ("Authorization:
  //   Bearer Oracle" required, else 401), and POST /v1/x509 (401 NotAuthenticated when the
  //   signature or key id does not match the leaf certificate, 400 for a malformed body).
  // Called from every event loop at once.
  std::optional<std::string> answer(std::string_view method, std::string_view target,
                                    const std::vector<std::pair<std::string, std::string>>& headers,
                                    std::string_view body);

  // The session public key ("BEGIN PUBLIC KEY" PEM) a live token was issued for; nullopt when the
  // token was not issued here or has expired. Thread-safe.
  std::optional<std::string> public_key_for_token(std::string_view token) const;
  // The token in an Authorization header signed "keyId=\"ST$<token>\"", nullopt when there is none.
  static std::optional<std::string> session_token_in(std::string_view authorization);

  const std::string& tenancy_id() const { return tenancy_id_; }
  uint64_t tokens_issued() const;

 private:
  struct IssuedKey {
    std::string public_key_pem;
    std::chrono::system_clock::time_point expires_at;
  };
  explicit OciIdentityService(OciIdentityServiceOptions options);
  std::string federate(const std::vector<std::pair<std::string, std::string>>& headers, std::string_view target,
                       std::string_view body);

  OciIdentityServiceOptions options_;
  std::string tenancy_id_, leaf_sha256_fingerprint_, leaf_sha1_fingerprint_, leaf_public_key_pem_;
  mutable std::mutex mutex_;
  std::map<std::string, IssuedKey, std::less<>> issued_;
  uint64_t tokens_issued_ = 0;
};

}  // namespace genai::mock
