#include "net/url.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace genai::net {

std::string Url::host_header() const {
  std::string header;
  if (host.find(':') != std::string::npos) {  // IPv6 literal
    header.append("[").append(host).append("]");
  } else {
    header.append(host);
  }
  const uint16_t default_port = tls ? 443 : 80;
  if (port != default_port) header.append(":").append(std::to_string(port));
  return header;
}

Result<Url> parse_url(std::string_view text) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return make_error("invalid URL '" + std::string(text) + "' (expected http://host:port[/path])");
  const boost::urls::url_view& view = *parsed;
  Url url;
  const std::string scheme = view.scheme();
  if (scheme == "https") {
    url.tls = true;
  } else if (scheme != "http") {
    return make_error("unsupported URL scheme '" + scheme + "' in '" + std::string(text) + "' (expected http or https)");
  }
  url.host = view.host_address();
  if (url.host.empty()) return make_error("URL '" + std::string(text) + "' has no host");
  if (view.has_port()) {
    const auto port = view.port_number();
    if (port == 0) return make_error("invalid port in URL '" + std::string(text) + "'");
    url.port = port;
  } else {
    url.port = url.tls ? 443 : 80;
  }
  url.path = view.path();
  while (!url.path.empty() && url.path.back() == '/') url.path.pop_back();
  return url;
}

}  // namespace genai::net
