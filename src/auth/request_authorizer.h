// The one interface for authorisation that changes per request: a signature over the request
// (AWS SigV4, OCI HTTP signatures) or a bearer token that is refreshed (Google OAuth). Static keys
// (x-api-key, api-key, a fixed Bearer) are plain headers of the backend and need none of this.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace genai::auth {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A request as it will go on the wire, before authorisation.
struct OutgoingRequest {
  std::string_view method;
  std::string_view target;       // path and query, as sent
  std::string_view host;         // the Host header, as sent
  const HeaderList* headers = nullptr;  // the backend's headers (Host and Content-Length not among them)
  std::string_view body;
};

class RequestAuthorizer {
 public:
  virtual ~RequestAuthorizer() = default;
  // The headers to add to `request` for sending at `now`, or why it cannot be authorised (a token
  // that could not be refreshed). Thread-safe: event loops and the request builder call it at once.
  virtual Result<HeaderList> authorize(const OutgoingRequest& request, std::chrono::system_clock::time_point now) const = 0;
  // How long an authorisation stays good to send: a request built ahead and not sent within this
  // is authorised again at sending (AWS accepts a signature for 15 minutes, OCI for 5).
  virtual std::chrono::seconds reusable_for() const { return std::chrono::seconds(60); }
};

}  // namespace genai::auth
