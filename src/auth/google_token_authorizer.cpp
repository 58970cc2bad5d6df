#include "auth/google_token_authorizer.h"

#include <algorithm>

#include "auth/refreshing_credential.h"
#include "net/one_shot_http.h"

namespace genai::auth {
namespace {

class TokenAuthorizer final : public GoogleTokenAuthorizer {
 public:
  TokenAuthorizer(GoogleCredentials credentials, Post post, std::function<void(const std::string&)> report)
      : credentials_(std::move(credentials)),
        post_(std::move(post)),
        token_([this] { return fetch(); }, [](Token::Clock::duration lifetime) { return lifetime / 2; },
               "gcp-vertex: refreshing the access token", std::move(report)) {}

  Status fetch_first() { return token_.start(); }

  Result<HeaderList> authorize(const OutgoingRequest&, std::chrono::system_clock::time_point) const override {
    Result<Token::Fetched> token = token_.current();
    if (!token) return make_error("the Google access token " + token.error());
    HeaderList headers{{"Authorization", "Bearer " + *token->value}};
    // User credentials bill a project of the user's choosing; google-auth sends it so.
    if (!credentials_.quota_project_id.empty()) headers.emplace_back("x-goog-user-project", credentials_.quota_project_id);
    return headers;
  }

  // A request built with a token is sent with it only while a quarter of the token's life has
  // not passed: the refresh comes at half, so a token in a request is never near its end.
  std::chrono::seconds reusable_for() const override {
    Result<Token::Fetched> token = token_.current();
    const auto lifetime = token ? token->lifetime : Token::Clock::duration::zero();
    return std::clamp(std::chrono::duration_cast<std::chrono::seconds>(lifetime / 4), std::chrono::seconds(1),
                      std::chrono::seconds(60));
  }

  uint64_t refreshes() const override { return token_.refreshes(); }
  uint64_t refresh_failures() const override { return token_.failures(); }

 private:
  using Token = RefreshingCredential<std::string>;

  Result<Token::Fetched> fetch() const {
    Result<TokenRequest> request = make_token_request(credentials_, std::chrono::system_clock::now());
    if (!request) return make_error(request.error());
    Result<TokenReply> reply = post_(*request);
    if (!reply) return make_error(reply.error());
    Result<AccessToken> token = parse_token_response(reply->status, reply->body);
    if (!token) return make_error(token.error());
    return Token::Fetched{std::make_shared<const std::string>(token->token), token->expires_in};
  }

  GoogleCredentials credentials_;
  Post post_;
  Token token_;  // last: its thread calls fetch(), which reads the members above
};

}  // namespace

Result<std::unique_ptr<GoogleTokenAuthorizer>> GoogleTokenAuthorizer::start(GoogleCredentials credentials, Post post,
                                                                            std::function<void(const std::string&)> report) {
  auto authorizer = std::make_unique<TokenAuthorizer>(std::move(credentials), std::move(post), std::move(report));
  if (Status status = authorizer->fetch_first(); !status) return make_error(status.error());
  return std::unique_ptr<GoogleTokenAuthorizer>(std::move(authorizer));
}

GoogleTokenAuthorizer::Post GoogleTokenAuthorizer::post_over_the_network() {
  return [](const TokenRequest& request) -> Result<TokenReply> {
    auto reply = net::post_once(request.url, token_request_content_type, request.body, std::chrono::seconds(30));
    if (!reply) return make_error(reply.error());
    return TokenReply{reply->status, std::move(reply->body)};
  };
}

}  // namespace genai::auth
