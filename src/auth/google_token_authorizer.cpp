#include "auth/google_token_authorizer.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace genai::auth {
namespace {

using Clock = std::chrono::steady_clock;

class TokenAuthorizer final : public GoogleTokenAuthorizer {
 public:
  TokenAuthorizer(GoogleCredentials credentials, Post post, std::function<void(const std::string&)> report)
      : credentials_(std::move(credentials)), post_(std::move(post)), report_(std::move(report)) {}

  ~TokenAuthorizer() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (refresher_.joinable()) refresher_.join();
  }

  Status fetch_first() {
    Result<AccessToken> token = fetch();
    if (!token) return make_error(token.error());
    install(*token);
    refresher_ = std::thread([this] { refresh_loop(); });
    return Ok{};
  }

  Result<HeaderList> authorize(const OutgoingRequest&, std::chrono::system_clock::time_point) const override {
    std::lock_guard lock(mutex_);
    if (Clock::now() >= expires_at_) {
      return make_error("the Google access token expired and could not be refreshed (" + last_failure_ + ")");
    }
    HeaderList headers{{"Authorization", "Bearer " + token_}};
    // User credentials bill a project of the user's choosing; google-auth sends it so.
    if (!credentials_.quota_project_id.empty()) headers.emplace_back("x-goog-user-project", credentials_.quota_project_id);
    return headers;
  }

  // A request built with a token is sent with it only while a quarter of the token's life has
  // not passed: the refresh comes at half, so a token in a request is never near its end.
  std::chrono::seconds reusable_for() const override {
    std::lock_guard lock(mutex_);
    return std::clamp(std::chrono::duration_cast<std::chrono::seconds>(lifetime_ / 4), std::chrono::seconds(1),
                      std::chrono::seconds(60));
  }

  uint64_t refreshes() const override { return refreshes_; }
  uint64_t refresh_failures() const override { return failures_; }

 private:
  Result<AccessToken> fetch() const {
    Result<TokenRequest> request = make_token_request(credentials_, std::chrono::system_clock::now());
    if (!request) return make_error(request.error());
    Result<TokenReply> reply = post_(*request);
    if (!reply) return make_error(reply.error());
    return parse_token_response(reply->status, reply->body);
  }

  void install(const AccessToken& token) {
    std::lock_guard lock(mutex_);
    token_ = token.token;
    lifetime_ = std::max<Clock::duration>(token.expires_in, std::chrono::seconds(2));
    expires_at_ = Clock::now() + lifetime_;
    refresh_at_ = Clock::now() + lifetime_ / 2;
  }

  void refresh_loop() {
    std::chrono::seconds retry_wait(1);
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      if (wake_.wait_until(lock, refresh_at_, [&] { return stopping_; })) return;
      lock.unlock();
      Result<AccessToken> token = fetch();
      if (token) {
        install(*token);
        ++refreshes_;
        retry_wait = std::chrono::seconds(1);
      } else {
        ++failures_;
        if (report_) report_("gcp-vertex: refreshing the access token failed (" + std::to_string(failures_.load()) +
                             " so far): " + token.error() + "; retrying in " + std::to_string(retry_wait.count()) + " s");
      }
      lock.lock();
      if (!token) {
        last_failure_ = token.error();
        refresh_at_ = Clock::now() + retry_wait;
        retry_wait = std::min(retry_wait * 2, std::chrono::seconds(30));
      }
    }
  }

  GoogleCredentials credentials_;
  Post post_;
  std::function<void(const std::string&)> report_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::string token_;
  std::string last_failure_ = "no refresh failed";
  Clock::duration lifetime_{};
  Clock::time_point expires_at_{}, refresh_at_{};
  std::atomic<uint64_t> refreshes_{0}, failures_{0};
  bool stopping_ = false;
  std::thread refresher_;
};

}  // namespace

Result<std::unique_ptr<GoogleTokenAuthorizer>> GoogleTokenAuthorizer::start(GoogleCredentials credentials, Post post,
                                                                            std::function<void(const std::string&)> report) {
  auto authorizer = std::make_unique<TokenAuthorizer>(std::move(credentials), std::move(post), std::move(report));
  if (Status status = authorizer->fetch_first(); !status) return make_error(status.error());
  return std::unique_ptr<GoogleTokenAuthorizer>(std::move(authorizer));
}

}  // namespace genai::auth
