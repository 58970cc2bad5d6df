// OCI HTTP Signature "version 1": the signing string, RSASSA-PKCS1-v1_5/SHA-256 over it, the
// Authorization header, and the server-side check. Follows Oracle's Python SDK (oci/signer.py).
#include "auth/oci_signature.h"

#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <stdexcept>

#include "auth/hashing.h"
#include "common/base64.h"

namespace genai::auth {

namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* pkey) const { EVP_PKEY_free(pkey); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct DecoderFree {
  void operator()(OSSL_DECODER_CTX* ctx) const { OSSL_DECODER_CTX_free(ctx); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

}  // namespace

struct OciSigningKey {
  PkeyPtr pkey;
};

namespace {

constexpr std::string_view default_content_type = "application/json";
constexpr std::string_view signature_scheme = "Signature";

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool ascii_iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ascii_lower(a) == ascii_lower(b);
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// The oldest OpenSSL error, then the queue cleared so it cannot leak into a later, unrelated call.
std::string take_openssl_error() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  std::array<char, 256> text{};
  ERR_error_string_n(code, text.data(), text.size());
  return text.data();
}

BioPtr memory_bio(const std::string& text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// OpenSSL's default callback would prompt on the terminal for an encrypted key; this one answers
// with the pass phrase we were given, or declines.
int passphrase_callback(char* buffer, int size, int /*rwflag*/, void* user) {
  const auto* passphrase = static_cast<const std::string*>(user);
  if (passphrase->empty() || passphrase->size() > static_cast<size_t>(size)) return -1;
  std::memcpy(buffer, passphrase->data(), passphrase->size());
  return static_cast<int>(passphrase->size());
}

std::string private_key_error(const std::string& pem, const std::string& passphrase) {
  ERR_clear_error();  // OpenSSL's own text names decoders, not anything a user can act on
  if (pem.find("-----BEGIN") == std::string::npos) return "not a PEM private key";
  const bool encrypted = pem.find("ENCRYPTED") != std::string::npos;
  if (encrypted && passphrase.empty()) return "the private key is encrypted and no pass phrase was given";
  if (encrypted) return "cannot decrypt the private key (wrong pass phrase?)";
  return "cannot parse the PEM private key (expected PKCS#1 or PKCS#8)";
}

// Decodes "BEGIN PUBLIC KEY" (SubjectPublicKeyInfo) and "BEGIN RSA PUBLIC KEY" (PKCS#1) alike.
PkeyPtr decode_public_key(const std::string& pem) {
  EVP_PKEY* pkey = nullptr;
  std::unique_ptr<OSSL_DECODER_CTX, DecoderFree> decoder(
      OSSL_DECODER_CTX_new_for_pkey(&pkey, "PEM", nullptr, "RSA", EVP_PKEY_PUBLIC_KEY, nullptr, nullptr));
  if (!decoder) return nullptr;
  const auto* data = reinterpret_cast<const unsigned char*>(pem.data());
  size_t length = pem.size();
  if (OSSL_DECODER_from_data(decoder.get(), &data, &length) != 1) {
    ERR_clear_error();
    EVP_PKEY_free(pkey);
    return nullptr;
  }
  return PkeyPtr(pkey);
}

// The mock server verifies every request against the same PEM: decoding it once per thread keeps
// OpenSSL 3's decoder (slow next to the RSA check itself) out of the per-request cost.
const EVP_PKEY* cached_public_key(const std::string& pem) {
  struct Cache {
    std::string pem;
    PkeyPtr pkey;
  };
  thread_local Cache cache;
  if (!cache.pkey || cache.pem != pem) {
    cache.pkey = decode_public_key(pem);
    cache.pem = cache.pkey ? pem : std::string();
  }
  return cache.pkey.get();
}

std::string rsa_sha256_sign(const EVP_PKEY* pkey, std::string_view text) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  // EVP_DigestSignInit takes a non-const key but only reads it; RSA keys default to PKCS#1 v1.5.
  auto* key = const_cast<EVP_PKEY*>(pkey);
  size_t length = static_cast<size_t>(EVP_PKEY_get_size(pkey));
  std::string signature(length, '\0');
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1) {
    throw std::runtime_error("OCI request signing failed: " + take_openssl_error());
  }
  signature.resize(length);
  return signature;
}

bool rsa_sha256_verifies(const EVP_PKEY* pkey, std::string_view text, std::string_view signature) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  auto* key = const_cast<EVP_PKEY*>(pkey);
  const bool valid =
      ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                       reinterpret_cast<const unsigned char*>(text.data()), text.size()) == 1;
  ERR_clear_error();
  return valid;
}

std::string request_target(std::string_view method, std::string_view path_and_query) {
  return ascii_lower(method) + " " + std::string(path_and_query.empty() ? "/" : path_and_query);
}

std::string_view content_type_or_default(std::string_view content_type) {
  return content_type.empty() ? default_content_type : content_type;
}

std::string signed_header_names(bool signs_body) {
  std::string names = "date (request-target) host";
  if (signs_body) names += " content-length content-type x-content-sha256";
  return names;
}

std::string authorization_value(std::string_view key_id, bool signs_body, std::string_view signature_b64) {
  return std::string(signature_scheme) + " version=\"1\",keyId=\"" + std::string(key_id) +
         "\",algorithm=\"rsa-sha256\",headers=\"" + signed_header_names(signs_body) + "\",signature=\"" +
         std::string(signature_b64) + "\"";
}

// ---- verification ----

using Headers = std::vector<std::pair<std::string, std::string>>;

const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (ascii_iequals(key, name)) return &value;
  }
  return nullptr;
}

// `Signature version="1",keyId="...",...` -> {"version": "1", "keyid": "...", ...}: parameter
// names lower-cased, values unquoted, in any order (the Go SDK puts headers= second).
std::optional<std::map<std::string, std::string>> parse_signature_parameters(std::string_view value) {
  value = trim(value);
  if (value.size() <= signature_scheme.size() ||
      !ascii_iequals(value.substr(0, signature_scheme.size()), signature_scheme) ||
      (value[signature_scheme.size()] != ' ' && value[signature_scheme.size()] != '\t')) {
    return std::nullopt;
  }
  std::string_view rest = trim(value.substr(signature_scheme.size()));
  std::map<std::string, std::string> parameters;
  while (!rest.empty()) {
    const size_t equals = rest.find('=');
    if (equals == std::string_view::npos || equals + 1 >= rest.size() || rest[equals + 1] != '"') return std::nullopt;
    const size_t close = rest.find('"', equals + 2);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string name = ascii_lower(trim(rest.substr(0, equals)));
    if (name.empty() || !parameters.emplace(name, rest.substr(equals + 2, close - equals - 2)).second)
      return std::nullopt;
    rest = trim(rest.substr(close + 1));
    if (!rest.empty() && rest.front() != ',') return std::nullopt;
    if (!rest.empty()) rest = trim(rest.substr(1));
  }
  return parameters;
}

std::vector<std::string> split_header_names(std::string_view names) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < names.size()) {
    const size_t end = std::min(names.find(' ', start), names.size());
    if (end > start) out.push_back(ascii_lower(names.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Session-token key ids carry a bearer token: name it in reasons without spelling it out.
std::string describe_key_id(std::string_view key_id) {
  if (key_id.substr(0, 3) == "ST$") return "ST$<token of " + std::to_string(key_id.size() - 3) + " characters>";
  return std::string(key_id);
}

// The signing string shown on one line, for a reason that explains a mismatch.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string("\\n") : std::string(1, c);
  return out;
}

bool is_base64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return false;
  size_t padding = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool alphabet =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (c == '=' && i + 2 >= text.size()) ++padding;
    else if (!alphabet || padding > 0) return false;
  }
  return true;
}

std::optional<std::string> check_parameters(const std::map<std::string, std::string>& parameters,
                                            std::string_view expected_key_id) {
  const auto get = [&](const char* name) -> const std::string* {
    auto found = parameters.find(name);
    return found == parameters.end() ? nullptr : &found->second;
  };
  if (const std::string* version = get("version"); !version || *version != "1") {
    return "Authorization: version must be \"1\"";
  }
  if (const std::string* algorithm = get("algorithm"); !algorithm || *algorithm != "rsa-sha256") {
    return "Authorization: algorithm must be \"rsa-sha256\"";
  }
  const std::string* key_id = get("keyid");
  if (!key_id) return "Authorization: no keyId";
  if (*key_id != expected_key_id) {
    return "Authorization: keyId " + describe_key_id(*key_id) + " is not the expected " +
           describe_key_id(expected_key_id);
  }
  if (!get("headers")) return "Authorization: no headers list";
  if (!get("signature")) return "Authorization: no signature";
  return std::nullopt;
}

std::optional<std::string> check_signed_names(const std::vector<std::string>& names, std::string_view method) {
  std::vector<std::string_view> required = {"(request-target)", "host"};
  if (oci_method_signs_body(method)) {
    required.insert(required.end(), {"content-length", "content-type", "x-content-sha256"});
  }
  for (std::string_view name : required) {
    if (!contains(names, name)) return "Authorization: headers list lacks " + std::string(name);
  }
  if (!contains(names, "date") && !contains(names, "x-date"))
    return "Authorization: headers list lacks date (or x-date)";
  return std::nullopt;
}

std::optional<std::string> check_body(const Headers& headers, std::string_view method, std::string_view body) {
  if (const std::string* sha = find_header(headers, "x-content-sha256");
      sha && trim(*sha) != oci_content_sha256(body)) {
    return "x-content-sha256 does not match the " + std::to_string(body.size()) + "-byte body";
  }
  if (const std::string* length = find_header(headers, "content-length");
      oci_method_signs_body(method) && length && trim(*length) != std::to_string(body.size())) {
    return "content-length " + std::string(trim(*length)) + " does not match the " + std::to_string(body.size()) +
           "-byte body";
  }
  return std::nullopt;
}

// Rebuilds the signing string in the order the client listed the headers.
Result<std::string> rebuild_signing_string(const std::vector<std::string>& names, const Headers& headers,
                                           std::string_view method, std::string_view path_and_query) {
  std::string text;
  for (const std::string& name : names) {
    if (!text.empty()) text += '\n';
    if (name == "(request-target)") {
      text += name + ": " + request_target(method, path_and_query);
      continue;
    }
    const std::string* value = find_header(headers, name);
    if (!value) return make_error("header " + name + " is signed but not sent");
    text += name + ": " + std::string(trim(*value));
  }
  return text;
}

}  // namespace

Result<std::shared_ptr<const OciSigningKey>> load_oci_private_key(const std::string& pem,
                                                                  const std::string& passphrase) {
  BioPtr bio = memory_bio(pem);
  if (!bio) return make_error("cannot read the private key: " + take_openssl_error());
  // PEM_read_bio_PrivateKey reads PKCS#1, PKCS#8 and encrypted PKCS#8; the pass phrase string is
  // only read by the callback.
  PkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, passphrase_callback, const_cast<std::string*>(&passphrase)));
  if (!pkey) return make_error(private_key_error(pem, passphrase));
  if (!EVP_PKEY_is_a(pkey.get(), "RSA")) return make_error("the private key is not RSA (OCI signs with rsa-sha256)");
  auto key = std::make_shared<OciSigningKey>();
  key->pkey = std::move(pkey);
  return std::shared_ptr<const OciSigningKey>(std::move(key));
}

std::string oci_public_key_pem(const OciSigningKey& key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.pkey.get()) != 1) {
    throw std::runtime_error("cannot write the public key: " + take_openssl_error());
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

bool oci_method_signs_body(std::string_view method) {
  return ascii_iequals(method, "POST") || ascii_iequals(method, "PUT") || ascii_iequals(method, "PATCH");
}

std::string oci_content_sha256(std::string_view body) { return base64_encode(sha256_bytes(body)); }

std::string oci_signing_string(const OciRequest& request, std::string_view date, std::string_view content_sha256_b64) {
  std::string text = "date: " + std::string(date);
  text += "\n(request-target): " + request_target(request.method, request.path_and_query);
  text += "\nhost: " + std::string(request.host);
  if (oci_method_signs_body(request.method) && !request.exclude_body) {
    text += "\ncontent-length: " + std::to_string(request.body.size());
    text += "\ncontent-type: " + std::string(content_type_or_default(request.content_type));
    text += "\nx-content-sha256: " + std::string(content_sha256_b64);
  }
  return text;
}

std::string oci_signature_b64(const OciSigningKey& key, std::string_view signing_string) {
  return base64_encode(rsa_sha256_sign(key.pkey.get(), signing_string));
}

std::vector<std::pair<std::string, std::string>> oci_sign(const OciRequest& request, const OciSigningKey& key,
                                                          std::string_view key_id,
                                                          std::chrono::system_clock::time_point now) {
  return oci_sign(request, key, key_id, std::string_view(format_http_date(now)));
}

std::vector<std::pair<std::string, std::string>> oci_sign(const OciRequest& request, const OciSigningKey& key,
                                                          std::string_view key_id, std::string_view date) {
  std::vector<std::pair<std::string, std::string>> headers;
  headers.emplace_back("date", std::string(date));
  std::string content_sha;
  const bool signs_body = oci_method_signs_body(request.method) && !request.exclude_body;
  if (signs_body) {
    content_sha = oci_content_sha256(request.body);
    headers.emplace_back("x-content-sha256", content_sha);
    headers.emplace_back("content-length", std::to_string(request.body.size()));
    headers.emplace_back("content-type", std::string(content_type_or_default(request.content_type)));
  }
  const std::string signature = oci_signature_b64(key, oci_signing_string(request, date, content_sha));
  headers.emplace_back("authorization", authorization_value(key_id, signs_body, signature));
  return headers;
}

std::string format_http_date(std::chrono::system_clock::time_point time) {
  // Written out by hand: strftime's %a and %b follow the C locale, HTTP wants English.
  static constexpr std::array<const char*, 7> days = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 40> text{};
  std::snprintf(text.data(), text.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT", days[static_cast<size_t>(utc.tm_wday)],
                utc.tm_mday, months[static_cast<size_t>(utc.tm_mon)], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return text.data();
}

std::optional<std::string> oci_verify(std::string_view method, std::string_view path_and_query, const Headers& headers,
                                      std::string_view body, std::string_view expected_key_id,
                                      const std::string& public_key_pem) {
  const std::string* authorization = find_header(headers, "authorization");
  if (!authorization) return "no Authorization header";
  const auto parameters = parse_signature_parameters(*authorization);
  if (!parameters) return "Authorization is not an HTTP Signature (Signature name=\"value\",...)";
  if (auto reason = check_parameters(*parameters, expected_key_id)) return reason;

  const std::vector<std::string> names = split_header_names(parameters->at("headers"));
  if (auto reason = check_signed_names(names, method)) return reason;
  auto signing_string = rebuild_signing_string(names, headers, method, path_and_query);
  if (!signing_string) return signing_string.error();
  if (auto reason = check_body(headers, method, body)) return reason;

  const std::string& signature_b64 = parameters->at("signature");
  if (!is_base64(signature_b64)) return "Authorization: signature is not base64";
  const EVP_PKEY* public_key = cached_public_key(public_key_pem);
  if (!public_key) return "cannot read the verifier's public key PEM";
  if (!rsa_sha256_verifies(public_key, *signing_string, base64_decode_prefix(signature_b64))) {
    return "RSA signature does not verify over \"" + one_line(*signing_string) + "\"";
  }
  return std::nullopt;
}

}  // namespace genai::auth
