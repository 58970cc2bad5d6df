#include "net/url.h"

#include <gtest/gtest.h>

namespace genai::net {
namespace {

TEST(Url, SchemesPortsAndPaths) {
  auto plain = parse_url("http://127.0.0.1:8000");
  ASSERT_TRUE(plain) << plain.error();
  EXPECT_FALSE(plain->tls);
  EXPECT_EQ(plain->host, "127.0.0.1");
  EXPECT_EQ(plain->port, 8000);
  EXPECT_EQ(plain->path, "");
  EXPECT_EQ(plain->host_header(), "127.0.0.1:8000");

  auto secure = parse_url("https://api.example.com/v1/");
  ASSERT_TRUE(secure) << secure.error();
  EXPECT_TRUE(secure->tls);
  EXPECT_EQ(secure->port, 443);
  EXPECT_EQ(secure->path, "/v1");
  EXPECT_EQ(secure->host_header(), "api.example.com");

  auto ipv6 = parse_url("http://[::1]:9000/proxy/v1");
  ASSERT_TRUE(ipv6) << ipv6.error();
  EXPECT_EQ(ipv6->host, "::1");
  EXPECT_EQ(ipv6->host_header(), "[::1]:9000");
  EXPECT_EQ(ipv6->path, "/proxy/v1");
}

TEST(Url, RejectsWhatWeCannotTalkTo) {
  for (const char* bad : {"ftp://host", "localhost:8000", "http://", "not a url", "http://host:0"}) {
    EXPECT_FALSE(parse_url(bad)) << bad;
  }
}

}  // namespace
}  // namespace genai::net
