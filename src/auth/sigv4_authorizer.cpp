#include "auth/sigv4_authorizer.h"

namespace genai::auth {
namespace {

class SigV4Authorizer final : public RequestAuthorizer {
 public:
  SigV4Authorizer(AwsCredentials credentials, SigV4Scope scope)
      : credentials_(std::move(credentials)), scope_(std::move(scope)) {}

  Result<HeaderList> authorize(const OutgoingRequest& request, std::chrono::system_clock::time_point now) const override {
    const size_t query = request.target.find('?');
    SigV4Request signing{request.method, request.target.substr(0, query),
                         query == std::string_view::npos ? std::string_view() : request.target.substr(query + 1),
                         {}, request.body};
    signing.headers.reserve(request.headers->size() + 1);
    signing.headers.emplace_back("Host", std::string(request.host));
    // Accept is left unsigned, as AWS's SDKs leave it: proxies may rewrite it.
    for (const auto& header : *request.headers) {
      if (header.first != "Accept") signing.headers.push_back(header);
    }
    return sigv4_sign(signing, credentials_, scope_, now);
  }

  // AWS accepts a signature for 15 minutes; well inside that.
  std::chrono::seconds reusable_for() const override { return std::chrono::seconds(300); }

 private:
  AwsCredentials credentials_;
  SigV4Scope scope_;
};

}  // namespace

std::unique_ptr<RequestAuthorizer> make_sigv4_authorizer(AwsCredentials credentials, SigV4Scope scope) {
  return std::make_unique<SigV4Authorizer>(std::move(credentials), std::move(scope));
}

}  // namespace genai::auth
