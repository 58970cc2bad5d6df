#include "auth/oci_authorizer.h"

#include <strings.h>

#include "auth/oci_signature.h"

namespace genai::auth {
namespace {

class OciAuthorizer final : public RequestAuthorizer {
 public:
  explicit OciAuthorizer(OciIdentity identity) : identity_(std::move(identity)) {}

  Result<HeaderList> authorize(const OutgoingRequest& request, std::chrono::system_clock::time_point now) const override {
    std::string_view content_type;
    for (const auto& [name, value] : *request.headers) {
      if (strcasecmp(name.c_str(), "content-type") == 0) content_type = value;
    }
    const OciRequest signing{request.method, request.target, request.host, content_type, request.body};
    HeaderList signed_headers = oci_sign(signing, *identity_.key, identity_.key_id, now);
    // The request already carries these two, with the values signed: sending them twice would
    // make a malformed request.
    std::erase_if(signed_headers, [](const auto& header) {
      return strcasecmp(header.first.c_str(), "content-length") == 0 || strcasecmp(header.first.c_str(), "content-type") == 0;
    });
    return signed_headers;
  }

  // OCI refuses a request whose date is more than 5 minutes off.
  std::chrono::seconds reusable_for() const override { return std::chrono::seconds(60); }

 private:
  OciIdentity identity_;
};

}  // namespace

std::unique_ptr<RequestAuthorizer> make_oci_authorizer(OciIdentity identity) {
  return std::make_unique<OciAuthorizer>(std::move(identity));
}

}  // namespace genai::auth
