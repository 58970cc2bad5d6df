// One HTTP/1.1 request on a connection of its own, waited for by the caller's thread: for the
// few requests made outside a run's event loops (an OAuth token and its refreshes). Plain or TLS
// by the URL; the whole exchange is bounded by `timeout`.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace genai::net {

struct OneShotReply {
  int status = 0;
  std::string body;
};

// POSTs `body` to `url`. An error is one line naming the URL (never the body: it may hold a secret).
Result<OneShotReply> post_once(std::string_view url, std::string_view content_type, std::string_view body,
                               std::chrono::milliseconds timeout, bool verify_tls = true);

}  // namespace genai::net
