// --local-ips (k6's name): the source addresses connections are made from, round-robin, so a run
// is not capped by one address's ephemeral ports (about 28,000 connections to one server port).
// Each connection binds its address with IP_BIND_ADDRESS_NO_PORT, which leaves the port to
// connect(): the kernel then shares ports across destinations as it does without a bind.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace genai::net {

// A comma-separated list of addresses ("10.0.0.10"), IPv4 ranges ("10.0.0.10-10.0.0.13", both
// ends included) and IPv4 CIDR blocks ("10.0.1.0/30": its host addresses, without the network
// and broadcast ones for blocks of four or more). IPv6 addresses are taken one at a time. At
// most 65,536 addresses; an error names the part it could not read.
Result<std::vector<boost::asio::ip::address>> parse_local_addresses(std::string_view list);

}  // namespace genai::net
