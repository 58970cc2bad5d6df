// One HTTP/1.1 request on a connection of its own, waited for by the caller's thread: for the
// few requests made outside a run's event loops (an OAuth token and its refreshes). Plain or TLS
// by the URL; the whole exchange is bounded by `timeout`.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace genai::net {

struct OneShotReply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // as received
  std::string body;
  // The first header of that name (any case); empty when absent.
  std::string_view header(std::string_view name) const;
};

struct OneShotRequest {
  std::string_view method = "GET";
  std::string_view url;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Host, User-Agent, Content-Length
  std::string_view body;
  std::chrono::milliseconds timeout{30000};
  // Connecting and the TLS handshake each at most this (0: `timeout`): an address that drops
  // packets is given up on in seconds even when the exchange may take minutes (a large upload).
  std::chrono::milliseconds connect_timeout{0};
  // Asked every 100 ms while waiting: true gives up the request at once (Ctrl-C during an upload).
  std::function<bool()> cancelled;
  bool verify_tls = true;
  size_t max_body_bytes = 64 * 1024 * 1024;
};

// Sends `request` and reads the whole reply (redirects are not followed: the caller reads
// Location). An error is one line naming the URL without its query (never the query, the body or
// a header: they may hold a secret).
Result<OneShotReply> request_once(const OneShotRequest& request);

// POSTs `body` to `url`.
Result<OneShotReply> post_once(std::string_view url, std::string_view content_type, std::string_view body,
                               std::chrono::milliseconds timeout, bool verify_tls = true);

}  // namespace genai::net
