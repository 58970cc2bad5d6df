#include "net/http_request.h"

#include <gtest/gtest.h>

namespace genai::net {
namespace {

TEST(HttpRequest, ExactContentLengthAndHeaders) {
  const std::string body = "{\"prompt\":\"h\xC3\xA9llo\"}";  // multi-byte: length is in bytes
  const std::string bytes =
      serialize_request("POST", "/v1/completions", "127.0.0.1:8000", {{"Content-Type", "application/json"}}, body);
  EXPECT_EQ(bytes.rfind("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n", 0), 0u) << bytes;
  EXPECT_NE(bytes.find("Content-Type: application/json\r\n"), std::string::npos);
  EXPECT_NE(bytes.find("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n"), std::string::npos);
  const size_t header_end = bytes.find("\r\n\r\n");
  EXPECT_EQ(bytes.substr(header_end + 4), body);  // nothing after the body: no stalled keep-alive
}

}  // namespace
}  // namespace genai::net
