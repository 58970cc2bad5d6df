#include "net/local_addresses.h"

#include <charconv>
#include <string>

namespace genai::net {
namespace {

using boost::asio::ip::address;
using boost::asio::ip::address_v4;

constexpr uint64_t kMostAddresses = 65536;

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

Result<address_v4> ipv4(std::string_view text, std::string_view part) {
  boost::system::error_code error;
  const address_v4 parsed = boost::asio::ip::make_address_v4(std::string(text), error);
  if (error) return make_error("--local-ips: '" + std::string(part) + "' is not an IPv4 address, range or CIDR block");
  return parsed;
}

// Appends first..last (host order, both included).
Status append_span(uint32_t first, uint32_t last, std::string_view part, std::vector<address>& out) {
  if (last < first) return make_error("--local-ips: '" + std::string(part) + "' ends before it starts");
  if (last - first + 1 + out.size() > kMostAddresses) {
    return make_error("--local-ips: more than " + std::to_string(kMostAddresses) + " addresses");
  }
  for (uint64_t value = first; value <= last; ++value) out.emplace_back(address_v4(static_cast<uint32_t>(value)));
  return Ok{};
}

Status append_part(std::string_view part, std::vector<address>& out) {
  if (const size_t dash = part.find('-'); dash != std::string_view::npos) {
    auto first = ipv4(trimmed(part.substr(0, dash)), part);
    auto last = ipv4(trimmed(part.substr(dash + 1)), part);
    if (!first) return make_error(first.error());
    if (!last) return make_error(last.error());
    return append_span(first->to_uint(), last->to_uint(), part, out);
  }
  if (const size_t slash = part.find('/'); slash != std::string_view::npos) {
    auto base = ipv4(part.substr(0, slash), part);
    const std::string_view bits_text = part.substr(slash + 1);
    int bits = -1;
    const auto [end, error] = std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
    if (!base || error != std::errc() || end != bits_text.data() + bits_text.size() || bits < 0 || bits > 32) {
      return make_error("--local-ips: '" + std::string(part) + "' is not a CIDR block such as 10.0.1.0/30");
    }
    if (bits < 16) return make_error("--local-ips: '" + std::string(part) + "' holds more than 65,536 addresses");
    const uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    const uint32_t network = base->to_uint() & mask, broadcast = network | ~mask;
    if (bits >= 31) return append_span(network, broadcast, part, out);
    return append_span(network + 1, broadcast - 1, part, out);  // hosts only
  }
  boost::system::error_code error;
  const address single = boost::asio::ip::make_address(std::string(part), error);
  if (error) return make_error("--local-ips: '" + std::string(part) + "' is not an address, range or CIDR block");
  out.push_back(single);
  return Ok{};
}

}  // namespace

Result<std::vector<address>> parse_local_addresses(std::string_view list) {
  std::vector<address> addresses;
  while (true) {
    const size_t comma = list.find(',');
    const std::string_view part = trimmed(list.substr(0, comma));
    if (part.empty()) return make_error("--local-ips: an empty entry in the list");
    if (auto status = append_part(part, addresses); !status) return make_error(status.error());
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return addresses;
}

}  // namespace genai::net
