// The Vertex token keeper with a fake token endpoint: the first token is fetched at start, the
// next at half its life off the caller's thread, a failed refresh is counted and reported and
// retried, and once a token has expired with no new one requests are refused with the reason.
#include "auth/google_token_authorizer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

namespace genai::auth {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

GoogleCredentials test_account() {
  const fs::path file = fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "google-auth" / "service-account.json";
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = parse_google_credentials(text.str(), file.string());
  EXPECT_TRUE(parsed) << parsed.error();
  return *parsed;
}

std::string bearer_of(const RequestAuthorizer& authorizer) {
  const HeaderList none;
  auto headers = authorizer.authorize(OutgoingRequest{"POST", "/", "h", &none, ""}, std::chrono::system_clock::now());
  if (!headers) return "error: " + headers.error();
  return headers->at(0).second;
}

// A token endpoint that issues "t1", "t2", ... lasting `lifetime_s`, or fails while `failing`.
struct FakeEndpoint {
  std::atomic<int> issued{0};
  std::atomic<bool> failing{false};
  int lifetime_s = 2;
  GoogleTokenAuthorizer::Post post() {
    return [this](const TokenRequest& request) -> Result<GoogleTokenAuthorizer::TokenReply> {
      EXPECT_NE(request.body.find("assertion="), std::string::npos);
      if (failing) return GoogleTokenAuthorizer::TokenReply{400, R"({"error":"invalid_grant","error_description":"no"})"};
      return GoogleTokenAuthorizer::TokenReply{
          200, "{\"access_token\":\"t" + std::to_string(++issued) + "\",\"expires_in\":" + std::to_string(lifetime_s) + "}"};
    };
  }
};

TEST(GoogleTokenAuthorizer, RefreshesAtHalfLifeOffTheCallersThread) {
  FakeEndpoint endpoint;
  auto authorizer = GoogleTokenAuthorizer::start(test_account(), endpoint.post(), nullptr);
  ASSERT_TRUE(authorizer) << authorizer.error();
  EXPECT_EQ(bearer_of(**authorizer), "Bearer t1");
  EXPECT_EQ((*authorizer)->reusable_for(), 1s);  // a quarter of a 2 s life, at least 1 s
  std::this_thread::sleep_for(1500ms);           // the refresh is due at 1 s
  EXPECT_EQ(bearer_of(**authorizer), "Bearer t2");
  EXPECT_EQ((*authorizer)->refreshes(), 1u);
}

TEST(GoogleTokenAuthorizer, AFailedRefreshIsCountedReportedAndRetried) {
  FakeEndpoint endpoint;
  std::mutex lines_mutex;
  std::vector<std::string> lines;
  auto authorizer = GoogleTokenAuthorizer::start(test_account(), endpoint.post(), [&](const std::string& line) {
    std::lock_guard lock(lines_mutex);
    lines.push_back(line);
  });
  ASSERT_TRUE(authorizer) << authorizer.error();
  endpoint.failing = true;
  std::this_thread::sleep_for(2300ms);  // refresh at 1 s fails, the retry 1 s later fails, the token expires at 2 s
  EXPECT_GE((*authorizer)->refresh_failures(), 1u);
  const std::string refused = bearer_of(**authorizer);
  EXPECT_EQ(refused.rfind("error: the Google access token expired", 0), 0u) << refused;
  EXPECT_NE(refused.find("invalid_grant"), std::string::npos) << refused;
  {
    std::lock_guard lock(lines_mutex);
    ASSERT_FALSE(lines.empty());
    EXPECT_NE(lines[0].find("refreshing the access token failed (1 so far)"), std::string::npos) << lines[0];
  }
  endpoint.failing = false;
  std::this_thread::sleep_for(2500ms);  // the next retry (2 s after the second failure) succeeds
  EXPECT_EQ(bearer_of(**authorizer).rfind("Bearer t", 0), 0u);
}

TEST(GoogleTokenAuthorizer, NamesTheQuotaProjectOfUserCredentials) {
  FakeEndpoint endpoint;
  GoogleCredentials account = test_account();
  account.quota_project_id = "billing-project";
  auto authorizer = GoogleTokenAuthorizer::start(account, endpoint.post(), nullptr);
  ASSERT_TRUE(authorizer) << authorizer.error();
  const HeaderList none;
  auto headers = (*authorizer)->authorize(OutgoingRequest{"POST", "/", "h", &none, ""}, std::chrono::system_clock::now());
  ASSERT_TRUE(headers);
  ASSERT_EQ(headers->size(), 2u);
  EXPECT_EQ(headers->at(1), (std::pair<std::string, std::string>{"x-goog-user-project", "billing-project"}));
}

TEST(GoogleTokenAuthorizer, AFirstTokenThatCannotBeHadStopsTheStart) {
  FakeEndpoint endpoint;
  endpoint.failing = true;
  auto authorizer = GoogleTokenAuthorizer::start(test_account(), endpoint.post(), nullptr);
  ASSERT_FALSE(authorizer);
  EXPECT_NE(authorizer.error().find("invalid_grant"), std::string::npos) << authorizer.error();
}

}  // namespace
}  // namespace genai::auth
