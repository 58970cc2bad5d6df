#include "net/local_addresses.h"

#include <gtest/gtest.h>

namespace genai::net {
namespace {

std::vector<std::string> texts(const std::vector<boost::asio::ip::address>& addresses) {
  std::vector<std::string> out;
  for (const auto& address : addresses) out.push_back(address.to_string());
  return out;
}

TEST(LocalAddresses, SinglesRangesAndCidrBlocksAsK6TakesThem) {
  auto parsed = parse_local_addresses("10.0.0.10, 10.0.0.11-10.0.0.13,10.0.1.0/30,::1");
  ASSERT_TRUE(parsed) << parsed.error();
  // The /30 gives its two host addresses (not .0, the network, nor .3, the broadcast).
  EXPECT_EQ(texts(*parsed), (std::vector<std::string>{"10.0.0.10", "10.0.0.11", "10.0.0.12", "10.0.0.13", "10.0.1.1",
                                                      "10.0.1.2", "::1"}));
  EXPECT_EQ(texts(*parse_local_addresses("127.0.0.2/32")), (std::vector<std::string>{"127.0.0.2"}));
  EXPECT_EQ(texts(*parse_local_addresses("10.0.0.254-10.0.1.1")),
            (std::vector<std::string>{"10.0.0.254", "10.0.0.255", "10.0.1.0", "10.0.1.1"}));  // across octets
  EXPECT_EQ(parse_local_addresses("10.1.0.0/16")->size(), 65534u);
}

TEST(LocalAddresses, WhatCannotBeReadIsNamed) {
  const std::pair<const char*, const char*> cases[] = {
      {"10.0.0.300", "'10.0.0.300' is not an address"},
      {"10.0.0.5-10.0.0.2", "'10.0.0.5-10.0.0.2' ends before it starts"},
      {"10.0.0.0/33", "'10.0.0.0/33' is not a CIDR block"},
      {"10.0.0.0/8", "holds more than 65,536 addresses"},
      {"10.0.0.1,,10.0.0.2", "an empty entry"},
      {"10.0.0.1-fe80::1", "'10.0.0.1-fe80::1' is not an IPv4 address"},
  };
  for (const auto& [list, expected] : cases) {
    auto parsed = parse_local_addresses(list);
    ASSERT_FALSE(parsed) << list;
    EXPECT_NE(parsed.error().find(expected), std::string::npos) << parsed.error();
    EXPECT_EQ(parsed.error().rfind("--local-ips: ", 0), 0u) << parsed.error();
  }
}

}  // namespace
}  // namespace genai::net
