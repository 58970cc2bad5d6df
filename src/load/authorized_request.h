// Requests whose authorisation is made per request (a signature, a refreshed token): their parts
// are kept beside the bytes, so a request built ahead of time and not sent while its signature
// was fresh is signed again just before sending.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "api/backend.h"
#include "auth/request_authorizer.h"
#include "common/result.h"

namespace genai::load {

struct RequestParts {
  std::string method;
  std::string target;
  api::Headers headers;
  std::string body;
};

// The whole serialised request with `authorizer`'s headers for sending at `now`.
Result<std::string> serialize_authorized(const RequestParts& parts, std::string_view host_header,
                                         const auth::RequestAuthorizer& authorizer,
                                         std::chrono::system_clock::time_point now);

}  // namespace genai::load
