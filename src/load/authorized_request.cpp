#include "load/authorized_request.h"

#include "net/http_request.h"

namespace genai::load {

Result<std::string> serialize_authorized(const RequestParts& parts, std::string_view host_header,
                                         const auth::RequestAuthorizer& authorizer,
                                         std::chrono::system_clock::time_point now) {
  const auth::OutgoingRequest outgoing{parts.method, parts.target, host_header, &parts.headers, parts.body};
  Result<auth::HeaderList> added = authorizer.authorize(outgoing, now);
  if (!added) return make_error(added.error());
  api::Headers headers = parts.headers;
  headers.insert(headers.end(), added->begin(), added->end());
  return net::serialize_request(parts.method, parts.target, host_header, headers, parts.body);
}

}  // namespace genai::load
