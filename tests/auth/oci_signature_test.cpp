// OCI request signing against Oracle's published vectors (oci-go-sdk, see
// tests/fixtures/oci-signing/README.md), key loading, and the mock server's verification.
#include "auth/oci_signature.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

namespace genai::auth {
namespace {

namespace fs = std::filesystem;
using Headers = std::vector<std::pair<std::string, std::string>>;

const fs::path fixtures = fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "oci-signing";
// The date in Oracle's vectors, weekday and all: 5 January 2014 was a Sunday, so it is signed as text.
constexpr std::string_view vector_date = "Thu, 05 Jan 2014 21:31:40 GMT";
// The same instant as a clock reading, and how we write it.
const std::chrono::system_clock::time_point vector_time{std::chrono::seconds(1'388'957'500)};
constexpr std::string_view vector_time_text = "Sun, 05 Jan 2014 21:31:40 GMT";

std::string read_file(const std::string& name) {
  std::ifstream in(fixtures / name, std::ios::binary);
  EXPECT_TRUE(in) << (fixtures / name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Each value file ends in one newline that is not part of the value.
std::string fixture_value(const std::string& name) {
  std::string text = read_file(name);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// "name: value" lines of a *.request fixture.
std::map<std::string, std::string> read_request(const std::string& name) {
  std::map<std::string, std::string> fields;
  std::istringstream lines(read_file(name));
  for (std::string line; std::getline(lines, line);) {
    const size_t colon = line.find(": ");
    if (colon != std::string::npos) fields[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return fields;
}

std::shared_ptr<const OciSigningKey> load_fixture_key(const std::string& name = "go_sdk_test_private_key.pem",
                                                      const std::string& passphrase = {}) {
  auto key = load_oci_private_key(read_file(name), passphrase);
  EXPECT_TRUE(key) << key.error();
  return key ? *key : nullptr;
}

const std::string& find(const Headers& headers, const std::string& name) {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  static const std::string none = "<absent>";
  return none;
}

// The headers as the mock server would receive them: the caller's plus what oci_sign added.
Headers received(const OciRequest& request, const Headers& signed_headers) {
  Headers headers = {{"Host", std::string(request.host)}};
  headers.insert(headers.end(), signed_headers.begin(), signed_headers.end());
  return headers;
}

void replace_header(Headers& headers, const std::string& name, const std::string& value) {
  for (auto& [key, current] : headers) {
    if (key == name) current = value;
  }
}

struct Vector {
  std::map<std::string, std::string> fields;
  std::string body;
  OciRequest request() const {
    auto get = [&](const char* name) -> std::string_view {
      auto found = fields.find(name);
      return found == fields.end() ? std::string_view() : std::string_view(found->second);
    };
    return OciRequest{get("method"), get("path_and_query"), get("host"), get("content_type"), body};
  }
};

Vector get_vector() { return Vector{read_request("get_instances.request"), {}}; }
Vector post_vector() {
  return Vector{read_request("post_volume_attachments.request"), fixture_value("post_volume_attachments.body.json")};
}

// ---- Oracle's vectors ----

TEST(OciSignature, GetVectorSigningStringAndSignatureAreOraclesByteForByte) {
  const Vector vector = get_vector();
  ASSERT_EQ(vector.fields.at("date"), vector_date);
  const std::string signing_string = oci_signing_string(vector.request(), vector_date, "");
  EXPECT_EQ(signing_string, fixture_value("get_instances.signing_string"));
  EXPECT_EQ(oci_signature_b64(*load_fixture_key(), signing_string), fixture_value("get_instances.signature"));
}

TEST(OciSignature, PostVectorSigningStringAndSignatureAreOraclesByteForByte) {
  const Vector vector = post_vector();
  ASSERT_EQ(vector.body.size(), 316u);
  const std::string sha = oci_content_sha256(vector.body);
  EXPECT_EQ(sha, "V9Z20UJTvkvpJ50flBzKE32+6m2zJjweHpDMX/U4Uy0=");
  const std::string signing_string = oci_signing_string(vector.request(), vector_date, sha);
  EXPECT_EQ(signing_string, fixture_value("post_volume_attachments.signing_string"));
  EXPECT_EQ(oci_signature_b64(*load_fixture_key(), signing_string), fixture_value("post_volume_attachments.signature"));
}

TEST(OciSignature, SignProducesTheVectorHeaders) {
  const std::string key_id = fixture_value("key_id.txt");
  const auto key = load_fixture_key();

  const Headers get_headers = oci_sign(get_vector().request(), *key, key_id, vector_date);
  ASSERT_EQ(get_headers.size(), 2u);
  EXPECT_EQ(find(get_headers, "date"), vector_date);
  EXPECT_EQ(find(get_headers, "authorization"),
            "Signature version=\"1\",keyId=\"" + key_id +
                "\",algorithm=\"rsa-sha256\",headers=\"date (request-target) host\","
                "signature=\"" +
                fixture_value("get_instances.signature") + "\"");
  // From a clock reading, the date header is that reading written out.
  EXPECT_EQ(find(oci_sign(get_vector().request(), *key, key_id, vector_time), "date"), vector_time_text);

  const Headers post_headers = oci_sign(post_vector().request(), *key, key_id, vector_date);
  ASSERT_EQ(post_headers.size(), 5u);
  EXPECT_EQ(post_headers[0], (std::pair<std::string, std::string>("date", std::string(vector_date))));
  EXPECT_EQ(post_headers[1].first, "x-content-sha256");
  EXPECT_EQ(post_headers[1].second, "V9Z20UJTvkvpJ50flBzKE32+6m2zJjweHpDMX/U4Uy0=");
  EXPECT_EQ(find(post_headers, "content-length"), "316");
  EXPECT_EQ(find(post_headers, "content-type"), "application/json");
  EXPECT_EQ(post_headers[4].first, "authorization");
  EXPECT_EQ(post_headers[4].second,
            "Signature version=\"1\",keyId=\"" + key_id +
                "\",algorithm=\"rsa-sha256\",headers=\"date (request-target) host content-length content-type "
                "x-content-sha256\",signature=\"" +
                fixture_value("post_volume_attachments.signature") + "\"");
}

TEST(OciSignature, MissingContentTypeSignsAsApplicationJson) {
  Vector vector = post_vector();
  vector.fields.erase("content_type");
  const OciRequest request = vector.request();
  EXPECT_EQ(oci_signing_string(request, vector_date, oci_content_sha256(request.body)),
            fixture_value("post_volume_attachments.signing_string"));
  EXPECT_EQ(find(oci_sign(request, *load_fixture_key(), "id", vector_time), "content-type"), "application/json");
}

TEST(OciSignature, EmptyBodyHashAndMethodCase) {
  EXPECT_EQ(oci_content_sha256(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  for (const char* method : {"POST", "put", "Patch"}) EXPECT_TRUE(oci_method_signs_body(method)) << method;
  for (const char* method : {"GET", "head", "DELETE"}) EXPECT_FALSE(oci_method_signs_body(method)) << method;

  const OciRequest put{"PUT", "/v1/x", "localhost:8443", "text/plain", ""};
  EXPECT_EQ(
      oci_signing_string(put, vector_date, oci_content_sha256("")),
      "date: Thu, 05 Jan 2014 21:31:40 GMT\n(request-target): put /v1/x\nhost: localhost:8443\n"
      "content-length: 0\ncontent-type: text/plain\nx-content-sha256: 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  const OciRequest no_path{"DELETE", "", "h", "", ""};
  EXPECT_EQ(oci_signing_string(no_path, vector_date, ""),
            "date: Thu, 05 Jan 2014 21:31:40 GMT\n(request-target): delete /\nhost: h");
}

TEST(OciSignature, HttpDateIsImfFixdate) {
  EXPECT_EQ(format_http_date(vector_time), vector_time_text);
  EXPECT_EQ(format_http_date(std::chrono::system_clock::time_point{}), "Thu, 01 Jan 1970 00:00:00 GMT");
  // Sub-second parts are dropped, not rounded.
  EXPECT_EQ(format_http_date(vector_time + std::chrono::milliseconds(999)), vector_time_text);
  EXPECT_EQ(format_http_date(std::chrono::system_clock::time_point{std::chrono::seconds(1'709'210'096)}),
            "Thu, 29 Feb 2024 12:34:56 GMT");
}

// ---- keys ----

TEST(OciSignature, LoadsPkcs1Pkcs8AndEncryptedPkcs8AsTheSameKey) {
  const std::string expected = fixture_value("get_instances.signature");
  const std::string signing_string = fixture_value("get_instances.signing_string");
  for (const auto& [file, passphrase] : std::vector<std::pair<std::string, std::string>>{
           {"go_sdk_test_private_key.pem", ""},
           {"go_sdk_test_private_key_pkcs8.pem", ""},
           {"go_sdk_test_private_key_pkcs8_encrypted.pem", "genai-bench-test"}}) {
    const auto key = load_fixture_key(file, passphrase);
    ASSERT_TRUE(key) << file;
    EXPECT_EQ(oci_signature_b64(*key, signing_string), expected) << file;
  }
  EXPECT_EQ(oci_public_key_pem(*load_fixture_key()), read_file("go_sdk_test_public_key.pem"));
}

TEST(OciSignature, KeyErrorsSayWhatIsWrongWithoutTheKey) {
  const std::string encrypted = read_file("go_sdk_test_private_key_pkcs8_encrypted.pem");
  const auto expect_error = [](const Result<std::shared_ptr<const OciSigningKey>>& result, const std::string& words) {
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().find(words), std::string::npos) << result.error();
    EXPECT_EQ(result.error().find("MII"), std::string::npos) << result.error();  // no base64 key body
    EXPECT_EQ(result.error().find('\n'), std::string::npos) << result.error();
  };
  expect_error(load_oci_private_key(encrypted), "encrypted and no pass phrase");
  expect_error(load_oci_private_key(encrypted, "not-the-pass-phrase"), "wrong pass phrase");
  expect_error(load_oci_private_key("hello"), "not a PEM private key");
  expect_error(load_oci_private_key(read_file("go_sdk_test_public_key.pem")), "cannot parse");
}

TEST(OciSignature, RejectsKeysThatAreNotRsa) {
  EVP_PKEY* ec = EVP_EC_gen("P-256");
  ASSERT_NE(ec, nullptr);
  BIO* bio = BIO_new(BIO_s_mem());
  ASSERT_EQ(PEM_write_bio_PrivateKey(bio, ec, nullptr, nullptr, 0, nullptr, nullptr), 1);
  char* data = nullptr;
  const std::string pem(data, static_cast<size_t>(BIO_get_mem_data(bio, &data)));
  BIO_free(bio);
  EVP_PKEY_free(ec);
  auto key = load_oci_private_key(pem);
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().find("not RSA"), std::string::npos) << key.error();
}

// ---- verification ----

TEST(OciVerify, AcceptsTheGoSdksOwnAuthorizationHeader) {
  // Parameter order as the Go SDK writes it (headers= second), not as we do.
  const Vector vector = post_vector();
  const Headers headers = {{"Date", std::string(vector_date)},
                           {"Host", vector.fields.at("host")},
                           {"Content-Length", "316"},
                           {"Content-Type", "application/json"},
                           {"X-Content-Sha256", "V9Z20UJTvkvpJ50flBzKE32+6m2zJjweHpDMX/U4Uy0="},
                           {"Authorization", fixture_value("post_volume_attachments.authorization")}};
  EXPECT_EQ(oci_verify("POST", vector.fields.at("path_and_query"), headers, vector.body, fixture_value("key_id.txt"),
                       read_file("go_sdk_test_public_key.pem")),
            std::nullopt);
}

TEST(OciVerify, SignThenVerifyRoundTrips) {
  const auto key = load_fixture_key();
  const std::string public_pem = read_file("go_sdk_test_public_key.pem");
  const auto now = std::chrono::system_clock::now();
  const std::vector<OciRequest> requests = {
      {"POST", "/20231130/actions/chat", "inference.generativeai.us-chicago-1.oci.oraclecloud.com", "", "{\"a\":1}"},
      {"GET", "/v1/models?limit=5&page=a%20b", "127.0.0.1:8443", "", ""},
      {"PUT", "/x", "localhost", "text/plain; charset=utf-8", ""},
      {"patch", "/x?y", "localhost", "", "\xe2\x82\xac"},
  };
  for (const OciRequest& request : requests) {
    const Headers headers = received(request, oci_sign(request, *key, "ocid1.tenancy/ocid1.user/aa:bb", now));
    EXPECT_EQ(oci_verify(request.method, request.path_and_query, headers, request.body,
                         "ocid1.tenancy/ocid1.user/aa:bb", public_pem),
              std::nullopt)
        << request.method << " " << request.path_and_query;
  }
}

TEST(OciVerify, AcceptsRsaPublicKeyPemAndTheKeysOwnPublicHalf) {
  const auto key = load_fixture_key();
  const OciRequest request{"POST", "/chat", "localhost:9000", "", "{}"};
  const Headers headers = received(request, oci_sign(request, *key, "ST$token", vector_time));
  for (const std::string& pem : {read_file("go_sdk_test_public_key_pkcs1.pem"), oci_public_key_pem(*key)}) {
    EXPECT_EQ(oci_verify("POST", "/chat", headers, "{}", "ST$token", pem), std::nullopt);
  }
}

TEST(OciVerify, AcceptsTheTypeScriptSdkStyle) {
  // oci-common signs x-date instead of date, lists Content-Type before Content-Length in their
  // mixed case, and its headers arrive with whatever capitalisation the client chose.
  const auto key = load_fixture_key();
  const std::string body = "{\"compartmentId\":\"ocid1.compartment.oc1..x\"}";
  const std::string sha = oci_content_sha256(body);
  const std::string signing_string = "x-date: " + std::string(vector_date) +
                                     "\n(request-target): post /20231130/actions/chat\nhost: localhost:8443\n"
                                     "content-type: application/json\ncontent-length: " +
                                     std::to_string(body.size()) + "\nx-content-sha256: " + sha;
  const Headers headers = {{"X-Date", std::string(vector_date)},
                           {"HOST", "localhost:8443"},
                           {"Content-Type", "application/json"},
                           {"Content-Length", std::to_string(body.size())},
                           {"X-Content-SHA256", sha},
                           {"authorization",
                            "Signature version=\"1\",keyId=\"tenancy/user/fp\",algorithm=\"rsa-sha256\","
                            "headers=\"x-date (request-target) host Content-Type Content-Length x-content-sha256\","
                            "signature=\"" +
                                oci_signature_b64(*key, signing_string) + "\""}};
  EXPECT_EQ(oci_verify("POST", "/20231130/actions/chat", headers, body, "tenancy/user/fp",
                       read_file("go_sdk_test_public_key.pem")),
            std::nullopt);
}

class OciVerifyRejects : public ::testing::Test {
 protected:
  void SetUp() override { headers = received(request, oci_sign(request, *load_fixture_key(), key_id, vector_time)); }

  std::string reason(const Headers& sent, std::string_view body = "{\"prompt\":\"hi\"}",
                     std::string_view expected_key_id = "tenancy/user/fp") const {
    auto result = oci_verify("POST", "/v1/chat", sent, body, expected_key_id, read_file("go_sdk_test_public_key.pem"));
    EXPECT_TRUE(result) << "accepted";
    if (!result) return {};
    EXPECT_EQ(result->find('\n'), std::string::npos) << *result;
    return *result;
  }
  std::string authorization() const { return find(headers, "authorization"); }

  const std::string key_id = "tenancy/user/fp";
  const OciRequest request{"POST", "/v1/chat", "localhost:8443", "", "{\"prompt\":\"hi\"}"};
  Headers headers;
};

TEST_F(OciVerifyRejects, TamperedBody) {
  EXPECT_NE(reason(headers, "{\"prompt\":\"HI\"}").find("x-content-sha256 does not match the 15-byte body"),
            std::string::npos);
}

TEST_F(OciVerifyRejects, TamperedDate) {
  Headers sent = headers;
  replace_header(sent, "date", "Sun, 05 Jan 2014 21:31:41 GMT");
  const std::string why = reason(sent);
  EXPECT_NE(why.find("RSA signature does not verify"), std::string::npos) << why;
  EXPECT_NE(why.find("date: Sun, 05 Jan 2014 21:31:41 GMT\\n(request-target): post /v1/chat"), std::string::npos)
      << why;
}

TEST_F(OciVerifyRejects, TamperedPathOrHost) {
  EXPECT_EQ(oci_verify("POST", "/v1/chat?x", headers, request.body, key_id, read_file("go_sdk_test_public_key.pem"))
                .value_or(""),
            "RSA signature does not verify over \"date: Sun, 05 Jan 2014 21:31:40 GMT\\n(request-target): post "
            "/v1/chat?x\\nhost: localhost:8443\\ncontent-length: 15\\ncontent-type: application/json\\n"
            "x-content-sha256: " +
                oci_content_sha256(request.body) + "\"");
  Headers sent = headers;
  replace_header(sent, "Host", "localhost:8444");
  EXPECT_NE(reason(sent).find("does not verify"), std::string::npos);
}

TEST_F(OciVerifyRejects, WrongKeyId) {
  EXPECT_EQ(reason(headers, request.body, "tenancy/user/other"),
            "Authorization: keyId tenancy/user/fp is not the expected tenancy/user/other");
  // A session token is a credential: the reason names its length, not its text.
  const Headers token_signed =
      received(request, oci_sign(request, *load_fixture_key(), "ST$secret-token", vector_time));
  const std::string why = reason(token_signed, request.body, "ST$other-token");
  EXPECT_EQ(why.find("secret-token"), std::string::npos) << why;
  EXPECT_NE(why.find("ST$<token of 12 characters>"), std::string::npos) << why;
}

TEST_F(OciVerifyRejects, TamperedSignature) {
  std::string tampered = authorization();
  const size_t at = tampered.find("signature=\"") + 11;
  tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
  Headers sent = headers;
  replace_header(sent, "authorization", tampered);
  EXPECT_NE(reason(sent).find("RSA signature does not verify"), std::string::npos);

  replace_header(sent, "authorization", tampered.substr(0, at) + "!!!!\"");
  EXPECT_EQ(reason(sent), "Authorization: signature is not base64");
}

TEST_F(OciVerifyRejects, MalformedOrIncompleteAuthorization) {
  Headers sent = headers;
  replace_header(sent, "authorization", "Bearer abc");
  EXPECT_NE(reason(sent).find("not an HTTP Signature"), std::string::npos);

  std::string no_version = authorization();
  no_version.erase(no_version.find("version=\"1\","), 12);
  replace_header(sent, "authorization", no_version);
  EXPECT_EQ(reason(sent), "Authorization: version must be \"1\"");

  std::string other_algorithm = authorization();
  other_algorithm.replace(other_algorithm.find("rsa-sha256"), 10, "hmac-sha256");
  replace_header(sent, "authorization", other_algorithm);
  EXPECT_EQ(reason(sent), "Authorization: algorithm must be \"rsa-sha256\"");

  std::string unsigned_body = authorization();
  unsigned_body.erase(unsigned_body.find(" x-content-sha256"), 17);
  replace_header(sent, "authorization", unsigned_body);
  EXPECT_EQ(reason(sent), "Authorization: headers list lacks x-content-sha256");

  Headers no_authorization;
  for (const auto& header : headers) {
    if (header.first != "authorization") no_authorization.push_back(header);
  }
  EXPECT_EQ(reason(no_authorization), "no Authorization header");
}

TEST_F(OciVerifyRejects, SignedHeaderMissingOrContentLengthWrong) {
  Headers without_date;
  for (const auto& header : headers) {
    if (header.first != "date") without_date.push_back(header);
  }
  EXPECT_EQ(reason(without_date), "header date is signed but not sent");

  Headers sent = headers;
  replace_header(sent, "content-length", "14");
  EXPECT_EQ(reason(sent), "content-length 14 does not match the 15-byte body");
}

TEST(OciVerify, SigningIsSafeFromManyThreads) {
  const auto key = load_fixture_key();
  const std::string public_pem = read_file("go_sdk_test_public_key.pem");
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const std::string body = "{\"thread\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) + "}";
        const OciRequest request{"POST", "/chat", "localhost", "", body};
        const Headers headers = received(request, oci_sign(request, *key, "k", std::chrono::system_clock::now()));
        if (oci_verify("POST", "/chat", headers, body, "k", public_pem)) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace genai::auth
