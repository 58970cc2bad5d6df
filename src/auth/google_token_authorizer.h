// Google OAuth access tokens for Vertex AI, kept fresh off the event loops: the first token is
// fetched before the run (a failure stops it with one line); a thread of its own fetches the next
// when half the token's life is gone, and retries a failed refresh, counting and reporting it.
// Requests carry "Authorization: Bearer <the current token>".
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "auth/google_credentials.h"
#include "auth/request_authorizer.h"

namespace genai::auth {

class GoogleTokenAuthorizer : public RequestAuthorizer {
 public:
  // How tokens are fetched: a POST of the token request, giving the reply's status and body.
  struct TokenReply {
    int status = 0;
    std::string body;
  };
  using Post = std::function<Result<TokenReply>(const TokenRequest& request)>;
  // The real token endpoint: a POST of its own (net/one_shot_http), 30 s at most.
  static Post post_over_the_network();

  // Fetches the first token now. `report` receives one line per failed refresh (no secrets).
  static Result<std::unique_ptr<GoogleTokenAuthorizer>> start(GoogleCredentials credentials, Post post,
                                                             std::function<void(const std::string&)> report);
  virtual uint64_t refreshes() const = 0;
  virtual uint64_t refresh_failures() const = 0;
};

}  // namespace genai::auth
