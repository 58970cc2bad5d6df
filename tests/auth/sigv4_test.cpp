// SigV4 against AWS's published suite (every header-signing case of aws-c-auth's v4 folder), a
// Bedrock request signed by @smithy/signature-v4, and sign/verify round trips with tampering.
#include "auth/sigv4.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <algorithm>
#include <atomic>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "auth/hashing.h"

namespace genai::auth {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

const fs::path& suite_dir() {
  static const fs::path dir = fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "aws-sigv4" / "v4";
  return dir;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The suite's request files: "METHOD target HTTP/1.1", then "Name:value" lines (a line starting
// with whitespace continues the previous value, as in get-header-value-multiline), a blank
// line and the body. The target may hold a space (get-space-*), so the version is cut from the end.
struct HttpMessage {
  std::string method, path, query;
  HeaderList headers;
  std::string body;

  SigV4Request request() const { return {method, path, query, headers, body}; }
};

HttpMessage parse_http_message(std::string_view text) {
  HttpMessage message;
  size_t line_end = text.find('\n');
  std::string_view request_line = text.substr(0, line_end);
  const size_t first_space = request_line.find(' ');
  const size_t version = request_line.rfind(" HTTP/");
  message.method = request_line.substr(0, first_space);
  const std::string_view target = request_line.substr(first_space + 1, version - first_space - 1);
  const size_t question = target.find('?');
  message.path = target.substr(0, question);
  if (question != std::string_view::npos) message.query = target.substr(question + 1);
  while (line_end != std::string_view::npos) {
    const size_t start = line_end + 1;
    line_end = text.find('\n', start);
    const std::string_view line = text.substr(start, line_end == std::string_view::npos ? line_end : line_end - start);
    if (line.empty()) {
      if (line_end != std::string_view::npos) message.body = text.substr(line_end + 1);
      break;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      message.headers.back().second += ' ';
      message.headers.back().second += line;
      continue;
    }
    const size_t colon = line.find(':');
    message.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  return message;
}

system_clock::time_point parse_timestamp(std::string_view text) {  // 2015-08-30T12:36:00Z
  const auto number = [&](size_t position, size_t length) {
    int value = 0;
    std::from_chars(text.data() + position, text.data() + position + length, value);
    return value;
  };
  const sys_days day = year{number(0, 4)} / month{static_cast<unsigned>(number(5, 2))} /
                       std::chrono::day{static_cast<unsigned>(number(8, 2))};
  return day + hours{number(11, 2)} + minutes{number(14, 2)} + seconds{number(17, 2)};
}

struct SuiteContext {
  AwsCredentials credentials;       // as the signed request carries them
  bool omit_session_token = false;  // the token is sent but not signed (post-sts-header-after)
  SigV4Scope scope;
  system_clock::time_point time;
};

SuiteContext read_context(const fs::path& file) {
  const boost::json::object context = boost::json::parse(read_text(file)).as_object();
  const boost::json::object& credentials = context.at("credentials").as_object();
  SuiteContext out;
  out.credentials.access_key_id = credentials.at("access_key_id").as_string();
  out.credentials.secret_access_key = credentials.at("secret_access_key").as_string();
  if (const auto* token = credentials.if_contains("token")) out.credentials.session_token = token->as_string();
  if (const auto* omit = context.if_contains("omit_session_token")) out.omit_session_token = omit->as_bool();
  out.scope.region = context.at("region").as_string();
  out.scope.service = context.at("service").as_string();
  // aws-c-auth double-encodes the path unless told otherwise, and the suite never tells it.
  out.scope.encode_path_again = true;
  out.scope.normalize_path = context.at("normalize").as_bool();
  out.scope.add_content_sha256 = context.at("sign_body").as_bool();
  out.time = parse_timestamp(context.at("timestamp").as_string());
  return out;
}

std::vector<std::string> suite_cases() {
  std::vector<std::string> names;
  if (!fs::is_directory(suite_dir())) return names;
  for (const auto& entry : fs::directory_iterator(suite_dir())) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

const std::string* header_value(const HeaderList& headers, std::string_view lowercase_name) {
  for (const auto& [name, value] : headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == lowercase_name) return &value;
  }
  return nullptr;
}

// ---- AWS's suite ----

TEST(SigV4Suite, CarriesEveryCaseOfTheV4Folder) {
  // 38 folders in awslabs/aws-c-auth tests/aws-signing-test-suite/v4 (see the fixtures' README).
  EXPECT_EQ(suite_cases().size(), 38u);
}

class SigV4SuiteCase : public testing::TestWithParam<std::string> {};

TEST_P(SigV4SuiteCase, HeaderSigningMatches) {
  const fs::path dir = suite_dir() / GetParam();
  const SuiteContext context = read_context(dir / "context.json");
  const HttpMessage message = parse_http_message(read_text(dir / "request.txt"));
  AwsCredentials signing_credentials = context.credentials;
  if (context.omit_session_token) signing_credentials.session_token.clear();  // added after signing

  const HeaderList added = sigv4_sign(message.request(), signing_credentials, context.scope, context.time);
  ASSERT_FALSE(added.empty());
  ASSERT_EQ(added.back().first, "authorization");
  HttpMessage signed_message = message;
  signed_message.headers.insert(signed_message.headers.end(), added.begin(), added.end() - 1);

  const std::string amz_date = format_amz_date(context.time);
  const std::string canonical = sigv4_canonical_request(signed_message.request(), context.scope);
  EXPECT_EQ(canonical, read_text(dir / "header-canonical-request.txt"));
  const std::string string_to_sign = sigv4_string_to_sign(amz_date, context.scope, canonical);
  EXPECT_EQ(string_to_sign, read_text(dir / "header-string-to-sign.txt"));
  EXPECT_EQ(sigv4_signature(signing_credentials, amz_date, context.scope, string_to_sign),
            read_text(dir / "header-signature.txt"));

  // The Authorization header sigv4_sign built is the one in AWS's signed request, byte for byte,
  // and our verifier accepts that signed request as AWS wrote it.
  const HttpMessage aws_signed = parse_http_message(read_text(dir / "header-signed-request.txt"));
  const std::string* aws_authorization = header_value(aws_signed.headers, "authorization");
  ASSERT_NE(aws_authorization, nullptr);
  EXPECT_EQ(added.back().second, *aws_authorization);
  EXPECT_EQ(sigv4_verify(aws_signed.request(), context.credentials, context.scope), std::nullopt);
}

std::string test_name(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(AwsSigningTestSuiteV4, SigV4SuiteCase, testing::ValuesIn(suite_cases()), test_name);

// ---- Bedrock, as @smithy/signature-v4 5.7.5 signs it ----

constexpr std::string_view bedrock_body =
    R"({"anthropic_version":"bedrock-2023-05-31","max_tokens":16,"messages":[{"role":"user","content":"hi"}]})";
const AwsCredentials example_credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
const system_clock::time_point new_year_2024 = sys_days{year{2024} / 1 / 1};

SigV4Request bedrock_request() {
  return {"POST",
          "/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke-with-response-stream",
          "",
          {{"Content-Type", "application/json"},
           {"Host", "bedrock-runtime.us-east-1.amazonaws.com"},
           {"X-Amzn-Bedrock-Accept", "application/json"}},
          bedrock_body};
}

SigV4Scope bedrock_scope() { return {"us-east-1", "bedrock", true, true, true}; }

SigV4Request with_headers(SigV4Request request, const HeaderList& added) {
  request.headers.insert(request.headers.end(), added.begin(), added.end());
  return request;
}

TEST(SigV4Bedrock, MatchesSmithySignatureV4) {
  const HeaderList added = sigv4_sign(bedrock_request(), example_credentials, bedrock_scope(), new_year_2024);
  ASSERT_EQ(added.size(), 3u);
  EXPECT_EQ(added[0], (std::pair<std::string, std::string>{"x-amz-date", "20240101T000000Z"}));
  EXPECT_EQ(added[1].first, "x-amz-content-sha256");
  EXPECT_EQ(added[1].second, sha256_hex(bedrock_body));

  const SigV4Request signed_request = with_headers(bedrock_request(), {added[0], added[1]});
  const std::string canonical = sigv4_canonical_request(signed_request, bedrock_scope());
  EXPECT_EQ(canonical,
            "POST\n"
            "/model/anthropic.claude-3-haiku-20240307-v1%253A0/invoke-with-response-stream\n"
            "\n"
            "content-type:application/json\n"
            "host:bedrock-runtime.us-east-1.amazonaws.com\n"
            "x-amz-content-sha256:616eb59224eb795b641b4c541ad9ee8b939a1e8798f73b54fce66bb79ddbb992\n"
            "x-amz-date:20240101T000000Z\n"
            "x-amzn-bedrock-accept:application/json\n"
            "\n"
            "content-type;host;x-amz-content-sha256;x-amz-date;x-amzn-bedrock-accept\n"
            "616eb59224eb795b641b4c541ad9ee8b939a1e8798f73b54fce66bb79ddbb992");
  // smithy's "StringToSign hash" is the canonical request's hash, the string to sign's last line.
  EXPECT_EQ(sigv4_string_to_sign("20240101T000000Z", bedrock_scope(), canonical),
            "AWS4-HMAC-SHA256\n"
            "20240101T000000Z\n"
            "20240101/us-east-1/bedrock/aws4_request\n"
            "fee432b215260b64615662abbee84972c62f47f0e7de8d18f7e233419a0c6370");
  EXPECT_EQ(added[2].first, "authorization");
  EXPECT_EQ(added[2].second,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/bedrock/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amzn-bedrock-accept, "
            "Signature=e1edd0e3dbe16ddf17595fac1c6a44add2d1136d00dc40810b5492056ae963d6");
}

TEST(SigV4Bedrock, SignsTheSameFromManyThreads) {
  // hmac_sha256 keeps one OpenSSL context per thread.
  const std::string expected =
      sigv4_sign(bedrock_request(), example_credentials, bedrock_scope(), new_year_2024).back().second;
  std::vector<std::thread> threads;
  std::atomic<int> mismatches = 0;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (sigv4_sign(bedrock_request(), example_credentials, bedrock_scope(), new_year_2024).back().second !=
            expected) {
          ++mismatches;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

// ---- the pieces ----

TEST(SigV4Pieces, FormatsAmzDate) {
  EXPECT_EQ(format_amz_date(sys_days{year{2015} / 8 / 30} + 12h + 36min), "20150830T123600Z");
  EXPECT_EQ(format_amz_date(sys_days{year{1999} / 12 / 31} + 23h + 59min + 59s + 999ms), "19991231T235959Z");
}

std::string canonical_path_and_query(std::string_view path, std::string_view query, const SigV4Scope& scope) {
  const std::string canonical = sigv4_canonical_request({"GET", path, query, {{"host", "h"}}, ""}, scope);
  const size_t first = canonical.find('\n');
  const size_t third = canonical.find('\n', canonical.find('\n', first + 1) + 1);
  return canonical.substr(first + 1, third - first - 1);  // "path\nquery"
}

TEST(SigV4Pieces, S3PathIsTakenAsSent) {
  const SigV4Scope s3{"us-east-1", "s3", false, false, true};
  EXPECT_EQ(canonical_path_and_query("/bucket//a%3Ab/./c", "", s3), "/bucket//a%3Ab/./c\n");
  const SigV4Scope other{"us-east-1", "bedrock", true, true, false};
  EXPECT_EQ(canonical_path_and_query("/bucket//a%3Ab/./c/", "", other), "/bucket/a%253Ab/c/\n");
  EXPECT_EQ(canonical_path_and_query("", "", other), "/\n");
}

TEST(SigV4Pieces, QueryIsDecodedEncodedAndSorted) {
  const SigV4Scope scope{"us-east-1", "service", true, true, false};
  EXPECT_EQ(canonical_path_and_query("/", "b=2&a=%20x&a=1&flag&&c=x%2fy+z", scope),
            "/\na=%20x&a=1&b=2&c=x%2Fy%2Bz&flag=");
  EXPECT_EQ(canonical_path_and_query("/", "q=100%&r=%zz", scope), "/\nq=100%25&r=%25zz");
}

TEST(SigV4Pieces, DeclaredPayloadHashIsUsed) {
  const SigV4Request request{"PUT", "/b/k", "", {{"host", "h"}, {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}}, "data"};
  const std::string canonical = sigv4_canonical_request(request, {"us-east-1", "s3", false, false, true});
  EXPECT_TRUE(canonical.ends_with("\nUNSIGNED-PAYLOAD")) << canonical;
}

TEST(Hashing, KnownAnswers) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // FIPS 180-2
  EXPECT_EQ(sha256_bytes("").size(), 32u);
  // RFC 4231 test case 2.
  EXPECT_EQ(hex_lower(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // An empty key is a key (not "the previous one" to OpenSSL's reused context).
  EXPECT_EQ(hex_lower(hmac_sha256(std::string_view{}, "")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  EXPECT_EQ(hex_lower(hmac_sha256("", "")), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  EXPECT_EQ(hex_lower(std::string("\x00\x7f\x80\xff", 4)), "007f80ff");
}

// ---- sign, then verify ----

struct SignedBedrock {
  SigV4Request request;
  AwsCredentials credentials;
};

SignedBedrock signed_bedrock(std::string session_token = "") {
  AwsCredentials credentials = example_credentials;
  credentials.session_token = std::move(session_token);
  SigV4Request request = bedrock_request();
  request = with_headers(request, sigv4_sign(request, credentials, bedrock_scope(), new_year_2024));
  return {std::move(request), credentials};
}

std::string& header(SigV4Request& request, std::string_view name) {
  for (auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  throw std::runtime_error("no header " + std::string(name));
}

std::string verify_error(const SigV4Request& request, const AwsCredentials& credentials,
                         const SigV4Scope& scope = bedrock_scope()) {
  const auto error = sigv4_verify(request, credentials, scope);
  return error ? *error : "valid";
}

TEST(SigV4RoundTrip, SignedRequestVerifies) {
  auto [request, credentials] = signed_bedrock();
  EXPECT_EQ(verify_error(request, credentials), "valid");
  request.headers.emplace_back("User-Agent", "genai-bench");  // not signed, not checked
  EXPECT_EQ(verify_error(request, credentials), "valid");
  auto with_token = signed_bedrock("FwoGZXIvYXdzEXAMPLETOKEN");
  EXPECT_EQ(verify_error(with_token.request, with_token.credentials), "valid");
}

TEST(SigV4RoundTrip, TamperedBodyFails) {
  auto [request, credentials] = signed_bedrock();
  const std::string tampered = R"({"max_tokens":9999})";
  request.body = tampered;
  EXPECT_EQ(verify_error(request, credentials), "x-amz-content-sha256 is not the SHA-256 of the body");

  // Without x-amz-content-sha256 only the signature can tell.
  const SigV4Scope plain{"us-east-1", "bedrock", true, true, false};
  SigV4Request unhashed = bedrock_request();
  unhashed = with_headers(unhashed, sigv4_sign(unhashed, credentials, plain, new_year_2024));
  EXPECT_EQ(verify_error(unhashed, credentials, plain), "valid");
  unhashed.body = tampered;
  EXPECT_TRUE(verify_error(unhashed, credentials, plain).starts_with("signature does not match"));
}

TEST(SigV4RoundTrip, TamperedSignedHeaderFails) {
  auto [request, credentials] = signed_bedrock();
  header(request, "X-Amzn-Bedrock-Accept") = "text/plain";
  EXPECT_TRUE(verify_error(request, credentials).starts_with("signature does not match"));

  auto dropped = signed_bedrock();
  std::erase_if(dropped.request.headers, [](const auto& h) { return h.first == "X-Amzn-Bedrock-Accept"; });
  EXPECT_EQ(verify_error(dropped.request, dropped.credentials),
            "signed header 'x-amzn-bedrock-accept' is not in the request");
}

TEST(SigV4RoundTrip, WrongSecretFailsWithoutNamingIt) {
  auto [request, credentials] = signed_bedrock();
  credentials.secret_access_key = "another-secret-key-entirely";
  const std::string error = verify_error(request, credentials);
  EXPECT_TRUE(error.starts_with("signature does not match")) << error;
  EXPECT_EQ(error.find(credentials.secret_access_key), std::string::npos);
  EXPECT_EQ(error.find(example_credentials.secret_access_key), std::string::npos);
}

TEST(SigV4RoundTrip, TamperedDateFails) {
  auto later = signed_bedrock();
  header(later.request, "x-amz-date") = "20240101T000001Z";
  EXPECT_TRUE(verify_error(later.request, later.credentials).starts_with("signature does not match"));

  auto next_day = signed_bedrock();
  header(next_day.request, "x-amz-date") = "20240102T000000Z";
  EXPECT_EQ(verify_error(next_day.request, next_day.credentials),
            "credential scope date '20240101' is not the day of x-amz-date '20240102T000000Z'");

  auto garbled = signed_bedrock();
  header(garbled.request, "x-amz-date") = "2024-01-01";
  EXPECT_EQ(verify_error(garbled.request, garbled.credentials), "x-amz-date '2024-01-01' is not yyyymmddThhmmssZ");
}

TEST(SigV4RoundTrip, ScopeAndKeyIdAreChecked) {
  auto [request, credentials] = signed_bedrock();
  AwsCredentials other_key = credentials;
  other_key.access_key_id = "AKIDOTHER";
  EXPECT_EQ(verify_error(request, other_key), "access key id 'AKIDEXAMPLE' is not the expected one");
  SigV4Scope other_region = bedrock_scope();
  other_region.region = "eu-west-1";
  EXPECT_EQ(verify_error(request, credentials, other_region),
            "credential scope region 'us-east-1' is not 'eu-west-1'");
  SigV4Scope other_service = bedrock_scope();
  other_service.service = "s3";
  EXPECT_EQ(verify_error(request, credentials, other_service), "credential scope service 'bedrock' is not 's3'");
}

TEST(SigV4RoundTrip, SessionTokenIsChecked) {
  auto [request, credentials] = signed_bedrock("TOKEN-ONE");
  AwsCredentials other = credentials;
  other.session_token = "TOKEN-TWO";
  EXPECT_EQ(verify_error(request, other), "x-amz-security-token is not the expected session token");
  auto without = signed_bedrock();
  EXPECT_EQ(verify_error(without.request, credentials),
            "no x-amz-security-token header, but a session token is expected");
}

TEST(SigV4RoundTrip, MalformedAuthorizationIsNamed) {
  auto [request, credentials] = signed_bedrock();
  std::string& authorization = header(request, "authorization");
  const std::string original = authorization;
  authorization = "Bearer abc";
  EXPECT_EQ(verify_error(request, credentials), "Authorization is not AWS4-HMAC-SHA256");
  authorization = original.substr(0, original.find(", Signature="));
  EXPECT_EQ(verify_error(request, credentials), "Authorization has no Signature");
  authorization = original;
  authorization.replace(authorization.find("content-type;host"), 17, "host;content-type");
  EXPECT_TRUE(verify_error(request, credentials).starts_with("SignedHeaders 'host;content-type;")) << authorization;
  authorization = original;
  authorization.replace(authorization.find("content-type;host;"), 18, "content-type;");
  EXPECT_EQ(verify_error(request, credentials), "SignedHeaders does not include host");
  std::erase_if(request.headers, [](const auto& h) { return h.first == "authorization"; });
  EXPECT_EQ(verify_error(request, credentials), "no Authorization header");
}

}  // namespace
}  // namespace genai::auth
