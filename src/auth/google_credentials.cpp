// Google OAuth2 credentials without sockets: key files, the RS256 JWT-bearer grant and the
// refresh-token grant google-auth sends, the token response, and the mock endpoint's grant check.
#include "auth/google_credentials.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <boost/json.hpp>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <utility>
#include <variant>
#include <vector>

namespace genai::auth {
namespace {

namespace json = boost::json;

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

constexpr std::chrono::seconds token_lifetime{3600};          // google-auth's _DEFAULT_TOKEN_LIFETIME_SECS
constexpr std::chrono::seconds allowed_clock_skew{60};        // iat may be this far ahead of the mock's clock
constexpr std::uintmax_t max_credentials_file_bytes = 1 << 20;  // key files are ~2 KB; refuse a misnamed log
constexpr size_t max_error_body_chars = 200;

// ---- OpenSSL -------------------------------------------------------------------------------

// An encrypted PEM must fail, not prompt on the terminal in the middle of a benchmark.
int refuse_passphrase(char*, int, int, void*) { return -1; }

// Failures are reported by our own messages; leftovers in OpenSSL's thread-local queue would only
// confuse the next TLS error report.
template <class T>
T clear_openssl_errors(T value) {
  ERR_clear_error();
  return value;
}

PkeyPtr load_rsa_private_key(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, nullptr) : nullptr, EVP_PKEY_free);
  if (key && !EVP_PKEY_is_a(key.get(), "RSA")) key.reset();
  return clear_openssl_errors(std::move(key));
}

// A SubjectPublicKeyInfo PEM, or a certificate (Google publishes service-account keys as both).
PkeyPtr load_rsa_public_key(std::string_view pem) {
  auto new_bio = [&] {
    return std::unique_ptr<BIO, decltype(&BIO_free)>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                     BIO_free);
  };
  auto bio = new_bio();
  PkeyPtr key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, refuse_passphrase, nullptr) : nullptr, EVP_PKEY_free);
  if (!key) {
    bio = new_bio();
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        bio ? PEM_read_bio_X509(bio.get(), nullptr, refuse_passphrase, nullptr) : nullptr, X509_free);
    if (cert) key.reset(X509_get_pubkey(cert.get()));
  }
  if (key && !EVP_PKEY_is_a(key.get(), "RSA")) key.reset();
  return clear_openssl_errors(std::move(key));
}

using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

// RSASSA-PKCS1-v1_5 with SHA-256 (OpenSSL's default padding for RSA keys).
std::optional<std::string> rs256_sign(EVP_PKEY* key, std::string_view data) {
  MdCtxPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  size_t size = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &size, bytes, data.size()) != 1)
    return clear_openssl_errors(std::nullopt);
  std::string signature(size, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, bytes, data.size()) != 1)
    return clear_openssl_errors(std::nullopt);
  signature.resize(size);
  return signature;
}

bool rs256_verify(EVP_PKEY* key, std::string_view data, std::string_view signature) {
  MdCtxPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  const bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
                  EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                                   signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                                   data.size()) == 1;
  return clear_openssl_errors(ok);
}

// ---- form encoding -------------------------------------------------------------------------

// application/x-www-form-urlencoded as Python's urlencode writes it: unreserved characters stay,
// space is '+', everything else %XX.
std::string form_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 15];
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> form_decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] != '%') {
      out += text[i];
    } else {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  return out;
}

using FormFields = std::vector<std::pair<std::string, std::string>>;

std::optional<FormFields> parse_form(std::string_view body) {
  FormFields fields;
  while (!body.empty()) {
    const size_t amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto name = form_decode(pair.substr(0, eq));
    auto value = form_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!name || !value) return std::nullopt;
    fields.emplace_back(std::move(*name), std::move(*value));
  }
  return fields;
}

const std::string* form_field(const FormFields& fields, std::string_view name) {
  for (const auto& [field_name, value] : fields)
    if (field_name == name) return &value;
  return nullptr;
}

// ---- JSON ----------------------------------------------------------------------------------

std::optional<json::object> parse_json_object(std::string_view text) {
  boost::system::error_code ec;
  json::value value = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

const json::string* string_member(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(json::string_view(name.data(), name.size()));
  return value ? value->if_string() : nullptr;
}

std::optional<std::int64_t> integer_member(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(json::string_view(name.data(), name.size()));
  if (!value) return std::nullopt;
  boost::system::error_code ec;
  const auto number = value->to_number<std::int64_t>(ec);  // exact integers only, also when written 1.7e9
  if (ec) return std::nullopt;
  return number;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// Takes the string fields of a key file, collecting every missing or mistyped name so that one
// error message lists them all.
class FieldReader {
 public:
  explicit FieldReader(const json::object& object) : object_(object) {}

  std::string take(std::string_view name, bool required) {
    const json::value* value = object_.if_contains(json::string_view(name.data(), name.size()));
    if (value && value->is_string() && !value->get_string().empty()) return std::string(value->get_string());
    if (value && !value->is_string() && !value->is_null())
      not_strings_.emplace_back(name);
    else if (required)
      missing_.emplace_back(name);
    return {};
  }

  std::optional<std::string> problem() const {
    std::vector<std::string> parts;
    if (!missing_.empty()) parts.push_back("missing " + join(missing_));
    if (!not_strings_.empty()) parts.push_back("not a string: " + join(not_strings_));
    if (parts.empty()) return std::nullopt;
    return parts.size() == 1 ? parts[0] : parts[0] + "; " + parts[1];
  }

 private:
  const json::object& object_;
  std::vector<std::string> missing_, not_strings_;
};

Error credentials_error(const std::string& origin, const std::string& message) {
  return make_error(origin + ": " + message);
}

Result<GoogleCredentials> parse_service_account(const json::object& object, const std::string& origin) {
  GoogleCredentials credentials;
  credentials.kind = GoogleCredentials::Kind::service_account;
  FieldReader fields(object);
  credentials.client_email = fields.take("client_email", true);
  credentials.private_key_pem = fields.take("private_key", true);
  credentials.token_uri = fields.take("token_uri", true);
  credentials.private_key_id = fields.take("private_key_id", false);
  credentials.project_id = fields.take("project_id", false);
  credentials.quota_project_id = fields.take("quota_project_id", false);
  if (auto problem = fields.problem()) return credentials_error(origin, "service account key " + *problem);
  if (!load_rsa_private_key(credentials.private_key_pem))
    return credentials_error(origin, "private_key is not an unencrypted RSA private key in PEM form");
  return credentials;
}

Result<GoogleCredentials> parse_authorized_user(const json::object& object, const std::string& origin) {
  GoogleCredentials credentials;
  credentials.kind = GoogleCredentials::Kind::authorized_user;
  FieldReader fields(object);
  credentials.client_id = fields.take("client_id", true);
  credentials.client_secret = fields.take("client_secret", true);
  credentials.refresh_token = fields.take("refresh_token", true);
  credentials.token_uri = fields.take("token_uri", false);
  // No project_id here: google-auth takes it from `gcloud config`, so the caller needs --project.
  credentials.quota_project_id = fields.take("quota_project_id", false);
  if (auto problem = fields.problem()) return credentials_error(origin, "authorized_user credentials " + *problem);
  if (credentials.token_uri.empty()) credentials.token_uri = google_default_token_uri;
  return credentials;
}

// ---- files ---------------------------------------------------------------------------------

Result<std::string> read_credentials_file(const std::string& path, const std::string& source) {
  const std::string where = "Google credentials '" + path + "' (from " + source + ")";
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec) return make_error("cannot read " + where + ": " + ec.message());
  if (std::filesystem::is_directory(status)) return make_error("cannot read " + where + ": it is a directory");
  if (std::filesystem::is_regular_file(status) && std::filesystem::file_size(path, ec) > max_credentials_file_bytes)
    return make_error(where + " is over 1 MiB, not a key file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot read " + where + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return make_error("cannot read " + where);
  return text.str();
}

Result<GoogleCredentials> load_from(const std::string& path, const std::string& source) {
  auto text = read_credentials_file(path, source);
  if (!text) return make_error(text.error());
  return parse_google_credentials(*text, path);
}

// gcloud's configuration folder: $CLOUDSDK_CONFIG, else ~/.config/gcloud; empty when neither is known.
std::string gcloud_config_dir(const std::function<const char*(const char*)>& getenv_fn) {
  if (const char* config = getenv_fn("CLOUDSDK_CONFIG"); config && *config) return config;
  if (const char* home = getenv_fn("HOME"); home && *home) return std::string(home) + "/.config/gcloud";
  return {};
}

// ---- token requests ------------------------------------------------------------------------

std::string json_base64url(const json::object& object) { return base64url_encode(json::serialize(object)); }

Result<TokenRequest> service_account_request(const GoogleCredentials& credentials,
                                             std::chrono::system_clock::time_point now) {
  PkeyPtr key = load_rsa_private_key(credentials.private_key_pem);
  if (!key) return make_error("the service account's private_key is not an unencrypted RSA private key in PEM form");
  json::object header{{"alg", "RS256"}, {"typ", "JWT"}};
  if (!credentials.private_key_id.empty()) header["kid"] = credentials.private_key_id;
  const std::int64_t iat = std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
  const json::object claims{{"iss", credentials.client_email},
                            {"scope", google_cloud_platform_scope},
                            {"aud", google_token_audience},
                            {"iat", iat},
                            {"exp", iat + token_lifetime.count()}};
  const std::string signing_input = json_base64url(header) + "." + json_base64url(claims);
  const auto signature = rs256_sign(key.get(), signing_input);
  if (!signature) return make_error("signing the service account's JWT failed");
  const std::string jwt = signing_input + "." + base64url_encode(*signature);
  return TokenRequest{credentials.token_uri,
                      "grant_type=" + form_encode(google_jwt_bearer_grant_type) + "&assertion=" + form_encode(jwt)};
}

TokenRequest authorized_user_request(const GoogleCredentials& credentials) {
  return TokenRequest{credentials.token_uri,
                      "grant_type=refresh_token&client_id=" + form_encode(credentials.client_id) +
                          "&client_secret=" + form_encode(credentials.client_secret) +
                          "&refresh_token=" + form_encode(credentials.refresh_token)};
}

// ---- token responses -----------------------------------------------------------------------

// The start of an error body on one line, cut at a character boundary.
std::string error_body_excerpt(std::string_view body) {
  std::string out;
  for (const char c : body.substr(0, max_error_body_chars)) out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  if (body.size() > max_error_body_chars) {
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    out += "...";
  }
  return out;
}

// Google's OAuth endpoint answers {"error": "invalid_grant", "error_description": "..."}; other
// Google APIs answer {"error": {"code": 403, "message": "...", "status": "..."}}.
std::string describe_token_error(std::string_view body) {
  if (const auto object = parse_json_object(body)) {
    const json::value* error = object->if_contains("error");
    if (error && error->is_string()) {
      std::string text(error->get_string());
      if (const auto* description = string_member(*object, "error_description"))
        text += ": " + std::string(*description);
      return error_body_excerpt(text);
    }
    if (error && error->is_object()) {
      const auto* status = string_member(error->get_object(), "status");
      const auto* message = string_member(error->get_object(), "message");
      if (status || message)
        return error_body_excerpt((status ? std::string(*status) : "") + (status && message ? ": " : "") +
                                  (message ? std::string(*message) : ""));
    }
  }
  return body.empty() ? "empty body" : error_body_excerpt(body);
}

// ---- JWT checks ----------------------------------------------------------------------------

struct DecodedJwt {
  std::string signing_input, signature;
  json::object header, claims;
};

std::variant<DecodedJwt, std::string> decode_jwt(std::string_view jwt) {
  const size_t first = jwt.find('.');
  const size_t second = first == std::string_view::npos ? first : jwt.find('.', first + 1);
  if (second == std::string_view::npos || jwt.find('.', second + 1) != std::string_view::npos)
    return std::string("assertion is not a JWT (three dot-separated parts)");
  const auto header_json = base64url_decode(jwt.substr(0, first));
  const auto claims_json = base64url_decode(jwt.substr(first + 1, second - first - 1));
  auto signature = base64url_decode(jwt.substr(second + 1));
  if (!header_json || !claims_json || !signature) return std::string("assertion has a part that is not base64url");
  auto header = parse_json_object(*header_json);
  auto claims = parse_json_object(*claims_json);
  if (!header || !claims) return std::string("assertion header or claims are not a JSON object");
  return DecodedJwt{std::string(jwt.substr(0, second)), std::move(*signature), std::move(*header), std::move(*claims)};
}

std::optional<std::string> check_claims(const json::object& claims, std::string_view expected_email,
                                        std::chrono::system_clock::time_point now) {
  const auto* iss = string_member(claims, "iss");
  if (!iss || *iss != json::string_view(expected_email.data(), expected_email.size()))
    return "iss is not " + std::string(expected_email);
  const auto* aud = string_member(claims, "aud");
  if (!aud || *aud != json::string_view(google_token_audience.data(), google_token_audience.size()))
    return "aud is not " + std::string(google_token_audience);
  const auto* scope = string_member(claims, "scope");
  if (!scope || scope->empty()) return std::string("no scope claim");
  const auto iat = integer_member(claims, "iat");
  const auto exp = integer_member(claims, "exp");
  if (!iat || !exp) return std::string("iat and exp must be integers");
  const std::int64_t now_s = std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
  if (*iat > now_s + allowed_clock_skew.count()) return "iat is " + std::to_string(*iat - now_s) + " s in the future";
  if (*exp <= now_s) return "the JWT expired " + std::to_string(now_s - *exp) + " s ago";
  if (*exp <= *iat) return std::string("exp is not after iat");
  if (*exp - *iat > token_lifetime.count())
    return "exp - iat is " + std::to_string(*exp - *iat) + " s, over the 3600 s allowed";
  return std::nullopt;
}

}  // namespace

// ---- public --------------------------------------------------------------------------------

Result<GoogleCredentials> parse_google_credentials(std::string_view json_text, const std::string& origin) {
  const auto object = parse_json_object(json_text);
  if (!object) return credentials_error(origin, "not a JSON object");
  const json::value* type = object->if_contains("type");
  if (!type || !type->is_string())
    return credentials_error(origin, "no \"type\" (expected service_account or authorized_user)");
  if (type->get_string() == "service_account") return parse_service_account(*object, origin);
  if (type->get_string() == "authorized_user") return parse_authorized_user(*object, origin);
  return credentials_error(origin, "credentials of type '" + error_body_excerpt(std::string(type->get_string())) +
                                       "' are not supported (only service_account and authorized_user)");
}

Result<GoogleCredentials> load_google_credentials(const std::string& explicit_path,
                                                  const std::function<const char*(const char*)>& getenv_fn) {
  if (!explicit_path.empty()) return load_from(explicit_path, "--gcp-credentials-path");
  if (const char* env = getenv_fn("GOOGLE_APPLICATION_CREDENTIALS"); env && *env)
    return load_from(env, "GOOGLE_APPLICATION_CREDENTIALS");
  const std::string config_dir = gcloud_config_dir(getenv_fn);
  const std::string well_known = config_dir.empty() ? "" : config_dir + "/application_default_credentials.json";
  std::error_code ec;
  if (!well_known.empty() && std::filesystem::exists(well_known, ec))
    return load_from(well_known, "gcloud's application default credentials");
  return make_error("no Google credentials: --gcp-credentials-path not given, "
                    "GOOGLE_APPLICATION_CREDENTIALS not set, and " +
                    (well_known.empty() ? std::string("neither CLOUDSDK_CONFIG nor HOME is set")
                                        : "no " + well_known) +
                    " (run `gcloud auth application-default login` or pass a service-account key file)");
}

Result<TokenRequest> make_token_request(const GoogleCredentials& credentials,
                                        std::chrono::system_clock::time_point now) {
  if (credentials.kind == GoogleCredentials::Kind::authorized_user) return authorized_user_request(credentials);
  return service_account_request(credentials, now);
}

Result<AccessToken> parse_token_response(int http_status, std::string_view body) {
  const std::string prefix = "token endpoint answered HTTP " + std::to_string(http_status);
  if (http_status < 200 || http_status > 299) return make_error(prefix + ": " + describe_token_error(body));
  // The body of a success holds the token: no part of it goes into a message.
  const auto object = parse_json_object(body);
  if (!object) return make_error(prefix + " with a body that is not a JSON object");
  const auto* token = string_member(*object, "access_token");
  if (!token || token->empty()) return make_error(prefix + " without an access_token");
  std::chrono::seconds expires_in = token_lifetime;
  if (const json::value* value = object->if_contains("expires_in")) {
    // Some endpoints send the number as a string; google-auth accepts both.
    std::optional<std::int64_t> seconds = integer_member(*object, "expires_in");
    if (!seconds && value->is_string()) {
      const std::string text(value->get_string());
      char* end = nullptr;
      const long long parsed = std::strtoll(text.c_str(), &end, 10);
      if (!text.empty() && *end == '\0') seconds = parsed;
    }
    if (!seconds || *seconds <= 0) return make_error(prefix + " with an expires_in that is not a positive integer");
    expires_in = std::chrono::seconds(*seconds);
  }
  return AccessToken{std::string(*token), expires_in};
}

std::optional<std::string> verify_jwt_bearer_grant(std::string_view form_body, std::string_view expected_email,
                                                   const std::string& public_key_pem,
                                                   std::chrono::system_clock::time_point now) {
  const auto fields = parse_form(form_body);
  if (!fields) return std::string("body is not application/x-www-form-urlencoded");
  const std::string* grant_type = form_field(*fields, "grant_type");
  if (!grant_type || *grant_type != google_jwt_bearer_grant_type)
    return "grant_type is not " + std::string(google_jwt_bearer_grant_type);
  const std::string* assertion = form_field(*fields, "assertion");
  if (!assertion) return std::string("no assertion");
  auto decoded = decode_jwt(*assertion);
  if (auto* reason = std::get_if<std::string>(&decoded)) return std::move(*reason);
  const auto& jwt = std::get<DecodedJwt>(decoded);
  const auto* alg = string_member(jwt.header, "alg");
  if (!alg || *alg != "RS256") return std::string("header alg is not RS256");
  PkeyPtr key = load_rsa_public_key(public_key_pem);
  if (!key) return std::string("the expected public key is not an RSA public key or certificate in PEM form");
  if (!rs256_verify(key.get(), jwt.signing_input, jwt.signature))
    return std::string("signature does not verify with the service account's public key");
  return check_claims(jwt.claims, expected_email, now);
}

std::string base64url_encode(std::string_view bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned group = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                           static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += alphabet[(group >> shift) & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned group = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += alphabet[(group >> 18) & 63];
    out += alphabet[(group >> 12) & 63];
    if (rest == 2) out += alphabet[(group >> 6) & 63];
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  auto sextet = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = sextet(c);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6 | static_cast<unsigned>(value)) & 0xFFFFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace genai::auth
