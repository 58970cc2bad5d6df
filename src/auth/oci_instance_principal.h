// OCI instance-principal authentication (--auth instance_principal), as Oracle's SDKs do it: the
// instance's region, certificate and key from the metadata service, a security token for a fresh
// session key from the auth service's X.509 federation endpoint, and every request signed with
// keyId "ST$<token>" and that session key. The token is renewed off the event loops before it ends.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "auth/request_authorizer.h"
#include "common/result.h"

namespace genai::auth {

// The metadata and federation calls, injected so tests can answer them in-process.
struct OciHttpRequest {
  std::string method;  // "GET" or "POST"
  std::string url;
  HeaderList headers;  // to send as given (Content-Length among them for the POST)
  std::string body;
};
struct OciHttpReply {
  int status = 0;
  std::string body;
};
using OciHttp = std::function<Result<OciHttpReply>(const OciHttpRequest& request)>;
// The real calls: each a request of its own (net/one_shot_http), 30 s at most.
OciHttp oci_http_over_the_network();

struct OciInstancePrincipalEndpoints {
  std::string metadata_base_url = "http://169.254.169.254/opc/v2";
  // Empty: https://auth.<instance region>.<realm domain>/v1/x509.
  std::string federation_url;
};
// The SDKs' overrides: OCI_METADATA_BASE_URL (the metadata base, ".../opc/v2") and
// OCI_SDK_AUTH_CLIENT_REGION_URL (the auth service's scheme://host[:port], "https://" when no
// scheme is given; "/v1/x509" is appended).
OciInstancePrincipalEndpoints oci_instance_principal_endpoints_from_environment(
    const std::function<const char*(const char*)>& getenv_fn = ::getenv);

class OciInstancePrincipalAuthorizer : public RequestAuthorizer {
 public:
  // Reads the region and identity and fetches the first token now (an error is one line naming
  // the step and URL, never a key or token). `report` receives one line per failed renewal.
  static Result<std::unique_ptr<OciInstancePrincipalAuthorizer>> start(OciInstancePrincipalEndpoints endpoints, OciHttp http,
                                                                       std::function<void(const std::string&)> report);
  virtual const std::string& region() const = 0;  // the instance's region, long form ("us-phoenix-1")
  virtual const std::string& tenancy_id() const = 0;
  virtual uint64_t refreshes() const = 0;
  virtual uint64_t refresh_failures() const = 0;
};

// The pieces, exposed for tests and for the mock identity service.
// "phx" or "PHX\n" -> "us-phoenix-1"; a long name is kept (lower-cased); empty stays empty.
std::string oci_region_from_metadata(std::string_view text);
// "https://auth.<region>.<realm domain>"; an unknown region gets oc1's "oraclecloud.com".
std::string oci_auth_service_url(std::string_view region);
// The first subject attribute "opc-tenant:<ocid>" (or "opc-identity:<ocid>") of a PEM certificate.
Result<std::string> oci_tenancy_from_certificate(const std::string& certificate_pem);
// SHA-256 of the certificate's DER, lower-case hex pairs joined by ':' (as the Go SDK writes it).
Result<std::string> oci_certificate_sha256_fingerprint(const std::string& certificate_pem);
// A PEM certificate or public key without its BEGIN/END lines and newlines, as the federation
// request carries them.
std::string oci_strip_pem_armour(std::string_view pem);

}  // namespace genai::auth
