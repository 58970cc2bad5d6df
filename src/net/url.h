// The server's address as given by --api-base / base_url: scheme, host, port and path prefix.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace genai::net {

struct Url {
  bool tls = false;       // https
  std::string host;       // without brackets for IPv6
  uint16_t port = 0;      // explicit or the scheme's default
  std::string path;       // "" or "/v1" or "/prefix/v1"

  // The Host header value: host, plus the port when it is not the scheme's default.
  std::string host_header() const;
};

Result<Url> parse_url(std::string_view text);

}  // namespace genai::net
