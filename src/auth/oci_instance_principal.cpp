// Instance principals: the metadata reads, the X.509 federation request, and the thread that
// renews the security token.
//
// What this follows, read in Oracle's SDKs (oracle/oci-go-sdk at 7ce2eb7c, oracle/oci-python-sdk
// at 474b72dc):
// - Metadata: GET <base>/instance/region, /identity/cert.pem, /identity/key.pem and
//   /identity/intermediate.pem, each with "Authorization: Bearer Oracle"; the base is
//   http://169.254.169.254/opc/v2 unless OCI_METADATA_BASE_URL is set (both SDKs: go
//   common/auth/instance_principal_key_provider.go and utils.go httpGet; python
//   src/oci/auth/signers/instance_principals_security_token_signer.py, which also strips the value
//   and treats a blank one as unset).
// - Region: the answer stripped and lower-cased, a short code mapped to its name ("phx" is
//   us-phoenix-1) (python, same file; go common.StringToRegion in common/common.go, with the table of
//   codes, names and realms in common/regions.go, copied below).
// - Federation endpoint: https://auth.<region>.<realm domain>/v1/x509 (go Region.Endpoint("auth") in
//   common/common.go, "v1/x509" in newAuthClient of common/auth/federation_client.go; a dotted region
//   gives auth.<region>; a region of unknown realm gets oc1's oraclecloud.com: we do not read the Go
//   SDK's OCI_DEFAULT_REALM). OCI_SDK_AUTH_CLIENT_REGION_URL replaces scheme://host (go only, same
//   newAuthClient; "https://" is prepended to a host without a scheme, common/client.go
//   prepareRequest). The Python SDK has no such variable, only a federation_endpoint argument.
// - Tenancy: the first subject attribute of the leaf certificate whose value starts "opc-tenant:"
//   (go utils.go extractTenancyIDFromCertificate) or "opc-identity:" (python src/oci/auth/auth_utils.py).
// - Body (go federation_client.go X509FederationDetails): "certificate" (the leaf PEM without its
//   BEGIN/END lines and newlines), "publicKey" (the session key's SubjectPublicKeyInfo PEM, likewise),
//   "intermediateCertificates" (a list of one, likewise), "fingerprintAlgorithm": "SHA256". No
//   "purpose" for instance principals (python federation_client.py adds it only when given one).
// - Signature: keyId "<tenancy>/fed-x509-sha256/<SHA-256 of the leaf's DER as lower-case hex pairs
//   joined by ':'>" (go x509FederationClient.KeyID and utils.go fingerprint; python still sends
//   "fed-x509" with a SHA-1 fingerprint), signed with the leaf key over "date (request-target)
//   content-length content-type x-content-sha256": no host (go genericHeaders in
//   federation_client.go, python AuthTokenRequestSigner). The answer is {"token": "<JWT>"}.
// - Renewal: a fresh session key and freshly read certificates each time, refusing a changed tenancy
//   (go renewSecurityToken), when the token is within 5 minutes of its exp claim (go
//   common/auth/jwt.go bufferTimeBeforeTokenExpiration; python allows 60 s). Requests carry keyId
//   "ST$<token>" and are signed with the session key (go instancePrincipalKeyProvider.KeyID).
#include "auth/oci_instance_principal.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>

#include <boost/json.hpp>

#include "auth/google_credentials.h"  // base64url_decode, for the token's claims
#include "auth/oci_authorizer.h"
#include "auth/oci_signature.h"
#include "auth/refreshing_credential.h"
#include "net/one_shot_http.h"

namespace genai::auth {
namespace {

namespace json = boost::json;

// "code=name" pairs per realm domain, from oci-go-sdk common/regions.go (shortNameRegion, regionRealm, realm).
struct RealmRegions {
  const char* domain;
  const char* regions;
};
constexpr RealmRegions realm_regions[] = {
    {"oraclecloud.com",
     "yny=ap-chuncheon-1 hyd=ap-hyderabad-1 mel=ap-melbourne-1 bom=ap-mumbai-1 kix=ap-osaka-1 "
     "icn=ap-seoul-1 syd=ap-sydney-1 nrt=ap-tokyo-1 yul=ca-montreal-1 yyz=ca-toronto-1 "
     "ams=eu-amsterdam-1 fra=eu-frankfurt-1 zrh=eu-zurich-1 jed=me-jeddah-1 dxb=me-dubai-1 "
     "gru=sa-saopaulo-1 cwl=uk-cardiff-1 lhr=uk-london-1 iad=us-ashburn-1 phx=us-phoenix-1 "
     "sjc=us-sanjose-1 vcp=sa-vinhedo-1 scl=sa-santiago-1 mtz=il-jerusalem-1 "
     "mrs=eu-marseille-1 sin=ap-singapore-1 auh=me-abudhabi-1 lin=eu-milan-1 "
     "arn=eu-stockholm-1 jnb=af-johannesburg-1 cdg=eu-paris-1 qro=mx-queretaro-1 "
     "mad=eu-madrid-1 ord=us-chicago-1 mty=mx-monterrey-1 aga=us-saltlake-2 bog=sa-bogota-1 "
     "vap=sa-valparaiso-1 xsp=ap-singapore-2 ruh=me-riyadh-1 onm=ap-delhi-1 hsg=ap-batam-1 "
     "orf=eu-madrid-3 nrq=eu-turin-1 jbp=ap-kulai-2 lej=af-casablanca-1"},
    {"oraclegovcloud.com",
     "lfi=us-langley-1 luf=us-luke-1 ric=us-gov-ashburn-1 pia=us-gov-chicago-1 tus=us-gov-phoenix-1"},
    {"oraclegovcloud.uk", "ltn=uk-gov-london-1 brs=uk-gov-cardiff-1"},
    {"oraclecloud8.com", "nja=ap-chiyoda-1 ukb=ap-ibaraki-1"},
    {"oraclecloud9.com", "mct=me-dcc-muscat-1 ibr=me-ibri-1"},
    {"oraclecloud10.com", "wga=ap-dcc-canberra-1"},
    {"oraclecloud14.com",
     "bgy=eu-dcc-milan-1 mxp=eu-dcc-milan-2 snn=eu-dcc-dublin-2 dtm=eu-dcc-rating-2 "
     "dus=eu-dcc-rating-1 ork=eu-dcc-dublin-1"},
    {"oraclecloud15.com", "dac=ap-dcc-gazipur-1"},
    {"oraclecloud.eu", "vll=eu-madrid-2 str=eu-frankfurt-2"},
    {"oraclecloud20.com", "beg=eu-jovanovac-1"},
    {"oraclecloud21.com", "doh=me-dcc-doha-1 vve=me-alrayyan-1"},
    {"oraclecloud23.com", "ebb=us-somerset-1 ebl=us-thames-1"},
    {"oraclecloud24.com", "avz=eu-dcc-zurich-1 avf=eu-crissier-1"},
    {"oraclecloud26.com", "ahu=me-abudhabi-3 rba=me-alain-1"},
    {"oraclecloud29.com", "rkt=me-abudhabi-2 shj=me-abudhabi-4"},
    {"oraclecloud35.com", "dtz=ap-seoul-2 dln=ap-suwon-1 bno=ap-chuncheon-2"},
    {"oraclecloud42.com", "yxj=us-ashburn-2 pgc=us-newark-1"},
    {"oraclecloud51.com", "jsk=eu-budapest-1"},
    {"oraclecloud52.com", "hnw=sa-riodejaneiro-1"},
};

struct KnownRegion {
  std::string_view name, domain;
};
// By short code or long name; empty when not in the table.
KnownRegion find_region(std::string_view code_or_name) {
  for (const auto& [domain, regions] : realm_regions) {
    for (std::string_view list = regions; !list.empty();) {
      const std::string_view entry = list.substr(0, list.find(' '));
      list.remove_prefix(std::min(entry.size() + 1, list.size()));
      const size_t equals = entry.find('=');
      if (entry.substr(0, equals) == code_or_name || entry.substr(equals + 1) == code_or_name) {
        return {entry.substr(equals + 1), domain};
      }
    }
  }
  return {};
}

std::string_view trim(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

// Text from a server, made fit for a one-line error.
std::string one_line(std::string_view text, size_t max_chars = 200) {
  std::string out;
  for (char c : trim(text).substr(0, max_chars)) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

struct X509Free {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr parse_certificate(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509Ptr certificate(bio ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr);
  BIO_free(bio);
  ERR_clear_error();
  return certificate;
}

// A fresh RSA-2048 session key, loaded through the PEM path OciSigningKey offers.
Result<std::shared_ptr<const OciSigningKey>> new_session_key() {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}),
                                                           EVP_PKEY_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!pkey || !bio || PEM_write_bio_PrivateKey(bio.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    ERR_clear_error();
    return make_error("cannot generate an RSA session key");
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  std::string pem(data, static_cast<size_t>(length));
  OPENSSL_cleanse(data, static_cast<size_t>(length));
  auto key = load_oci_private_key(pem);
  OPENSSL_cleanse(pem.data(), pem.size());
  return key;
}

Result<std::string> get_metadata(const OciHttp& http, const std::string& base_url, std::string_view path) {
  OciHttpRequest request{"GET", base_url + std::string(path), {{"Authorization", "Bearer Oracle"}}, {}};
  Result<OciHttpReply> reply = http(request);
  if (!reply) return make_error(reply.error());
  if (reply->status != 200) return make_error("GET " + request.url + ": HTTP " + std::to_string(reply->status));
  return std::move(reply->body);
}

// What the metadata service says about this instance, read again at each renewal: Oracle rotates
// the instance certificate.
struct InstanceIdentity {
  std::string certificate_pem, intermediate_pem, tenancy_id, fingerprint;
  std::shared_ptr<const OciSigningKey> key;
};

Result<InstanceIdentity> read_identity(const OciHttp& http, const std::string& base_url) {
  InstanceIdentity identity;
  Result<std::string> certificate = get_metadata(http, base_url, "/identity/cert.pem");
  if (!certificate) return make_error(certificate.error());
  Result<std::string> key = get_metadata(http, base_url, "/identity/key.pem");
  if (!key) return make_error(key.error());
  Result<std::string> intermediate = get_metadata(http, base_url, "/identity/intermediate.pem");
  if (!intermediate) return make_error(intermediate.error());
  identity.certificate_pem = std::move(*certificate);
  identity.intermediate_pem = std::move(*intermediate);
  Result<std::string> tenancy = oci_tenancy_from_certificate(identity.certificate_pem);
  if (!tenancy) return make_error(base_url + "/identity/cert.pem: " + tenancy.error());
  Result<std::string> fingerprint = oci_certificate_sha256_fingerprint(identity.certificate_pem);
  if (!fingerprint) return make_error(base_url + "/identity/cert.pem: " + fingerprint.error());
  auto leaf_key = load_oci_private_key(*key);
  OPENSSL_cleanse(key->data(), key->size());
  if (!leaf_key) return make_error(base_url + "/identity/key.pem: " + leaf_key.error());
  identity.tenancy_id = std::move(*tenancy);
  identity.fingerprint = std::move(*fingerprint);
  identity.key = std::move(*leaf_key);
  return identity;
}

// The path (and query) of a URL, for the signed (request-target).
std::string path_of(std::string_view url) {
  const size_t scheme_end = url.find("://");
  const size_t path = url.find('/', scheme_end == std::string_view::npos ? 0 : scheme_end + 3);
  return path == std::string_view::npos ? "/" : std::string(url.substr(path));
}

OciHttpRequest federation_request(const InstanceIdentity& identity, const OciSigningKey& session_key,
                                  const std::string& url, std::chrono::system_clock::time_point now) {
  json::object details;
  details["certificate"] = oci_strip_pem_armour(identity.certificate_pem);
  details["publicKey"] = oci_strip_pem_armour(oci_public_key_pem(session_key));
  details["intermediateCertificates"] = json::array{json::string(oci_strip_pem_armour(identity.intermediate_pem))};
  details["fingerprintAlgorithm"] = "SHA256";
  OciHttpRequest request{"POST", url, {}, json::serialize(details)};
  const std::string date = format_http_date(now);
  const std::string content_sha256 = oci_content_sha256(request.body);
  const std::string length = std::to_string(request.body.size());
  const std::string signing_string = "date: " + date + "\n(request-target): post " + path_of(url) +
                                     "\ncontent-length: " + length + "\ncontent-type: application/json" +
                                     "\nx-content-sha256: " + content_sha256;
  const std::string key_id = identity.tenancy_id + "/fed-x509-sha256/" + identity.fingerprint;
  request.headers = {{"date", date},
                     {"x-content-sha256", content_sha256},
                     {"content-length", length},
                     {"content-type", "application/json"},
                     {"authorization", "Signature version=\"1\",headers=\"date (request-target) content-length content-type "
                                       "x-content-sha256\",keyId=\"" +
                                           key_id + "\",algorithm=\"rsa-sha256\",signature=\"" +
                                           oci_signature_b64(*identity.key, signing_string) + "\""}};
  return request;
}

// How long a token is good for, from its claims: exp - iat where the token has iat (immune to
// a skewed local clock), else exp - now. Never the token itself in an error.
Result<std::chrono::seconds> token_lifetime(std::string_view token) {
  const size_t first = token.find('.');
  const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return make_error("the security token is not a JWT");
  }
  std::string_view payload = token.substr(first + 1, second - first - 1);
  while (payload.ends_with('=')) payload.remove_suffix(1);
  const std::optional<std::string> claims_text = base64url_decode(payload);
  boost::system::error_code error;
  const json::value claims = claims_text ? json::parse(*claims_text, error) : json::value();
  const auto number = [&](const char* name) -> std::optional<int64_t> {
    const json::value* value = claims.is_object() ? claims.as_object().if_contains(name) : nullptr;
    if (!value || !value->is_number()) return std::nullopt;
    return static_cast<int64_t>(value->to_number<double>());
  };
  const std::optional<int64_t> exp = number("exp");
  if (!exp) return make_error("the security token's claims have no exp");
  const int64_t from = number("iat").value_or(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  if (*exp <= from) return make_error("the security token has expired on arrival");
  return std::chrono::seconds(*exp - from);
}

struct IssuedToken {
  std::string token;
  std::chrono::seconds lifetime;
};

Result<IssuedToken> parse_federation_reply(const OciHttpReply& reply, const std::string& url) {
  boost::system::error_code error;
  const json::value body = json::parse(reply.body, error);
  const json::object* object = error ? nullptr : body.if_object();
  const auto text = [&](const char* name) -> std::string {
    const json::value* value = object ? object->if_contains(name) : nullptr;
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
  };
  if (reply.status != 200) {
    const std::string code = text("code"), message = text("message");
    const std::string detail = code.empty() && message.empty() ? reply.body : code + ": " + message;
    return make_error("POST " + url + ": HTTP " + std::to_string(reply.status) + " (" + one_line(detail) + ")");
  }
  IssuedToken issued{text("token"), {}};
  if (issued.token.empty()) return make_error("POST " + url + ": the answer holds no token");
  Result<std::chrono::seconds> lifetime = token_lifetime(issued.token);
  if (!lifetime) return make_error("POST " + url + ": " + lifetime.error());
  issued.lifetime = *lifetime;
  return issued;
}

class InstancePrincipal final : public OciInstancePrincipalAuthorizer {
 public:
  InstancePrincipal(OciInstancePrincipalEndpoints endpoints, OciHttp http, std::function<void(const std::string&)> report)
      : endpoints_(std::move(endpoints)),
        http_(std::move(http)),
        // Renewal is due 5 minutes before the end, or at half the life of a token shorter than 10 minutes.
        session_([this] { return fetch(); },
                 [](Token::Clock::duration lifetime) {
                   return lifetime - std::min<Token::Clock::duration>(std::chrono::minutes(5), lifetime / 2);
                 },
                 "oci instance principal: renewing the security token", std::move(report)) {}

  Status fetch_first() {
    Result<std::string> region = get_metadata(http_, endpoints_.metadata_base_url, "/instance/region");
    if (!region) return make_error(region.error() + " (instance principals work only on an OCI compute instance)");
    region_ = oci_region_from_metadata(*region);
    if (region_.empty()) return make_error(endpoints_.metadata_base_url + "/instance/region: empty answer");
    if (endpoints_.federation_url.empty()) endpoints_.federation_url = oci_auth_service_url(region_) + "/v1/x509";
    return session_.start();
  }

  Result<HeaderList> authorize(const OutgoingRequest& request, std::chrono::system_clock::time_point now) const override {
    Result<Token::Fetched> session = session_.current();
    if (!session) return make_error("the OCI security token " + session.error());
    return session->value->authorize(request, now);  // RSA signing, outside the credential's lock
  }

  // A request built ahead is sent with its signature only while a quarter of the token's life has
  // not passed (and OCI refuses a date over 5 minutes off).
  std::chrono::seconds reusable_for() const override {
    Result<Token::Fetched> session = session_.current();
    const auto lifetime = session ? session->lifetime : Token::Clock::duration::zero();
    return std::clamp(std::chrono::duration_cast<std::chrono::seconds>(lifetime / 4), std::chrono::seconds(1),
                      std::chrono::seconds(60));
  }

  const std::string& region() const override { return region_; }
  const std::string& tenancy_id() const override { return tenancy_id_; }
  uint64_t refreshes() const override { return session_.refreshes(); }
  uint64_t refresh_failures() const override { return session_.failures(); }

 private:
  // One token's signer (its session key and "ST$<token>"), swapped whole at each renewal.
  using Token = RefreshingCredential<RequestAuthorizer>;

  // tenancy_id_ is written by the first fetch only, before the refresher thread exists.
  Result<Token::Fetched> fetch() {
    Result<InstanceIdentity> identity = read_identity(http_, endpoints_.metadata_base_url);
    if (!identity) return make_error(identity.error());
    if (tenancy_id_.empty()) tenancy_id_ = identity->tenancy_id;
    if (identity->tenancy_id != tenancy_id_) {
      return make_error("the instance certificate's tenancy changed from " + tenancy_id_ + " to " + identity->tenancy_id);
    }
    Result<std::shared_ptr<const OciSigningKey>> session_key = new_session_key();
    if (!session_key) return make_error(session_key.error());
    const OciHttpRequest request =
        federation_request(*identity, **session_key, endpoints_.federation_url, std::chrono::system_clock::now());
    Result<OciHttpReply> reply = http_(request);
    if (!reply) return make_error(reply.error());
    Result<IssuedToken> issued = parse_federation_reply(*reply, endpoints_.federation_url);
    if (!issued) return make_error(issued.error());
    std::shared_ptr<const RequestAuthorizer> signer =
        make_oci_authorizer(OciIdentity{"ST$" + issued->token, std::move(*session_key), region_});
    return Token::Fetched{std::move(signer), issued->lifetime};
  }

  OciInstancePrincipalEndpoints endpoints_;
  OciHttp http_;
  std::string region_, tenancy_id_;
  Token session_;  // last: its thread calls fetch(), which reads the members above
};

}  // namespace

OciInstancePrincipalEndpoints oci_instance_principal_endpoints_from_environment(
    const std::function<const char*(const char*)>& getenv_fn) {
  OciInstancePrincipalEndpoints endpoints;
  if (const char* base = getenv_fn("OCI_METADATA_BASE_URL"); base && !trim(base).empty()) {
    endpoints.metadata_base_url = trim(base);
  }
  if (const char* auth = getenv_fn("OCI_SDK_AUTH_CLIENT_REGION_URL"); auth && !trim(auth).empty()) {
    std::string host(trim(auth));
    if (host.find("://") == std::string::npos) host = "https://" + host;
    while (host.ends_with('/')) host.pop_back();
    endpoints.federation_url = host + "/v1/x509";
  }
  return endpoints;
}

Result<std::unique_ptr<OciInstancePrincipalAuthorizer>> OciInstancePrincipalAuthorizer::start(
    OciInstancePrincipalEndpoints endpoints, OciHttp http, std::function<void(const std::string&)> report) {
  while (endpoints.metadata_base_url.ends_with('/')) endpoints.metadata_base_url.pop_back();
  auto authorizer = std::make_unique<InstancePrincipal>(std::move(endpoints), std::move(http), std::move(report));
  if (Status status = authorizer->fetch_first(); !status) return make_error(status.error());
  return std::unique_ptr<OciInstancePrincipalAuthorizer>(std::move(authorizer));
}

std::string oci_region_from_metadata(std::string_view text) {
  std::string region(trim(text));
  std::transform(region.begin(), region.end(), region.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  const KnownRegion known = find_region(region);
  return known.name.empty() ? region : std::string(known.name);
}

std::string oci_auth_service_url(std::string_view region) {
  if (region.find('.') != std::string_view::npos) return "https://auth." + std::string(region);
  const KnownRegion known = find_region(region);
  return "https://auth." + std::string(region) + "." + std::string(known.domain.empty() ? "oraclecloud.com" : known.domain);
}

Result<std::string> oci_tenancy_from_certificate(const std::string& certificate_pem) {
  const X509Ptr certificate = parse_certificate(certificate_pem);
  if (!certificate) return make_error("not a PEM certificate");
  const X509_NAME* subject = X509_get_subject_name(certificate.get());
  for (int i = 0; i < X509_NAME_entry_count(subject); ++i) {
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i)));
    if (length < 0) continue;
    const std::string value(reinterpret_cast<const char*>(utf8), static_cast<size_t>(length));
    OPENSSL_free(utf8);
    for (std::string_view prefix : {"opc-tenant:", "opc-identity:"}) {
      if (value.starts_with(prefix)) return value.substr(prefix.size());
    }
  }
  ERR_clear_error();
  return make_error("the certificate's subject names no tenancy (no opc-tenant: attribute)");
}

Result<std::string> oci_certificate_sha256_fingerprint(const std::string& certificate_pem) {
  const X509Ptr certificate = parse_certificate(certificate_pem);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!certificate || X509_digest(certificate.get(), EVP_sha256(), digest, &length) != 1) {
    ERR_clear_error();
    return make_error("not a PEM certificate");
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    if (i > 0) out += ':';
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::string oci_strip_pem_armour(std::string_view pem) {
  std::string out(pem);
  for (std::string_view line : {"-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----", "-----BEGIN PUBLIC KEY-----",
                                "-----END PUBLIC KEY-----", "\n"}) {
    for (size_t at = out.find(line); at != std::string::npos; at = out.find(line, at)) out.erase(at, line.size());
  }
  return out;
}

OciHttp oci_http_over_the_network() {
  return [](const OciHttpRequest& request) -> Result<OciHttpReply> {
    auto reply = net::request_once({request.method, request.url, request.headers, request.body, std::chrono::seconds(30)});
    if (!reply) return make_error(reply.error());
    return OciHttpReply{reply->status, std::move(reply->body)};
  };
}

}  // namespace genai::auth
