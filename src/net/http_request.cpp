#include "net/http_request.h"

namespace genai::net {

std::string serialize_request(std::string_view method, std::string_view target, std::string_view host_header,
                              const std::vector<std::pair<std::string, std::string>>& headers,
                              std::string_view body) {
  std::string bytes;
  bytes.reserve(256 + target.size() + body.size());
  bytes.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: ").append(host_header);
  bytes.append("\r\nUser-Agent: genai-bench/" GENAI_BENCH_VERSION "\r\n");
  // Compression would hide each event inside the compressor's blocks and cost both ends CPU;
  // a server that compresses anyway is decoded (see net/body_inflater.h).
  bytes.append("Accept-Encoding: identity\r\n");
  for (const auto& [name, value] : headers) bytes.append(name).append(": ").append(value).append("\r\n");
  // Exact, or a kept-alive connection stalls: the server waits for the byte that never comes.
  bytes.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n\r\n");
  bytes.append(body);
  return bytes;
}

}  // namespace genai::net
