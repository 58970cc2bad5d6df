// Serialises an HTTP/1.1 request once, before it is timed, so sending it is a single write.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace genai::net {

std::string serialize_request(std::string_view method, std::string_view target, std::string_view host_header,
                              const std::vector<std::pair<std::string, std::string>>& headers,
                              std::string_view body);

}  // namespace genai::net
