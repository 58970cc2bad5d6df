// Instance principals end to end in one process: the client reads the mock metadata service and
// federates with the mock auth service through the injected HTTP function, then signs requests
// that verify against the session key the service recorded for its token. Also the mock's
// refusals, the renewal before expiry, and one-line errors that carry no key or token.
#include "auth/oci_instance_principal.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "auth/oci_signature.h"
#include "mock/oci_identity_service.h"

namespace genai::auth {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using mock::OciIdentityService;
using mock::OciIdentityServiceOptions;

const std::string test_tenancy = "ocid1.tenancy.oc1..genaibenchtest";
const std::string leaf_sha256 =
    "61:cb:d6:a5:11:f8:ae:a2:6b:6c:6d:7b:10:4c:31:f5:1d:18:87:8c:46:6d:6d:56:de:ba:2c:b1:74:cc:6f:ab";

std::string fixture(const std::string& name) {
  const fs::path file = fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "oci-instance-principal" / name;
  std::ifstream in(file, std::ios::binary);
  EXPECT_TRUE(in) << file;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

OciIdentityServiceOptions fixture_options() {
  OciIdentityServiceOptions options;
  options.leaf_certificate_pem = fixture("cert.pem");
  options.leaf_private_key_pem = fixture("key.pem");
  options.intermediate_certificate_pem = fixture("intermediate.pem");
  return options;
}

std::unique_ptr<OciIdentityService> make_service(OciIdentityServiceOptions options = fixture_options()) {
  auto service = OciIdentityService::create(std::move(options));
  EXPECT_TRUE(service) << service.error();
  return service ? std::move(*service) : nullptr;
}

OciHttpReply parse_response(const std::string& response) {
  const size_t body = response.find("\r\n\r\n");
  return OciHttpReply{std::stoi(response.substr(9, 3)), response.substr(body + 4)};
}

// The client's HTTP calls answered by `service` in-process, recording the URLs asked for;
// `rewrite` may replace an answer (a failing metadata or auth service).
struct InProcess {
  OciIdentityService* service;
  std::function<std::optional<OciHttpReply>(const OciHttpRequest&)> rewrite;
  std::mutex mutex;
  std::vector<std::string> urls;
  OciHttpRequest last_post;

  OciHttp http() {
    return [this](const OciHttpRequest& request) -> Result<OciHttpReply> {
      {
        std::lock_guard lock(mutex);
        urls.push_back(request.method + " " + request.url);
        if (request.method == "POST") last_post = request;
      }
      if (rewrite) {
        if (auto reply = rewrite(request)) return *reply;
      }
      const size_t path = request.url.find('/', request.url.find("://") + 3);
      auto response = service->answer(request.method, request.url.substr(path), request.headers, request.body);
      if (!response) return make_error(request.url + ": connection refused");
      return parse_response(*response);
    };
  }
};

Result<std::unique_ptr<OciInstancePrincipalAuthorizer>> start(InProcess& wire, std::function<void(const std::string&)> report = nullptr) {
  return OciInstancePrincipalAuthorizer::start(OciInstancePrincipalEndpoints{}, wire.http(), std::move(report));
}

struct SignedRequest {
  HeaderList headers;  // as the server receives them
  std::string token;   // from keyId="ST$..."
};
const std::string generation_body = R"({"compartmentId":"ocid1.compartment.oc1..x","servingMode":{}})";

Result<SignedRequest> sign_generation(const RequestAuthorizer& authorizer) {
  const HeaderList backend{{"content-type", "application/json"}};
  auto added = authorizer.authorize(
      OutgoingRequest{"POST", "/20231130/actions/chat", "inference.generativeai.us-chicago-1.oci.oraclecloud.com", &backend,
                      generation_body},
      std::chrono::system_clock::now());
  if (!added) return make_error(added.error());
  SignedRequest signed_request{backend, {}};
  signed_request.headers.emplace_back("host", "inference.generativeai.us-chicago-1.oci.oraclecloud.com");
  signed_request.headers.emplace_back("content-length", std::to_string(generation_body.size()));
  for (const auto& header : *added) {
    signed_request.headers.push_back(header);
    if (header.first == "authorization") {
      signed_request.token = OciIdentityService::session_token_in(header.second).value_or("");
    }
  }
  return signed_request;
}

// What the mock's OCI dialect will do: the key for the token, then the signature.
std::optional<std::string> service_refusal(const OciIdentityService& service, const SignedRequest& request) {
  const std::optional<std::string> key = service.public_key_for_token(request.token);
  if (!key) return "unknown or expired token";
  return oci_verify("POST", "/20231130/actions/chat", request.headers, generation_body, "ST$" + request.token, *key);
}

void expect_no_secrets(const std::string& text) {
  EXPECT_EQ(text.find("PRIVATE KEY"), std::string::npos) << text;
  EXPECT_EQ(text.find("MII"), std::string::npos) << text;  // the start of any base64 DER key or certificate
  EXPECT_EQ(text.find("eyJ"), std::string::npos) << text;  // the start of a JWT
  EXPECT_EQ(text.find('\n'), std::string::npos) << text;
}

TEST(OciInstancePrincipal, FetchesATokenAndSignsWithTheSessionKey) {
  auto service = make_service();
  InProcess wire{service.get(), nullptr, {}, {}};
  auto authorizer = start(wire);
  ASSERT_TRUE(authorizer) << authorizer.error();
  EXPECT_EQ((*authorizer)->region(), "us-chicago-1");
  EXPECT_EQ((*authorizer)->tenancy_id(), test_tenancy);
  EXPECT_EQ(wire.urls, (std::vector<std::string>{"GET http://169.254.169.254/opc/v2/instance/region",
                                                 "GET http://169.254.169.254/opc/v2/identity/cert.pem",
                                                 "GET http://169.254.169.254/opc/v2/identity/key.pem",
                                                 "GET http://169.254.169.254/opc/v2/identity/intermediate.pem",
                                                 "POST https://auth.us-chicago-1.oraclecloud.com/v1/x509"}));
  EXPECT_EQ(service->tokens_issued(), 1u);
  // The federation request as the Go SDK makes it.
  const std::string& body = wire.last_post.body;
  EXPECT_EQ(body.rfind("{\"certificate\":\"MII", 0), 0u) << body;
  for (const char* field : {"\",\"publicKey\":\"MII", "\",\"intermediateCertificates\":[\"MII", "\"],\"fingerprintAlgorithm\":\"SHA256\"}"}) {
    EXPECT_NE(body.find(field), std::string::npos) << field;
  }
  const std::string authorization = wire.last_post.headers.back().second;
  EXPECT_EQ(authorization.rfind("Signature version=\"1\",headers=\"date (request-target) content-length content-type "
                                "x-content-sha256\",keyId=\"" + test_tenancy + "/fed-x509-sha256/" + leaf_sha256 +
                                "\",algorithm=\"rsa-sha256\",signature=\"", 0), 0u) << authorization;

  auto signed_request = sign_generation(**authorizer);
  ASSERT_TRUE(signed_request) << signed_request.error();
  ASSERT_FALSE(signed_request->token.empty());
  EXPECT_EQ(service_refusal(*service, *signed_request), std::nullopt);
  EXPECT_EQ((*authorizer)->reusable_for(), 60s);  // a 20-minute token: OCI's own bound rules
}

TEST(OciInstancePrincipal, TheSignatureDoesNotVerifyWithAnotherSessionsKey) {
  auto service = make_service();
  InProcess wire{service.get(), nullptr, {}, {}};
  auto first = start(wire);
  auto second = start(wire);
  ASSERT_TRUE(first && second);
  const auto request = sign_generation(**first);
  const auto other_key = service->public_key_for_token(sign_generation(**second)->token);
  ASSERT_TRUE(request && other_key);
  const auto refusal =
      oci_verify("POST", "/20231130/actions/chat", request->headers, generation_body, "ST$" + request->token, *other_key);
  ASSERT_TRUE(refusal.has_value());
  expect_no_secrets(*refusal);
}

TEST(OciInstancePrincipal, AShortRegionCodeNamesTheRegionAndItsRealm) {
  auto options = fixture_options();
  options.region = "PHX\n";
  auto service = make_service(std::move(options));
  InProcess wire{service.get(), nullptr, {}, {}};
  auto authorizer = start(wire);
  ASSERT_TRUE(authorizer) << authorizer.error();
  EXPECT_EQ((*authorizer)->region(), "us-phoenix-1");
  EXPECT_EQ(wire.urls.back(), "POST https://auth.us-phoenix-1.oraclecloud.com/v1/x509");

  EXPECT_EQ(oci_region_from_metadata("ord"), "us-chicago-1");
  EXPECT_EQ(oci_region_from_metadata(" eu-frankfurt-1\n"), "eu-frankfurt-1");
  EXPECT_EQ(oci_region_from_metadata("xx-new-1"), "xx-new-1");
  EXPECT_EQ(oci_auth_service_url("ap-chiyoda-1"), "https://auth.ap-chiyoda-1.oraclecloud8.com");
  EXPECT_EQ(oci_auth_service_url("us-gov-ashburn-1"), "https://auth.us-gov-ashburn-1.oraclegovcloud.com");
  EXPECT_EQ(oci_auth_service_url("xx-new-1"), "https://auth.xx-new-1.oraclecloud.com");
  EXPECT_EQ(oci_auth_service_url("xx-new-1.example.com"), "https://auth.xx-new-1.example.com");
}

TEST(OciInstancePrincipal, TenancyAndFingerprintComeFromTheLeafCertificate) {
  EXPECT_EQ(oci_tenancy_from_certificate(fixture("cert.pem")).value(), test_tenancy);
  EXPECT_EQ(oci_certificate_sha256_fingerprint(fixture("cert.pem")).value(), leaf_sha256);
  const auto none = oci_tenancy_from_certificate(fixture("intermediate.pem"));
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().find("opc-tenant"), std::string::npos) << none.error();
  EXPECT_FALSE(oci_tenancy_from_certificate("not a certificate"));
  const std::string stripped = oci_strip_pem_armour(fixture("cert.pem"));
  EXPECT_EQ(stripped.find('-'), std::string::npos);
  EXPECT_EQ(stripped.find('\n'), std::string::npos);
  EXPECT_EQ(stripped.rfind("MII", 0), 0u);
}

TEST(OciInstancePrincipal, EndpointsFromTheSdksEnvironmentVariables) {
  std::map<std::string, std::string> environment;
  const auto getenv_fn = [&](const char* name) -> const char* {
    const auto found = environment.find(name);
    return found == environment.end() ? nullptr : found->second.c_str();
  };
  EXPECT_EQ(oci_instance_principal_endpoints_from_environment(getenv_fn).metadata_base_url, "http://169.254.169.254/opc/v2");
  EXPECT_EQ(oci_instance_principal_endpoints_from_environment(getenv_fn).federation_url, "");
  environment["OCI_METADATA_BASE_URL"] = " http://127.0.0.1:8080/opc/v2 ";
  environment["OCI_SDK_AUTH_CLIENT_REGION_URL"] = "127.0.0.1:8443";
  auto endpoints = oci_instance_principal_endpoints_from_environment(getenv_fn);
  EXPECT_EQ(endpoints.metadata_base_url, "http://127.0.0.1:8080/opc/v2");
  EXPECT_EQ(endpoints.federation_url, "https://127.0.0.1:8443/v1/x509");
  environment["OCI_SDK_AUTH_CLIENT_REGION_URL"] = "http://127.0.0.1:8080/";
  EXPECT_EQ(oci_instance_principal_endpoints_from_environment(getenv_fn).federation_url, "http://127.0.0.1:8080/v1/x509");
  environment["OCI_METADATA_BASE_URL"] = "  ";  // blank counts as unset, as in the Python SDK
  EXPECT_EQ(oci_instance_principal_endpoints_from_environment(getenv_fn).metadata_base_url, "http://169.254.169.254/opc/v2");
}

TEST(OciInstancePrincipal, RenewsTheTokenBeforeItExpiresWhileRequestsAreSigned) {
  auto options = fixture_options();
  options.token_lifetime = 6s;  // renewal due at half its life: 3 s
  auto service = make_service(std::move(options));
  InProcess wire{service.get(), nullptr, {}, {}};
  const auto started = std::chrono::steady_clock::now();
  auto authorizer = start(wire);
  ASSERT_TRUE(authorizer) << authorizer.error();
  const std::string first_token = sign_generation(**authorizer)->token;
  EXPECT_EQ((*authorizer)->reusable_for(), 1s);

  // Three threads sign requests all along, at a pace that leaves the renewal thread the CPU it
  // needs (spinning signers on two cores, under the sanitizers, delayed it past the check).
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> signers;
  for (int i = 0; i < 3; ++i) {
    signers.emplace_back([&] {
      while (!stop) {
        auto request = sign_generation(**authorizer);
        if (!request || service_refusal(*service, *request)) ++failures;
        std::this_thread::sleep_for(5ms);
      }
    });
  }
  // Until the renewal has been made (due at 3 s), at the latest until just before the first token
  // expires (6 s): the signers' requests must pass all along, across the change of token.
  while ((*authorizer)->refreshes() == 0 && std::chrono::steady_clock::now() - started < 5500ms) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_GE(std::chrono::steady_clock::now() - started, 3s) << "renewed before half the token's life";
  std::this_thread::sleep_for(200ms);  // requests signed with the new token
  stop = true;
  for (auto& signer : signers) signer.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ((*authorizer)->refreshes(), 1u);
  EXPECT_EQ(service->tokens_issued(), 2u);
  const auto renewed = sign_generation(**authorizer);
  EXPECT_NE(renewed->token, first_token);
  EXPECT_EQ(service_refusal(*service, *renewed), std::nullopt);
}

TEST(OciInstancePrincipal, AFailedRenewalIsReportedAndAnExpiredTokenRefused) {
  auto options = fixture_options();
  options.token_lifetime = 2s;
  auto service = make_service(std::move(options));
  std::atomic<bool> auth_down{false};
  InProcess wire{service.get(), [&](const OciHttpRequest& request) -> std::optional<OciHttpReply> {
                   if (auth_down && request.method == "POST") return OciHttpReply{500, "<html>bad gateway</html>"};
                   return std::nullopt;
                 }, {}, {}};
  std::mutex lines_mutex;
  std::vector<std::string> lines;
  auto authorizer = start(wire, [&](const std::string& line) {
    std::lock_guard lock(lines_mutex);
    lines.push_back(line);
  });
  ASSERT_TRUE(authorizer) << authorizer.error();
  auth_down = true;
  std::this_thread::sleep_for(2300ms);  // renewal at 1 s fails, its retry at 2 s too; the token ends at 2 s
  EXPECT_GE((*authorizer)->refresh_failures(), 1u);
  const auto refused = sign_generation(**authorizer);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rfind("the OCI security token expired", 0), 0u) << refused.error();
  EXPECT_NE(refused.error().find("HTTP 500"), std::string::npos) << refused.error();
  expect_no_secrets(refused.error());
  std::lock_guard lock(lines_mutex);
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines[0].find("renewing the security token failed (1 so far)"), std::string::npos) << lines[0];
  expect_no_secrets(lines[0]);
}

// Each failure at start: one line naming the step, no key or token in it.
std::string start_error(OciIdentityServiceOptions options,
                        std::function<std::optional<OciHttpReply>(const OciHttpRequest&)> rewrite) {
  auto service = make_service(std::move(options));
  InProcess wire{service.get(), std::move(rewrite), {}, {}};
  auto authorizer = start(wire);
  EXPECT_FALSE(authorizer);
  if (authorizer) return "started";
  expect_no_secrets(authorizer.error());
  return authorizer.error();
}

TEST(OciInstancePrincipal, StartFailuresAreOneLineWithoutSecrets) {
  const auto pass = [](const OciHttpRequest&) -> std::optional<OciHttpReply> { return std::nullopt; };
  // The metadata service's 500, and its 401 to a request without "Authorization: Bearer Oracle".
  std::string error = start_error(fixture_options(), [](const OciHttpRequest& request) -> std::optional<OciHttpReply> {
    if (request.url.ends_with("/identity/key.pem")) return OciHttpReply{500, "oops"};
    return std::nullopt;
  });
  EXPECT_EQ(error, "GET http://169.254.169.254/opc/v2/identity/key.pem: HTTP 500");
  auto bare_service = make_service();
  error = start_error(fixture_options(), [&](const OciHttpRequest&) -> std::optional<OciHttpReply> {
    return parse_response(*bare_service->answer("GET", "/opc/v2/instance/region", {}, ""));
  });
  EXPECT_NE(error.find("/instance/region: HTTP 401 (instance principals work only on an OCI compute instance)"),
            std::string::npos) << error;

  // The auth service refuses a request signed with a key that is not the certificate's.
  auto options = fixture_options();
  options.leaf_private_key_pem = fixture("other-key.pem");
  error = start_error(std::move(options), pass);
  EXPECT_EQ(error.rfind("POST https://auth.us-chicago-1.oraclecloud.com/v1/x509: HTTP 401 (NotAuthenticated: ", 0), 0u)
      << error;
  EXPECT_NE(error.find("does not verify"), std::string::npos) << error;

  // Answers that hold no usable token; the token text never appears in the error.
  const auto federation_answer = [](std::string body) {
    return [body](const OciHttpRequest& request) -> std::optional<OciHttpReply> {
      if (request.method == "POST") return OciHttpReply{200, body};
      return std::nullopt;
    };
  };
  error = start_error(fixture_options(), federation_answer(R"({"token":"secret-not-a-jwt"})"));
  EXPECT_NE(error.find("not a JWT"), std::string::npos) << error;
  EXPECT_EQ(error.find("secret"), std::string::npos) << error;
  error = start_error(fixture_options(), federation_answer(R"({"token":"eyJhbGciOiJub25lIn0.eyJpYXQiOjF9.c2ln"})"));
  EXPECT_NE(error.find("no exp"), std::string::npos) << error;
  error = start_error(fixture_options(), federation_answer("<html>proxy</html>"));
  EXPECT_NE(error.find("holds no token"), std::string::npos) << error;
}

// ---- the mock identity service on its own ----

// A federation request as the client makes it, signed with `key`.
HeaderList federation_headers(const std::string& key_pem, const std::string& key_id, const std::string& body) {
  auto key = load_oci_private_key(key_pem);
  EXPECT_TRUE(key) << key.error();
  const std::string date = format_http_date(std::chrono::system_clock::now());
  const std::string sha = oci_content_sha256(body);
  const std::string signing = "date: " + date + "\n(request-target): post /v1/x509\ncontent-length: " +
                              std::to_string(body.size()) + "\ncontent-type: application/json\nx-content-sha256: " + sha;
  return {{"date", date},
          {"x-content-sha256", sha},
          {"content-length", std::to_string(body.size())},
          {"content-type", "application/json"},
          {"authorization", "Signature version=\"1\",headers=\"date (request-target) content-length content-type "
                            "x-content-sha256\",keyId=\"" + key_id + "\",algorithm=\"rsa-sha256\",signature=\"" +
                                oci_signature_b64(**key, signing) + "\""}};
}

std::string federation_body(const std::string& certificate_pem) {
  auto session = load_oci_private_key(fixture("other-key.pem"));
  return "{\"certificate\":\"" + oci_strip_pem_armour(certificate_pem) + "\",\"publicKey\":\"" +
         oci_strip_pem_armour(oci_public_key_pem(**session)) + "\",\"fingerprintAlgorithm\":\"SHA256\"}";
}

int status_of(const std::optional<std::string>& response) { return response ? parse_response(*response).status : 0; }

TEST(OciIdentityService, IssuesATokenOnlyForARequestSignedWithTheLeafKey) {
  auto service = make_service();
  const std::string key_id = test_tenancy + "/fed-x509-sha256/" + leaf_sha256;
  const std::string body = federation_body(fixture("cert.pem"));
  EXPECT_EQ(status_of(service->answer("POST", "/v1/x509", federation_headers(fixture("other-key.pem"), key_id, body), body)), 401);
  EXPECT_EQ(status_of(service->answer("POST", "/v1/x509", federation_headers(fixture("key.pem"), test_tenancy + "/fed-x509-sha256/00", body), body)), 401);
  EXPECT_EQ(status_of(service->answer("POST", "/v1/x509", federation_headers(fixture("key.pem"), key_id, body + " "), body)), 401);
  const std::string other_certificate = federation_body(fixture("intermediate.pem"));
  EXPECT_EQ(status_of(service->answer("POST", "/v1/x509", federation_headers(fixture("key.pem"), key_id, other_certificate),
                                      other_certificate)), 400);
  EXPECT_EQ(service->tokens_issued(), 0u);

  const auto issued = service->answer("POST", "/v1/x509", federation_headers(fixture("key.pem"), key_id, body), body);
  ASSERT_EQ(status_of(issued), 200) << *issued;
  // The Python SDK's key id (SHA-1 fingerprint, upper case) is accepted too.
  const std::string python_key_id = test_tenancy + "/fed-x509/19:02:55:99:37:C1:0E:B6:7B:C1:33:CF:D5:18:89:48:C9:2F:85:DF";
  EXPECT_EQ(status_of(service->answer("POST", "/v1/x509", federation_headers(fixture("key.pem"), python_key_id, body), body)), 200);

  const std::string reply = parse_response(*issued).body;
  const std::string token = reply.substr(10, reply.size() - 12);  // {"token":"..."}
  const auto session_key = service->public_key_for_token(token);
  ASSERT_TRUE(session_key);
  EXPECT_EQ(*session_key, oci_public_key_pem(**load_oci_private_key(fixture("other-key.pem"))));
  EXPECT_EQ(service->public_key_for_token(token + "x"), std::nullopt);
}

TEST(OciIdentityService, MetadataRoutesWantTheOracleBearerHeader) {
  auto service = make_service();
  const HeaderList oracle{{"authorization", "Bearer Oracle"}};
  EXPECT_EQ(status_of(service->answer("GET", "/opc/v2/identity/cert.pem", {}, "")), 401);
  EXPECT_EQ(parse_response(*service->answer("GET", "/opc/v2/identity/cert.pem", oracle, "")).body, fixture("cert.pem"));
  EXPECT_EQ(parse_response(*service->answer("GET", "/opc/v2/instance/region", oracle, "")).body, "us-chicago-1");
  EXPECT_EQ(service->answer("GET", "/opc/v2/instance/id", oracle, ""), std::nullopt);
  EXPECT_EQ(service->answer("POST", "/20231130/actions/chat", {}, "{}"), std::nullopt);
}

TEST(OciIdentityService, TokensExpire) {
  auto options = fixture_options();
  options.token_lifetime = 1s;
  auto service = make_service(std::move(options));
  InProcess wire{service.get(), nullptr, {}, {}};
  auto authorizer = start(wire);
  ASSERT_TRUE(authorizer) << authorizer.error();
  const std::string token = sign_generation(**authorizer)->token;
  EXPECT_TRUE(service->public_key_for_token(token));
  std::this_thread::sleep_for(1100ms);
  EXPECT_FALSE(service->public_key_for_token(token));
  EXPECT_EQ(OciIdentityService::session_token_in("Signature version=\"1\",keyId=\"a/b/c\""), std::nullopt);
}

}  // namespace
}  // namespace genai::auth
