#include "auth/azure_shared_key.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "auth/hashing.h"
#include "common/base64.h"

namespace genai::auth {

namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Trimmed, each inner run of whitespace as one space (the canonicalized headers' rule).
std::string trimmed(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string percent_decoded(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::string azure_shared_key_string_to_sign(const AzureSharedKeyRequest& request, std::string_view account) {
  const auto header = [&](std::string_view name) -> std::string {
    for (const auto& [key, value] : *request.headers) {
      if (lowercase(key) == name) return trimmed(value);
    }
    return "";
  };
  std::string text(request.method);
  text += '\n';
  for (std::string_view name : {"content-encoding", "content-language"}) text += header(name) + '\n';
  text += (request.content_length == 0 ? std::string() : std::to_string(request.content_length)) + '\n';
  for (std::string_view name : {"content-md5", "content-type", "date", "if-modified-since", "if-match", "if-none-match",
                                "if-unmodified-since", "range"}) {
    text += header(name) + '\n';
  }
  std::map<std::string, std::string> ms_headers;
  for (const auto& [key, value] : *request.headers) {
    const std::string name = lowercase(key);
    if (name.rfind("x-ms-", 0) == 0) ms_headers[name] = trimmed(value);
  }
  for (const auto& [name, value] : ms_headers) text += name + ':' + value + '\n';
  text += '/';
  text += account;
  text += request.path.empty() ? "/" : request.path;
  // Each parameter once, its values (decoded) joined by commas in sorted order.
  std::map<std::string, std::vector<std::string>> parameters;
  for (size_t start = 0; start < request.query.size();) {
    size_t amp = request.query.find('&', start);
    if (amp == std::string_view::npos) amp = request.query.size();
    const std::string_view piece = request.query.substr(start, amp - start);
    start = amp + 1;
    if (piece.empty()) continue;
    const size_t equals = piece.find('=');
    parameters[lowercase(percent_decoded(piece.substr(0, equals)))].push_back(
        equals == std::string_view::npos ? "" : percent_decoded(piece.substr(equals + 1)));
  }
  for (auto& [name, values] : parameters) {
    std::sort(values.begin(), values.end());
    text += '\n' + name + ':';
    for (size_t i = 0; i < values.size(); ++i) text += (i ? "," : "") + values[i];
  }
  return text;
}

Result<std::string> azure_shared_key_authorization(const AzureSharedKeyRequest& request, std::string_view account,
                                                   std::string_view base64_key) {
  const std::string key = base64_decode_prefix(base64_key);
  if (key.empty() || base64_key.size() % 4 != 0) return make_error("the account key is not base64 (as the portal shows it)");
  const std::string signature = base64_encode(hmac_sha256(key, azure_shared_key_string_to_sign(request, account)));
  return "SharedKey " + std::string(account) + ":" + signature;
}

}  // namespace genai::auth
