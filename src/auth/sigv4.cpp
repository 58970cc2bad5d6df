// SigV4 as AWS documents it ("Create a signed AWS API request"), with the path and query rules of
// AWS's own SDKs (@smithy/signature-v4, aws-c-auth), which the fixtures were produced with.
#include "auth/sigv4.h"

#include <openssl/crypto.h>

#include <algorithm>

#include "auth/hashing.h"
#include "common/result.h"

namespace genai::auth {
namespace {

constexpr std::string_view algorithm_name = "AWS4-HMAC-SHA256";
constexpr std::string_view scope_terminator = "aws4_request";
constexpr size_t amz_date_size = 16;  // 20150830T123600Z
constexpr size_t signature_size = 64;

// ---- characters (ASCII only: headers and encodings must not depend on the locale) ----

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

bool is_unreserved(char c) {  // RFC 3986 section 2.3
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '_' || c == '.' ||
         c == '~';
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// Every byte but the unreserved ones as %XX (uppercase hex), '/' included.
void append_uri_encoded(std::string& out, std::string_view text) {
  static constexpr char digits[] = "0123456789ABCDEF";
  for (char c : text) {
    if (is_unreserved(c)) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += digits[byte >> 4];
      out += digits[byte & 0x0f];
    }
  }
}

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX sequences to bytes; a '%' not followed by two hex digits stays literal, and so does '+'
// (RFC 3986 query, not HTML forms: AWS encodes a space as %20).
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// ---- the canonical request's parts ----

// Appends `path` as SigV4 wants it: dot segments and empty segments removed when normalizing
// (a trailing slash kept, as @smithy/signature-v4 does), each segment URI-encoded once more when
// asked. An empty path is "/".
void append_canonical_path(std::string& out, std::string_view path, const SigV4Scope& scope) {
  const auto append_segment = [&](std::string_view segment) {
    if (scope.encode_path_again) {
      append_uri_encoded(out, segment);
    } else {
      out += segment;
    }
  };
  if (path.empty()) {
    out += '/';
    return;
  }
  if (!scope.normalize_path) {
    for (size_t start = 0;;) {
      const size_t slash = path.find('/', start);
      append_segment(path.substr(start, slash - start));
      if (slash == std::string_view::npos) break;
      out += '/';
      start = slash + 1;
    }
    return;
  }
  std::vector<std::string_view> kept;
  for (size_t start = 0; start <= path.size();) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view segment = path.substr(start, slash - start);
    start = slash + 1;
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else {
      kept.push_back(segment);
    }
  }
  out += '/';
  for (size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) out += '/';
    append_segment(kept[i]);
  }
  if (!kept.empty() && path.back() == '/') out += '/';
}

// Decodes each key and value as sent, encodes them the SigV4 way, sorts by encoded key then value.
void append_canonical_query(std::string& out, std::string_view query) {
  if (query.empty()) return;
  std::vector<std::pair<std::string, std::string>> params;
  for (size_t start = 0; start <= query.size();) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string_view piece = query.substr(start, amp - start);
    start = amp + 1;
    if (piece.empty()) continue;
    const size_t equals = piece.find('=');
    auto& [key, value] = params.emplace_back();
    append_uri_encoded(key, percent_decode(piece.substr(0, equals)));
    if (equals != std::string_view::npos) append_uri_encoded(value, percent_decode(piece.substr(equals + 1)));
  }
  std::sort(params.begin(), params.end());
  for (size_t i = 0; i < params.size(); ++i) {
    if (i > 0) out += '&';
    out += params[i].first;
    out += '=';
    out += params[i].second;
  }
}

// A header value trimmed, with each inner run of whitespace (folded lines too) as one space.
void append_trimmed_value(std::string& out, std::string_view value) {
  bool pending_space = false;
  bool started = false;
  for (char c : value) {
    if (is_space(c)) {
      pending_space = started;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    started = true;
    out += c;
  }
}

struct CanonicalHeader {
  std::string name;  // lowercase
  std::string_view value;
};

struct RenderedHeaders {
  std::string lines;         // "name:value\n" for each name
  std::string signed_names;  // "name;name"
};

// Sorted by name; a name sent more than once keeps its values in the order sent, joined by ','.
RenderedHeaders render_headers(std::vector<CanonicalHeader>& headers) {
  std::stable_sort(headers.begin(), headers.end(),
                   [](const CanonicalHeader& a, const CanonicalHeader& b) { return a.name < b.name; });
  RenderedHeaders out;
  for (size_t i = 0; i < headers.size(); ++i) {
    if (i > 0 && headers[i].name == headers[i - 1].name) {
      out.lines += ',';
    } else {
      if (i > 0) {
        out.lines += '\n';
        out.signed_names += ';';
      }
      out.lines += headers[i].name;
      out.lines += ':';
      out.signed_names += headers[i].name;
    }
    append_trimmed_value(out.lines, headers[i].value);
  }
  if (!headers.empty()) out.lines += '\n';
  return out;
}

void collect_headers(std::vector<CanonicalHeader>& out, const HeaderList& headers) {
  for (const auto& [name, value] : headers) out.push_back({lowercase(name), value});
}

const std::string* find_header(const HeaderList& headers, std::string_view name) {
  for (const auto& header : headers) {
    if (iequals(header.first, name)) return &header.second;
  }
  return nullptr;
}

std::string payload_hash(const SigV4Request& request) {
  if (const std::string* declared = find_header(request.headers, "x-amz-content-sha256")) {
    return std::string(trim(*declared));
  }
  return sha256_hex(request.body);
}

std::string assemble_canonical_request(const SigV4Request& request, const SigV4Scope& scope,
                                       const RenderedHeaders& headers, std::string_view hashed_payload) {
  std::string out;
  out.reserve(request.method.size() + request.path.size() * 2 + request.query.size() * 2 + headers.lines.size() +
              headers.signed_names.size() + hashed_payload.size() + 8);
  out += request.method;
  out += '\n';
  append_canonical_path(out, request.path, scope);
  out += '\n';
  append_canonical_query(out, request.query);
  out += '\n';
  out += headers.lines;
  out += '\n';
  out += headers.signed_names;
  out += '\n';
  out += hashed_payload;
  return out;
}

// yyyymmdd/region/service/aws4_request
std::string credential_scope(std::string_view amz_date, const SigV4Scope& scope) {
  std::string out;
  out.reserve(8 + scope.region.size() + scope.service.size() + scope_terminator.size() + 3);
  out += amz_date.substr(0, 8);
  out += '/';
  out += scope.region;
  out += '/';
  out += scope.service;
  out += '/';
  out += scope_terminator;
  return out;
}

void append_digits(std::string& out, long long value, int width) {
  char buffer[20];
  for (int i = width - 1; i >= 0; --i) {
    buffer[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buffer, static_cast<size_t>(width));
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// ---- verification ----

struct ParsedAuthorization {
  std::string_view credential, signed_headers, signature;
};

// "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." (parts in any order).
genai::Result<ParsedAuthorization> parse_authorization(std::string_view header) {
  header = trim(header);
  if (!header.starts_with(algorithm_name) || header.size() == algorithm_name.size() ||
      !is_space(header[algorithm_name.size()])) {
    return genai::make_error("Authorization is not AWS4-HMAC-SHA256");
  }
  header.remove_prefix(algorithm_name.size());
  ParsedAuthorization parsed;
  for (size_t start = 0; start <= header.size();) {
    size_t comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    const std::string_view part = trim(header.substr(start, comma - start));
    start = comma + 1;
    const size_t equals = part.find('=');
    const std::string_view key = part.substr(0, equals);
    const std::string_view value = equals == std::string_view::npos ? std::string_view{} : part.substr(equals + 1);
    if (key == "Credential") parsed.credential = value;
    if (key == "SignedHeaders") parsed.signed_headers = value;
    if (key == "Signature") parsed.signature = value;
  }
  if (parsed.credential.empty()) return genai::make_error("Authorization has no Credential");
  if (parsed.signed_headers.empty()) return genai::make_error("Authorization has no SignedHeaders");
  if (parsed.signature.empty()) return genai::make_error("Authorization has no Signature");
  return parsed;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

bool is_amz_date(std::string_view text) {
  if (text.size() != amz_date_size || text[8] != 'T' || text[15] != 'Z') return false;
  for (size_t i = 0; i < 15; ++i) {
    if (i != 8 && !is_digit(text[i])) return false;
  }
  return true;
}

bool is_lower_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
}

// access-key-id/yyyymmdd/region/service/aws4_request against what we expect.
std::optional<std::string> check_credential(std::string_view credential, std::string_view amz_date,
                                            const AwsCredentials& expected, const SigV4Scope& scope) {
  const auto parts = split(credential, '/');
  if (parts.size() != 5 || parts[4] != scope_terminator) {
    return "Credential is not <access key id>/<yyyymmdd>/<region>/<service>/aws4_request";
  }
  if (parts[0] != expected.access_key_id) {
    return "access key id '" + std::string(parts[0]) + "' is not the expected one";
  }
  if (parts[1] != amz_date.substr(0, 8)) {
    return "credential scope date '" + std::string(parts[1]) + "' is not the day of x-amz-date '" +
           std::string(amz_date) + "'";
  }
  if (parts[2] != scope.region) {
    return "credential scope region '" + std::string(parts[2]) + "' is not '" + scope.region + "'";
  }
  if (parts[3] != scope.service) {
    return "credential scope service '" + std::string(parts[3]) + "' is not '" + scope.service + "'";
  }
  return std::nullopt;
}

// SignedHeaders: lowercase, strictly sorted, host and x-amz-date among them, each one sent.
std::optional<std::string> check_signed_names(const std::vector<std::string_view>& names,
                                              std::string_view listed, const HeaderList& headers) {
  for (size_t i = 0; i < names.size(); ++i) {
    const bool lower = std::none_of(names[i].begin(), names[i].end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (names[i].empty() || !lower || (i > 0 && names[i] <= names[i - 1])) {
      return "SignedHeaders '" + std::string(listed) + "' is not a sorted list of distinct lowercase names";
    }
  }
  for (std::string_view required : {std::string_view("host"), std::string_view("x-amz-date")}) {
    if (!std::binary_search(names.begin(), names.end(), required)) {
      return "SignedHeaders does not include " + std::string(required);
    }
  }
  for (std::string_view name : names) {
    if (find_header(headers, name) == nullptr) return "signed header '" + std::string(name) + "' is not in the request";
  }
  return std::nullopt;
}

// The session token when one is expected, and a declared body hash against the body.
std::optional<std::string> check_token_and_body(const SigV4Request& received, const AwsCredentials& expected,
                                                const SigV4Scope& scope) {
  if (!expected.session_token.empty()) {
    const std::string* token = find_header(received.headers, "x-amz-security-token");
    if (token == nullptr) return "no x-amz-security-token header, but a session token is expected";
    if (!constant_time_equal(trim(*token), expected.session_token)) {
      return "x-amz-security-token is not the expected session token";
    }
  }
  const std::string* declared = find_header(received.headers, "x-amz-content-sha256");
  if (declared == nullptr) {
    if (scope.add_content_sha256) return "no x-amz-content-sha256 header";
    return std::nullopt;
  }
  const std::string_view value = trim(*declared);
  // UNSIGNED-PAYLOAD and STREAMING-* say the body is not covered; only a digest can be checked.
  if (value.size() == 64 && is_lower_hex(value) && value != sha256_hex(received.body)) {
    return "x-amz-content-sha256 is not the SHA-256 of the body";
  }
  return std::nullopt;
}

// The derived key: HMAC chain from "AWS4" + secret over the scope's date, region and service.
std::string signing_key(const AwsCredentials& credentials, std::string_view amz_date, const SigV4Scope& scope) {
  std::string key = "AWS4";
  key += credentials.secret_access_key;
  std::string date_key = hmac_sha256(key, amz_date.substr(0, 8));
  OPENSSL_cleanse(key.data(), key.size());  // no copy of the secret left behind in freed memory
  const std::string region_key = hmac_sha256(date_key, scope.region);
  const std::string service_key = hmac_sha256(region_key, scope.service);
  return hmac_sha256(service_key, scope_terminator);
}

}  // namespace

std::string sigv4_canonical_request(const SigV4Request& request, const SigV4Scope& scope) {
  std::vector<CanonicalHeader> headers;
  headers.reserve(request.headers.size());
  collect_headers(headers, request.headers);
  return assemble_canonical_request(request, scope, render_headers(headers), payload_hash(request));
}

std::string sigv4_string_to_sign(std::string_view amz_date, const SigV4Scope& scope,
                                 std::string_view canonical_request) {
  std::string out;
  out.reserve(algorithm_name.size() + amz_date.size() + 2 * signature_size + 48);
  out += algorithm_name;
  out += '\n';
  out += amz_date;
  out += '\n';
  out += credential_scope(amz_date, scope);
  out += '\n';
  out += sha256_hex(canonical_request);
  return out;
}

std::string sigv4_signature(const AwsCredentials& credentials, std::string_view amz_date, const SigV4Scope& scope,
                            std::string_view string_to_sign) {
  return hex_lower(hmac_sha256(signing_key(credentials, amz_date, scope), string_to_sign));
}

HeaderList sigv4_sign(const SigV4Request& request, const AwsCredentials& credentials, const SigV4Scope& scope,
                      std::chrono::system_clock::time_point now) {
  HeaderList added;
  added.reserve(4);  // the views below point into these strings: no reallocation
  const std::string& amz_date = added.emplace_back("x-amz-date", format_amz_date(now)).second;
  if (!credentials.session_token.empty()) added.emplace_back("x-amz-security-token", credentials.session_token);
  const std::string hashed_payload = payload_hash(request);
  if (scope.add_content_sha256 && find_header(request.headers, "x-amz-content-sha256") == nullptr) {
    added.emplace_back("x-amz-content-sha256", hashed_payload);
  }

  std::vector<CanonicalHeader> headers;
  headers.reserve(request.headers.size() + added.size());
  collect_headers(headers, request.headers);
  collect_headers(headers, added);
  const RenderedHeaders rendered = render_headers(headers);
  const std::string canonical = assemble_canonical_request(request, scope, rendered, hashed_payload);
  const std::string signature =
      sigv4_signature(credentials, amz_date, scope, sigv4_string_to_sign(amz_date, scope, canonical));

  std::string authorization;
  authorization.reserve(algorithm_name.size() + credentials.access_key_id.size() + rendered.signed_names.size() +
                        signature.size() + 96);
  authorization += algorithm_name;
  authorization += " Credential=";
  authorization += credentials.access_key_id;
  authorization += '/';
  authorization += credential_scope(amz_date, scope);
  authorization += ", SignedHeaders=";
  authorization += rendered.signed_names;
  authorization += ", Signature=";
  authorization += signature;
  added.emplace_back("authorization", std::move(authorization));
  return added;
}

std::optional<std::string> sigv4_verify(const SigV4Request& received, const AwsCredentials& expected,
                                        const SigV4Scope& scope) {
  const std::string* authorization_header = find_header(received.headers, "authorization");
  if (authorization_header == nullptr) return "no Authorization header";
  const auto authorization = parse_authorization(*authorization_header);
  if (!authorization) return authorization.error();

  const std::string* date_header = find_header(received.headers, "x-amz-date");
  if (date_header == nullptr) return "no x-amz-date header";
  const std::string_view amz_date = trim(*date_header);
  if (!is_amz_date(amz_date)) return "x-amz-date '" + std::string(amz_date) + "' is not yyyymmddThhmmssZ";

  if (auto error = check_credential(authorization->credential, amz_date, expected, scope)) return error;
  const auto signed_names = split(authorization->signed_headers, ';');
  if (auto error = check_signed_names(signed_names, authorization->signed_headers, received.headers)) return error;
  if (auto error = check_token_and_body(received, expected, scope)) return error;
  if (authorization->signature.size() != signature_size || !is_lower_hex(authorization->signature)) {
    return "Signature is not 64 lowercase hex digits";
  }

  std::vector<CanonicalHeader> headers;
  headers.reserve(signed_names.size());
  for (const auto& [name, value] : received.headers) {
    std::string lower = lowercase(name);
    if (std::binary_search(signed_names.begin(), signed_names.end(), std::string_view(lower))) {
      headers.push_back({std::move(lower), value});
    }
  }
  const std::string canonical =
      assemble_canonical_request(received, scope, render_headers(headers), payload_hash(received));
  const std::string signature =
      sigv4_signature(expected, amz_date, scope, sigv4_string_to_sign(amz_date, scope, canonical));
  if (!constant_time_equal(signature, authorization->signature)) {
    // The hash lets a client compare with its own canonical request without us printing headers.
    return "signature does not match (canonical request SHA-256 " + sha256_hex(canonical) +
           "): the path, query, signed headers, body or secret key differ";
  }
  return std::nullopt;
}

std::string format_amz_date(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto seconds_since_epoch = floor<seconds>(time);
  const auto day = floor<days>(seconds_since_epoch);
  const year_month_day date{day};
  const hh_mm_ss clock{seconds_since_epoch - day};
  std::string out;
  out.reserve(amz_date_size);
  append_digits(out, static_cast<int>(date.year()), 4);
  append_digits(out, static_cast<unsigned>(date.month()), 2);
  append_digits(out, static_cast<unsigned>(date.day()), 2);
  out += 'T';
  append_digits(out, clock.hours().count(), 2);
  append_digits(out, clock.minutes().count(), 2);
  append_digits(out, clock.seconds().count(), 2);
  out += 'Z';
  return out;
}

}  // namespace genai::auth
