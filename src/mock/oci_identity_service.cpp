// The mock instance metadata service and X.509 federation endpoint. The federation request is
// checked the way src/auth/oci_instance_principal.cpp builds it after Oracle's SDKs: its
// signature covers "date (request-target) content-length content-type x-content-sha256" and not
// host, which auth::oci_verify requires for service requests; so the check is written out here.
// Both key ids the SDKs send are accepted: "<tenancy>/fed-x509-sha256/<SHA-256 fingerprint>" (Go)
// and "<tenancy>/fed-x509/<SHA-1 fingerprint>" (Python).
#include "mock/oci_identity_service.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <strings.h>

#include <stdexcept>

#include <boost/json.hpp>

#include "auth/google_credentials.h"  // base64url_encode, for the token's JWT shape
#include "auth/hashing.h"
#include "auth/oci_instance_principal.h"
#include "auth/oci_signature.h"
#include "common/base64.h"
#include "common/json_escape.h"
#include "mock/dialect.h"

namespace genai::mock {
namespace {

namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view metadata_prefix = "/opc/v2";
constexpr std::string_view federation_path = "/v1/x509";

std::string oci_error(int status, std::string_view reason, std::string_view code, std::string_view message) {
  std::string body = "{\"code\":\"" + std::string(code) + "\",\"message\":";
  append_json_string(body, message);
  return http_response(status, reason, "application/json", body + "}");
}

std::string not_authenticated(std::string_view why) {
  return oci_error(401, "Unauthorized", "NotAuthenticated", "The federation request was refused: " + std::string(why));
}

const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return &value;
  }
  return nullptr;
}

// `Signature version="1",keyId="...",...` -> {"version": "1", "keyId": "...", ...}; empty when malformed.
std::map<std::string, std::string> signature_parameters(std::string_view value) {
  std::map<std::string, std::string> parameters;
  if (!value.starts_with("Signature ")) return {};
  value.remove_prefix(10);
  while (!value.empty()) {
    while (!value.empty() && (value.front() == ' ' || value.front() == ',')) value.remove_prefix(1);
    const size_t equals = value.find("=\"");
    const size_t close = equals == std::string_view::npos ? equals : value.find('"', equals + 2);
    if (close == std::string_view::npos) return value.empty() ? parameters : std::map<std::string, std::string>{};
    parameters.emplace(value.substr(0, equals), value.substr(equals + 2, close - equals - 2));
    value.remove_prefix(close + 1);
  }
  return parameters;
}

bool rsa_sha256_verifies(const std::string& public_key_pem, std::string_view text, std::string_view signature) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(public_key_pem.data(), static_cast<int>(public_key_pem.size())),
                                                BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr,
                                                          EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  const bool valid = key && context &&
                     EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
                     EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                                      signature.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size()) == 1;
  ERR_clear_error();
  return valid;
}

// A certificate's digest as upper-case hex pairs joined by ':'; its public key as a PEM.
struct CertificateFacts {
  std::string sha1_fingerprint, public_key_pem;
};
std::optional<CertificateFacts> certificate_facts(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> certificate(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr,
                                                          X509_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!certificate || !out || X509_digest(certificate.get(), EVP_sha1(), digest, &length) != 1 ||
      PEM_write_bio_PUBKEY(out.get(), X509_get0_pubkey(certificate.get())) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  CertificateFacts facts;
  for (unsigned int i = 0; i < length; ++i) {
    static constexpr char hex[] = "0123456789ABCDEF";
    if (i > 0) facts.sha1_fingerprint += ':';
    facts.sha1_fingerprint += hex[digest[i] >> 4];
    facts.sha1_fingerprint += hex[digest[i] & 15];
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  facts.public_key_pem.assign(data, static_cast<size_t>(size));
  return facts;
}

// The body's base64 SubjectPublicKeyInfo back into a PEM, nullopt when it is not an RSA public key.
std::optional<std::string> public_key_pem_of(std::string_view base64) {
  std::string pem = "-----BEGIN PUBLIC KEY-----\n";
  for (size_t at = 0; at < base64.size(); at += 64) pem += std::string(base64.substr(at, 64)) + "\n";
  pem += "-----END PUBLIC KEY-----\n";
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr,
                                                          EVP_PKEY_free);
  ERR_clear_error();
  if (!key || !EVP_PKEY_is_a(key.get(), "RSA")) return std::nullopt;
  return pem;
}

std::string random_hex(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return auth::hex_lower(raw);
}

}  // namespace

OciIdentityService::OciIdentityService(OciIdentityServiceOptions options) : options_(std::move(options)) {}

Result<std::unique_ptr<OciIdentityService>> OciIdentityService::create(OciIdentityServiceOptions options) {
  std::unique_ptr<OciIdentityService> service(new OciIdentityService(std::move(options)));
  Result<std::string> tenancy = auth::oci_tenancy_from_certificate(service->options_.leaf_certificate_pem);
  if (!tenancy) return make_error("mock OCI identity: the leaf certificate: " + tenancy.error());
  Result<std::string> fingerprint = auth::oci_certificate_sha256_fingerprint(service->options_.leaf_certificate_pem);
  std::optional<CertificateFacts> facts = certificate_facts(service->options_.leaf_certificate_pem);
  if (!fingerprint || !facts) return make_error("mock OCI identity: the leaf certificate does not parse");
  service->tenancy_id_ = std::move(*tenancy);
  service->leaf_sha256_fingerprint_ = std::move(*fingerprint);
  service->leaf_sha1_fingerprint_ = std::move(facts->sha1_fingerprint);
  service->leaf_public_key_pem_ = std::move(facts->public_key_pem);
  return service;
}

std::optional<std::string> OciIdentityService::answer(std::string_view method, std::string_view target,
                                                      const Headers& headers, std::string_view body) {
  const std::string_view path = target.substr(0, target.find('?'));
  if (path == federation_path) {
    if (method != "POST") return oci_error(405, "Method Not Allowed", "MethodNotAllowed", "POST only");
    return federate(headers, target, body);
  }
  if (!path.starts_with(metadata_prefix)) return std::nullopt;
  const std::string_view route = path.substr(metadata_prefix.size());
  const std::string* served = route == "/identity/cert.pem"           ? &options_.leaf_certificate_pem
                              : route == "/identity/key.pem"          ? &options_.leaf_private_key_pem
                              : route == "/identity/intermediate.pem" ? &options_.intermediate_certificate_pem
                                                                      : nullptr;
  if (!served && route != "/instance/region") return std::nullopt;
  const std::string* authorization = find_header(headers, "Authorization");
  if (!authorization || *authorization != "Bearer Oracle") {
    return http_response(401, "Unauthorized", "text/plain", "the metadata service v2 wants \"Authorization: Bearer Oracle\"\n");
  }
  if (method != "GET") return http_response(405, "Method Not Allowed", "text/plain", "GET only\n");
  return http_response(200, "OK", "text/plain", served ? *served : options_.region);
}

std::string OciIdentityService::federate(const Headers& headers, std::string_view target, std::string_view body) {
  const std::string* authorization = find_header(headers, "Authorization");
  if (!authorization) return not_authenticated("no Authorization header");
  const auto parameters = signature_parameters(*authorization);
  const auto get = [&](const char* name) -> std::string {
    const auto found = parameters.find(name);
    return found == parameters.end() ? std::string() : found->second;
  };
  if (get("version") != "1" || get("algorithm") != "rsa-sha256") return not_authenticated("not a version 1 rsa-sha256 signature");
  const std::string key_id = get("keyId");
  const std::string sha256_key_id = tenancy_id_ + "/fed-x509-sha256/" + leaf_sha256_fingerprint_;
  const std::string sha1_key_id = tenancy_id_ + "/fed-x509/" + leaf_sha1_fingerprint_;
  if (strcasecmp(key_id.c_str(), sha256_key_id.c_str()) != 0 && strcasecmp(key_id.c_str(), sha1_key_id.c_str()) != 0) {
    return not_authenticated("keyId " + key_id + " names neither " + sha256_key_id + " nor " + sha1_key_id);
  }
  // Rebuild the signing string from the headers it names, in their order.
  std::string signing_string, names = " " + get("headers") + " ";
  for (std::string_view required : {"date", "(request-target)", "content-length", "content-type", "x-content-sha256"}) {
    if (names.find(" " + std::string(required) + " ") == std::string::npos) {
      return not_authenticated("the signed headers lack " + std::string(required));
    }
  }
  for (size_t start = 0, end; (end = names.find(' ', start)) != std::string::npos; start = end + 1) {
    const std::string name = names.substr(start, end - start);
    if (name.empty()) continue;
    const std::string* value = find_header(headers, name);
    if (name != "(request-target)" && !value) return not_authenticated("header " + name + " is signed but not sent");
    if (!signing_string.empty()) signing_string += '\n';
    signing_string += name + ": " + (name == "(request-target)" ? "post " + std::string(target) : *value);
  }
  if (*find_header(headers, "x-content-sha256") != auth::oci_content_sha256(body) ||
      *find_header(headers, "content-length") != std::to_string(body.size())) {
    return not_authenticated("x-content-sha256 or content-length does not match the body");
  }
  if (!rsa_sha256_verifies(leaf_public_key_pem_, signing_string, base64_decode_prefix(get("signature")))) {
    return not_authenticated("the signature does not verify with the leaf certificate's key");
  }

  boost::system::error_code error;
  const json::value request = json::parse(json::string_view(body.data(), body.size()), error);
  const json::object* details = error ? nullptr : request.if_object();
  const auto text = [&](const char* name) -> std::string_view {
    const json::value* value = details ? details->if_contains(name) : nullptr;
    return value && value->is_string() ? std::string_view(value->as_string()) : std::string_view();
  };
  if (text("certificate") != auth::oci_strip_pem_armour(options_.leaf_certificate_pem)) {
    return oci_error(400, "Bad Request", "InvalidParameter", "certificate is not this instance's leaf certificate");
  }
  std::optional<std::string> session_key = public_key_pem_of(text("publicKey"));
  if (!session_key) return oci_error(400, "Bad Request", "InvalidParameter", "publicKey is not an RSA public key");

  const auto now = std::chrono::system_clock::now();
  const int64_t iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  json::object claims{{"iss", "authService.oracle.com"}, {"sub", "ocid1.instance.oc1..mock"}, {"tenant", tenancy_id_},
                      {"ptype", "instance"},             {"ttype", "x509"},                  {"aud", "oci"},
                      {"iat", iat},                      {"exp", iat + options_.token_lifetime.count()},
                      {"jti", random_hex(16)}};
  const std::string token = auth::base64url_encode(R"({"alg":"RS256","kid":"asw","typ":"JWT"})") + "." +
                            auth::base64url_encode(json::serialize(claims)) + "." +
                            auth::base64url_encode(random_hex(32));
  {
    std::lock_guard lock(mutex_);
    std::erase_if(issued_, [&](const auto& entry) { return entry.second.expires_at <= now; });
    issued_[token] = IssuedKey{std::move(*session_key), now + options_.token_lifetime};
    ++tokens_issued_;
  }
  return http_response(200, "OK", "application/json", "{\"token\":\"" + token + "\"}");
}

std::optional<std::string> OciIdentityService::public_key_for_token(std::string_view token) const {
  std::lock_guard lock(mutex_);
  const auto found = issued_.find(token);
  if (found == issued_.end() || found->second.expires_at <= std::chrono::system_clock::now()) return std::nullopt;
  return found->second.public_key_pem;
}

std::optional<std::string> OciIdentityService::session_token_in(std::string_view authorization) {
  const std::string key_id = signature_parameters(authorization)["keyId"];
  if (!key_id.starts_with("ST$") || key_id.size() == 3) return std::nullopt;
  return key_id.substr(3);
}

uint64_t OciIdentityService::tokens_issued() const {
  std::lock_guard lock(mutex_);
  return tokens_issued_;
}

}  // namespace genai::mock
