// Google OAuth2 credentials: key-file parsing and resolution, the signed JWT and refresh grants
// google-auth sends, token responses, and the mock endpoint's grant check.
#include "auth/google_credentials.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

namespace genai::auth {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path fixtures = fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "google-auth";
constexpr std::string_view email = "bench@genai-bench-test.iam.gserviceaccount.com";
// 2023-11-14T22:13:20Z: a fixed clock makes the claims exact.
const std::chrono::system_clock::time_point fixed_now{std::chrono::seconds(1'700'000'000)};

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

GoogleCredentials fixture_service_account() {
  auto credentials = parse_google_credentials(read_text(fixtures / "service-account.json"), "service-account.json");
  EXPECT_TRUE(credentials) << credentials.error();
  return *credentials;
}

std::string public_key() { return read_text(fixtures / "public-key.pem"); }

struct Grant {
  std::string header, claims, signing_input, signature;  // header and claims decoded; signature raw
};

// Splits the assertion out of a JWT-bearer grant body (base64url never needs form escaping).
std::string assertion_of(const std::string& body) {
  const std::string prefix = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=";
  EXPECT_EQ(body.substr(0, prefix.size()), prefix);
  return body.substr(prefix.size());
}

Grant decode_grant(const std::string& body) {
  const std::string jwt = assertion_of(body);
  const size_t first = jwt.find('.'), second = jwt.rfind('.');
  Grant grant;
  grant.header = base64url_decode(jwt.substr(0, first)).value_or("?");
  grant.claims = base64url_decode(jwt.substr(first + 1, second - first - 1)).value_or("?");
  grant.signing_input = jwt.substr(0, second);
  grant.signature = base64url_decode(jwt.substr(second + 1)).value_or("?");
  return grant;
}

std::string grant_body(const std::string& header, const std::string& claims, const std::string& signature) {
  return "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" + base64url_encode(header) +
         "." + base64url_encode(claims) + "." + base64url_encode(signature);
}

// Checks the signature with OpenSSL directly, independently of verify_jwt_bearer_grant.
bool openssl_verifies(const std::string& public_pem, const std::string& data, const std::string& signature) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())),
                                                BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr),
                                                          EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return key && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

// ---- parsing -------------------------------------------------------------------------------

TEST(GoogleCredentials, ParsesAServiceAccountKeyFile) {
  const auto credentials = fixture_service_account();
  EXPECT_EQ(credentials.kind, GoogleCredentials::Kind::service_account);
  EXPECT_EQ(credentials.client_email, email);
  EXPECT_EQ(credentials.project_id, "genai-bench-test");
  EXPECT_EQ(credentials.token_uri, "http://127.0.0.1:0/token");
  EXPECT_EQ(credentials.private_key_id.size(), 40u);
  EXPECT_EQ(credentials.private_key_pem.rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0u);
}

TEST(GoogleCredentials, ParsesGcloudAuthorizedUserFileWithTheDefaultTokenUri) {
  const auto credentials = parse_google_credentials(read_text(fixtures / "authorized-user.json"), "adc.json");
  ASSERT_TRUE(credentials) << credentials.error();
  EXPECT_EQ(credentials->kind, GoogleCredentials::Kind::authorized_user);
  EXPECT_EQ(credentials->client_id, "000000000000-genaibenchtest.apps.googleusercontent.com");
  EXPECT_EQ(credentials->client_secret, "GOCSPX-genai-bench-test-secret");
  EXPECT_EQ(credentials->refresh_token, "1//0genai-bench-test+refresh/token=");
  EXPECT_EQ(credentials->token_uri, "https://oauth2.googleapis.com/token");
  EXPECT_EQ(credentials->quota_project_id, "genai-bench-test");
  EXPECT_EQ(credentials->project_id, "");  // gcloud keeps the project in its config, not in this file

  const auto custom = parse_google_credentials(
      R"({"type":"authorized_user","client_id":"a","client_secret":"b","refresh_token":"c","token_uri":"http://x/t"})",
      "adc.json");
  ASSERT_TRUE(custom) << custom.error();
  EXPECT_EQ(custom->token_uri, "http://x/t");
}

TEST(GoogleCredentials, NamesEveryMissingFieldAndTheFile) {
  auto service = parse_google_credentials(R"({"type":"service_account","private_key_id":"k"})", "/keys/sa.json");
  ASSERT_FALSE(service);
  EXPECT_EQ(service.error(), "/keys/sa.json: service account key missing client_email, private_key, token_uri");

  auto user = parse_google_credentials(R"({"type":"authorized_user","client_id":"a","client_secret":""})", "adc.json");
  ASSERT_FALSE(user);
  EXPECT_EQ(user.error(), "adc.json: authorized_user credentials missing client_secret, refresh_token");

  auto typed = parse_google_credentials(
      R"({"type":"authorized_user","client_id":7,"client_secret":"s","refresh_token":"r"})", "adc.json");
  ASSERT_FALSE(typed);
  EXPECT_EQ(typed.error(), "adc.json: authorized_user credentials not a string: client_id");
}

TEST(GoogleCredentials, RefusesOtherTypesAndNonJson) {
  auto external = parse_google_credentials(R"({"type":"external_account","audience":"x"})", "wif.json");
  ASSERT_FALSE(external);
  EXPECT_NE(external.error().find("wif.json: credentials of type 'external_account' are not supported"),
            std::string::npos)
      << external.error();
  auto untyped = parse_google_credentials(R"({"client_email":"x"})", "k.json");
  ASSERT_FALSE(untyped);
  EXPECT_NE(untyped.error().find("no \"type\""), std::string::npos) << untyped.error();
  for (const char* bad : {"", "{", "[1,2]", "\"service_account\"", "-----BEGIN PRIVATE KEY-----"}) {
    auto result = parse_google_credentials(bad, "k.json");
    ASSERT_FALSE(result) << bad;
    EXPECT_EQ(result.error(), "k.json: not a JSON object");
  }
}

// An encrypted key must fail at once: OpenSSL's default would prompt for a passphrase on the terminal.
TEST(GoogleCredentials, AnEncryptedPrivateKeyIsRefusedWithoutAPrompt) {
  const auto credentials = fixture_service_account();
  std::unique_ptr<BIO, decltype(&BIO_free)> in(
      BIO_new_mem_buf(credentials.private_key_pem.data(), static_cast<int>(credentials.private_key_pem.size())),
      BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr),
                                                          EVP_PKEY_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
  char passphrase[] = "passphrase";
  ASSERT_EQ(PEM_write_bio_PKCS8PrivateKey(out.get(), key.get(), EVP_aes_256_cbc(), passphrase, 10, nullptr, nullptr),
            1);
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  const std::string encrypted(data, static_cast<size_t>(size));
  ASSERT_EQ(encrypted.rfind("-----BEGIN ENCRYPTED PRIVATE KEY-----", 0), 0u);

  std::string json = R"({"type":"service_account","client_email":"a@b","token_uri":"http://t","private_key":")";
  for (const char c : encrypted) json += c == '\n' ? std::string("\\n") : std::string(1, c);
  auto result = parse_google_credentials(json + "\"}", "sa.json");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), "sa.json: private_key is not an unencrypted RSA private key in PEM form");
}

TEST(GoogleCredentials, ABadPrivateKeyIsReportedWithoutItsText) {
  const std::string secret = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDsecretsecret";
  const std::string json = R"({"type":"service_account","client_email":"a@b","token_uri":"http://t",)"
                           R"("private_key":"-----BEGIN PRIVATE KEY-----\n)" +
                           secret + R"(\n-----END PRIVATE KEY-----\n"})";
  auto result = parse_google_credentials(json, "sa.json");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), "sa.json: private_key is not an unencrypted RSA private key in PEM form");
  EXPECT_EQ(result.error().find("secret"), std::string::npos);
}

// ---- resolution ----------------------------------------------------------------------------

class GoogleCredentialsFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("genai-google-credentials-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A fake environment: unset names return nullptr, like getenv.
  std::function<const char*(const char*)> env() const {
    return [this](const char* name) -> const char* {
      const auto found = env_.find(name);
      return found == env_.end() ? nullptr : found->second.c_str();
    };
  }
  // An authorized_user file whose client_id says where it was found.
  std::string place(const fs::path& path, const std::string& tag) const {
    write_text(path, R"({"type":"authorized_user","client_id":")" + tag +
                         R"(","client_secret":"s","refresh_token":"r"})");
    return path.string();
  }

  fs::path dir_;
  std::map<std::string, std::string> env_;
};

TEST_F(GoogleCredentialsFiles, ExplicitPathThenEnvironmentThenGcloudDefault) {
  env_["HOME"] = dir_ / "home";
  place(dir_ / "home/.config/gcloud/application_default_credentials.json", "gcloud");
  auto found = load_google_credentials("", env());
  ASSERT_TRUE(found) << found.error();
  EXPECT_EQ(found->client_id, "gcloud");

  env_["CLOUDSDK_CONFIG"] = dir_ / "cloudsdk";
  place(dir_ / "cloudsdk/application_default_credentials.json", "cloudsdk");
  found = load_google_credentials("", env());
  ASSERT_TRUE(found) << found.error();
  EXPECT_EQ(found->client_id, "cloudsdk");

  env_["GOOGLE_APPLICATION_CREDENTIALS"] = place(dir_ / "env.json", "env");
  found = load_google_credentials("", env());
  ASSERT_TRUE(found) << found.error();
  EXPECT_EQ(found->client_id, "env");

  found = load_google_credentials(place(dir_ / "explicit.json", "explicit"), env());
  ASSERT_TRUE(found) << found.error();
  EXPECT_EQ(found->client_id, "explicit");
}

TEST_F(GoogleCredentialsFiles, AGivenPathThatFailsIsAnErrorNotAFallThrough) {
  env_["HOME"] = dir_ / "home";
  place(dir_ / "home/.config/gcloud/application_default_credentials.json", "gcloud");
  env_["GOOGLE_APPLICATION_CREDENTIALS"] = (dir_ / "missing-env.json").string();
  auto result = load_google_credentials("", env());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), "cannot read Google credentials '" + (dir_ / "missing-env.json").string() +
                                "' (from GOOGLE_APPLICATION_CREDENTIALS): No such file or directory");

  result = load_google_credentials((dir_ / "missing.json").string(), env());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("'" + (dir_ / "missing.json").string() + "' (from --gcp-credentials-path)"),
            std::string::npos)
      << result.error();

  result = load_google_credentials(dir_.string(), env());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("it is a directory"), std::string::npos) << result.error();

  write_text(dir_ / "broken.json", "{\"type\":");
  result = load_google_credentials((dir_ / "broken.json").string(), env());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), (dir_ / "broken.json").string() + ": not a JSON object");
}

TEST_F(GoogleCredentialsFiles, NothingFoundNamesWhatWasTried) {
  env_["HOME"] = dir_ / "home";
  env_["GOOGLE_APPLICATION_CREDENTIALS"] = "";  // set but empty counts as unset
  auto result = load_google_credentials("", env());
  ASSERT_FALSE(result);
  const std::string well_known = (dir_ / "home/.config/gcloud/application_default_credentials.json").string();
  EXPECT_NE(result.error().find("--gcp-credentials-path not given, GOOGLE_APPLICATION_CREDENTIALS not set, and no " +
                                well_known),
            std::string::npos)
      << result.error();
  EXPECT_NE(result.error().find("gcloud auth application-default login"), std::string::npos);

  env_.clear();
  result = load_google_credentials("", env());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("neither CLOUDSDK_CONFIG nor HOME is set"), std::string::npos) << result.error();
}

TEST_F(GoogleCredentialsFiles, TheFixturesLoadThroughTheExplicitPath) {
  auto result = load_google_credentials((fixtures / "service-account.json").string(), env());
  ASSERT_TRUE(result) << result.error();
  EXPECT_EQ(result->client_email, email);
}

// ---- token requests ------------------------------------------------------------------------

TEST(GoogleTokenRequest, ServiceAccountJwtHasGoogleAuthsExactHeaderAndClaims) {
  const auto credentials = fixture_service_account();
  const auto request = make_token_request(credentials, fixed_now + 999ms);  // sub-second part dropped
  ASSERT_TRUE(request) << request.error();
  EXPECT_EQ(request->url, "http://127.0.0.1:0/token");  // the key file's token_uri, as google-auth posts
  const Grant grant = decode_grant(request->body);
  EXPECT_EQ(grant.header, R"({"alg":"RS256","typ":"JWT","kid":")" + credentials.private_key_id + R"("})");
  EXPECT_EQ(grant.claims,
            R"({"iss":"bench@genai-bench-test.iam.gserviceaccount.com",)"
            R"("scope":"https://www.googleapis.com/auth/cloud-platform",)"
            R"("aud":"https://oauth2.googleapis.com/token","iat":1700000000,"exp":1700003600})");
  EXPECT_EQ(grant.signature.size(), 256u);  // RSA 2048
  EXPECT_TRUE(openssl_verifies(public_key(), grant.signing_input, grant.signature));
  // PKCS#1 v1.5 is deterministic: the same instant signs to the same request.
  EXPECT_EQ(make_token_request(credentials, fixed_now)->body, request->body);
}

TEST(GoogleTokenRequest, NoKidWithoutAPrivateKeyId) {
  auto credentials = fixture_service_account();
  credentials.private_key_id.clear();
  const auto request = make_token_request(credentials, fixed_now);
  ASSERT_TRUE(request) << request.error();
  EXPECT_EQ(decode_grant(request->body).header, R"({"alg":"RS256","typ":"JWT"})");
}

TEST(GoogleTokenRequest, AuthorizedUserSendsAFormEncodedRefreshGrant) {
  const auto credentials = parse_google_credentials(read_text(fixtures / "authorized-user.json"), "adc.json");
  ASSERT_TRUE(credentials) << credentials.error();
  const auto request = make_token_request(*credentials, fixed_now);
  ASSERT_TRUE(request) << request.error();
  EXPECT_EQ(request->url, "https://oauth2.googleapis.com/token");
  EXPECT_EQ(request->body,
            "grant_type=refresh_token&client_id=000000000000-genaibenchtest.apps.googleusercontent.com"
            "&client_secret=GOCSPX-genai-bench-test-secret"
            "&refresh_token=1%2F%2F0genai-bench-test%2Brefresh%2Ftoken%3D");
}

TEST(GoogleTokenRequest, AnUnusableKeyIsAnErrorWithoutTheKey) {
  auto credentials = fixture_service_account();
  credentials.private_key_pem = "-----BEGIN PRIVATE KEY-----\nnotakeyatall\n-----END PRIVATE KEY-----\n";
  const auto request = make_token_request(credentials, fixed_now);
  ASSERT_FALSE(request);
  EXPECT_EQ(request.error().find("notakeyatall"), std::string::npos);
}

// ---- the mock endpoint's check -------------------------------------------------------------

class JwtBearerGrant : public ::testing::Test {
 protected:
  void SetUp() override {
    credentials_ = fixture_service_account();
    body_ = make_token_request(credentials_, fixed_now)->body;
  }
  std::optional<std::string> verify(const std::string& body, std::chrono::system_clock::time_point now = fixed_now,
                                    std::string_view expected_email = email) const {
    return verify_jwt_bearer_grant(body, expected_email, public_key(), now);
  }
  // Signs `claims` with the fixture key (through make_token_request's signer: same header).
  std::string signed_with_claims(const std::string& claims) const {
    const Grant grant = decode_grant(body_);
    auto key_bio = std::unique_ptr<BIO, decltype(&BIO_free)>(
        BIO_new_mem_buf(credentials_.private_key_pem.data(), static_cast<int>(credentials_.private_key_pem.size())),
        BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
    const std::string input = base64url_encode(grant.header) + "." + base64url_encode(claims);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::string signature(256, '\0');
    size_t size = signature.size();
    EXPECT_EQ(EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()), 1);
    EXPECT_EQ(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                             reinterpret_cast<const unsigned char*>(input.data()), input.size()),
              1);
    return grant_body(grant.header, claims, signature);
  }

  GoogleCredentials credentials_;
  std::string body_;
};

TEST_F(JwtBearerGrant, AcceptsOurGrantWithinItsLifetime) {
  EXPECT_EQ(verify(body_), std::nullopt);
  EXPECT_EQ(verify(body_, fixed_now + 3599s), std::nullopt);
  EXPECT_EQ(verify(body_, fixed_now - 60s), std::nullopt);  // the mock's clock may lag a little
}

TEST_F(JwtBearerGrant, RejectsAWrongKeyAWrongEmailAndAnExpiredOrFutureJwt) {
  EXPECT_EQ(verify_jwt_bearer_grant(body_, email, read_text(fixtures / "other-public-key.pem"), fixed_now),
            "signature does not verify with the service account's public key");
  EXPECT_EQ(verify(body_, fixed_now, "someone@else.iam.gserviceaccount.com"),
            "iss is not someone@else.iam.gserviceaccount.com");
  EXPECT_EQ(verify(body_, fixed_now + 3600s), "the JWT expired 0 s ago");
  EXPECT_EQ(verify(body_, fixed_now - 61s), "iat is 61 s in the future");
  EXPECT_EQ(verify_jwt_bearer_grant(body_, email, "not a key", fixed_now),
            "the expected public key is not an RSA public key or certificate in PEM form");
}

TEST_F(JwtBearerGrant, RejectsATamperedPayload) {
  const Grant grant = decode_grant(body_);
  std::string claims = grant.claims;
  claims.replace(claims.find("cloud-platform"), 14, "cloud-platfora");
  EXPECT_EQ(verify(grant_body(grant.header, claims, grant.signature)),
            "signature does not verify with the service account's public key");
  std::string signature = grant.signature;
  signature[100] ^= 1;
  EXPECT_EQ(verify(grant_body(grant.header, grant.claims, signature)),
            "signature does not verify with the service account's public key");
}

TEST_F(JwtBearerGrant, ChecksEachClaimOfAProperlySignedJwt) {
  auto claims = [](const std::string& iss, const std::string& aud, const std::string& scope, long iat, long exp) {
    return R"({"iss":")" + iss + R"(","aud":")" + aud + R"(")" + scope + R"(,"iat":)" + std::to_string(iat) +
           R"(,"exp":)" + std::to_string(exp) + "}";
  };
  const std::string scope = R"(,"scope":"https://www.googleapis.com/auth/cloud-platform")";
  const std::string aud = "https://oauth2.googleapis.com/token";
  const long now = 1'700'000'000;
  // Google's Node library's claim order and header ({"alg":"RS256"} only) are accepted too.
  EXPECT_EQ(verify(signed_with_claims(claims(std::string(email), aud, scope, now, now + 3600))), std::nullopt);
  EXPECT_EQ(verify(signed_with_claims(claims(std::string(email), "http://127.0.0.1:0/token", scope, now, now + 3600))),
            "aud is not https://oauth2.googleapis.com/token");
  EXPECT_EQ(verify(signed_with_claims(claims(std::string(email), aud, "", now, now + 3600))), "no scope claim");
  EXPECT_EQ(verify(signed_with_claims(claims(std::string(email), aud, scope, now, now + 3601))),
            "exp - iat is 3601 s, over the 3600 s allowed");
  EXPECT_EQ(verify(signed_with_claims(claims(std::string(email), aud, scope, now + 30, now + 20))),
            "exp is not after iat");
}

TEST_F(JwtBearerGrant, RejectsMalformedBodies) {
  const std::string jwt = assertion_of(body_);
  EXPECT_EQ(verify("grant_type=refresh_token&assertion=" + jwt),
            "grant_type is not urn:ietf:params:oauth:grant-type:jwt-bearer");
  EXPECT_EQ(verify("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"), "no assertion");
  EXPECT_EQ(verify(body_.substr(0, body_.rfind('.'))), "assertion is not a JWT (three dot-separated parts)");
  EXPECT_EQ(verify(body_ + "%ZZ"), "body is not application/x-www-form-urlencoded");
  EXPECT_EQ(verify(body_ + "="), "assertion has a part that is not base64url");
  const Grant grant = decode_grant(body_);
  EXPECT_EQ(verify(grant_body(R"({"alg":"none"})", grant.claims, "")), "header alg is not RS256");
  EXPECT_EQ(verify(grant_body(R"({"alg":"HS256","typ":"JWT"})", grant.claims, grant.signature)),
            "header alg is not RS256");
}

// ---- token responses -----------------------------------------------------------------------

TEST(GoogleTokenResponse, ReadsTheTokenAndItsLifetime) {
  auto token = parse_token_response(200, R"({"access_token":"ya29.c.test","expires_in":3599,"token_type":"Bearer"})");
  ASSERT_TRUE(token) << token.error();
  EXPECT_EQ(token->token, "ya29.c.test");
  EXPECT_EQ(token->expires_in, 3599s);
  token = parse_token_response(200, R"({"access_token":"t","expires_in":"1800"})");
  ASSERT_TRUE(token) << token.error();
  EXPECT_EQ(token->expires_in, 1800s);
  token = parse_token_response(200, R"({"access_token":"t"})");
  ASSERT_TRUE(token) << token.error();
  EXPECT_EQ(token->expires_in, 3600s);
}

TEST(GoogleTokenResponse, ErrorsCarryGooglesReasonButNeverTheToken) {
  auto result = parse_token_response(
      400, R"({"error":"invalid_grant","error_description":"Invalid JWT Signature."})");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), "token endpoint answered HTTP 400: invalid_grant: Invalid JWT Signature.");
  result = parse_token_response(401, R"({"error":"unauthorized_client"})");
  EXPECT_EQ(result.error(), "token endpoint answered HTTP 401: unauthorized_client");
  result = parse_token_response(403, R"({"error":{"code":403,"message":"Denied.","status":"PERMISSION_DENIED"}})");
  EXPECT_EQ(result.error(), "token endpoint answered HTTP 403: PERMISSION_DENIED: Denied.");
  result = parse_token_response(502, "<html>\n<body>Bad Gateway</body></html>");
  EXPECT_EQ(result.error(), "token endpoint answered HTTP 502: <html> <body>Bad Gateway</body></html>");
  result = parse_token_response(503, "");
  EXPECT_EQ(result.error(), "token endpoint answered HTTP 503: empty body");
  result = parse_token_response(500, std::string(1000, 'x'));
  EXPECT_EQ(result.error(), "token endpoint answered HTTP 500: " + std::string(200, 'x') + "...");

  for (const char* body : {R"(ya29.secret-token)", R"({"access_token":"ya29.secret-token","expires_in":-5})",
                           R"({"access_token":"ya29.secret-token","expires_in":"soon"})",
                           R"({"token":"ya29.secret-token"})"}) {
    result = parse_token_response(200, body);
    ASSERT_FALSE(result) << body;
    EXPECT_EQ(result.error().find("secret-token"), std::string::npos) << result.error();
    EXPECT_EQ(result.error().rfind("token endpoint answered HTTP 200 ", 0), 0u) << result.error();
  }
}

// ---- base64url -----------------------------------------------------------------------------

TEST(Base64Url, Rfc4648VectorsWithoutPadding) {
  const std::pair<std::string, std::string> vectors[] = {{"", ""},         {"f", "Zg"},         {"fo", "Zm8"},
                                                         {"foo", "Zm9v"},  {"foob", "Zm9vYg"},  {"fooba", "Zm9vYmE"},
                                                         {"foobar", "Zm9vYmFy"}, {"\xfb\xff\xbf", "-_-_"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64url_encode(plain), encoded);
    EXPECT_EQ(base64url_decode(encoded), plain);
  }
  for (const char* bad : {"Zg==", "Z", "Zm9v+", "Zm9v/", "Zm 9v"})
    EXPECT_EQ(base64url_decode(bad), std::nullopt) << bad;
}

// ---- the reference check against google-auth-library (tests/reference/google_jwt_reference_test.sh) ----

// Writes our token requests for the fixtures into $GENAI_GOOGLE_JWT_REFERENCE_DIR, for the Node
// script to compare with what Google's library sends and to verify with Node's crypto.
TEST(GoogleJwtReference, WritesOurRequests) {
  const char* dir = std::getenv("GENAI_GOOGLE_JWT_REFERENCE_DIR");
  if (!dir || !*dir) GTEST_SKIP() << "GENAI_GOOGLE_JWT_REFERENCE_DIR not set (google_jwt_reference_test.sh sets it)";
  const auto service = make_token_request(fixture_service_account(), std::chrono::system_clock::now());
  ASSERT_TRUE(service) << service.error();
  write_text(fs::path(dir) / "service-account.url", service->url);
  write_text(fs::path(dir) / "service-account.body", service->body);
  const auto user_credentials = parse_google_credentials(read_text(fixtures / "authorized-user.json"), "adc.json");
  ASSERT_TRUE(user_credentials) << user_credentials.error();
  const auto user = make_token_request(*user_credentials, std::chrono::system_clock::now());
  ASSERT_TRUE(user) << user.error();
  write_text(fs::path(dir) / "authorized-user.url", user->url);
  write_text(fs::path(dir) / "authorized-user.body", user->body);
}

// The other way round: the grant google-auth-library signed with the fixture key must pass the
// check our mock token endpoint makes.
TEST(GoogleJwtReference, AcceptsTheLibrarysGrant) {
  const char* dir = std::getenv("GENAI_GOOGLE_JWT_REFERENCE_DIR");
  if (!dir || !*dir) GTEST_SKIP() << "GENAI_GOOGLE_JWT_REFERENCE_DIR not set (google_jwt_reference_test.sh sets it)";
  const fs::path body = fs::path(dir) / "library-service-account.body";
  if (!fs::exists(body)) GTEST_SKIP() << body << " not written yet (the Node script writes it)";
  EXPECT_EQ(verify_jwt_bearer_grant(read_text(body), email, public_key(), std::chrono::system_clock::now()),
            std::nullopt);
}

}  // namespace
}  // namespace genai::auth
