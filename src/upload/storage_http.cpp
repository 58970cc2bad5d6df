#include "upload/storage_http.h"

#include <boost/json.hpp>
#include <thread>

#include "net/retry_after.h"

namespace genai::upload {

namespace {

std::chrono::milliseconds wait_before(int retry, const RetryPolicy& policy, const net::OneShotReply* reply) {
  std::chrono::milliseconds wait = policy.backoff.empty() ? std::chrono::milliseconds(200)
                                                          : policy.backoff[std::min<size_t>(retry, policy.backoff.size() - 1)];
  if (reply != nullptr) {
    if (auto asked = net::parse_retry_after(reply->header("retry-after"), std::chrono::system_clock::now())) {
      wait = std::max(wait, std::chrono::duration_cast<std::chrono::milliseconds>(*asked));
    }
  }
  return std::min(wait, std::chrono::milliseconds(30000));
}

// The first string member `name` of a JSON object (or of its "error" object), empty when absent.
std::string json_string(const boost::json::value& value, std::string_view name) {
  if (!value.is_object()) return "";
  const boost::json::object& object = value.get_object();
  if (const auto* found = object.if_contains(name); found != nullptr && found->is_string()) {
    return std::string(found->get_string());
  }
  if (const auto* error = object.if_contains("error"); error != nullptr) {
    if (error->is_string() && name == "code") return std::string(error->get_string());
    return json_string(*error, name);
  }
  return "";
}

}  // namespace

bool retryable_status(int status) { return status == 408 || status == 429 || status >= 500; }

Result<net::OneShotReply> send_with_retries(const StorageRequest& request, const Signer& sign, const RetryPolicy& policy,
                                            int* retries) {
  const std::string shown_url = request.url.substr(0, request.url.find('?'));
  Result<net::OneShotReply> last = make_error(shown_url + ": not sent");
  for (int attempt = 0; attempt <= policy.max_retries; ++attempt) {
    if (attempt > 0) {
      if (policy.stopped && policy.stopped()) break;
      std::this_thread::sleep_for(wait_before(attempt - 1, policy, last ? &*last : nullptr));
      if (retries != nullptr) ++*retries;
    }
    net::OneShotRequest one;
    one.method = request.method;
    one.url = request.url;
    one.headers = request.headers;
    one.body = request.body;
    one.timeout = policy.timeout;
    one.connect_timeout = policy.connect_timeout;
    one.cancelled = policy.stopped;
    if (sign) {
      Result<HeaderList> added = sign(request);
      if (!added) return make_error(added.error());
      one.headers.insert(one.headers.end(), added->begin(), added->end());
    }
    // Content-Length is always sent on a PUT or POST, even an empty one (S3 refuses a PUT without it).
    if (request.body.empty() && (request.method == "PUT" || request.method == "POST")) {
      one.headers.emplace_back("Content-Length", "0");
    }
    last = net::request_once(one);  // its errors name the URL without the query
    if (last && !retryable_status(last->status)) return last;
  }
  return last;
}

std::string xml_element(std::string_view xml, std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  const size_t start = xml.find(open);
  if (start == std::string_view::npos) return "";
  const size_t end = xml.find(close, start + open.size());
  if (end == std::string_view::npos) return "";
  return std::string(xml.substr(start + open.size(), end - start - open.size()));
}

std::string describe_failure(const net::OneShotReply& reply) {
  std::string code(reply.header("x-ms-error-code"));
  std::string message;
  std::string_view body = reply.body;
  if (body.find("<Code>") != std::string_view::npos) {
    if (code.empty()) code = xml_element(body, "Code");
    message = xml_element(body, "Message");
  } else if (!body.empty() && (body.front() == '{' || body.front() == '[')) {
    boost::system::error_code error;
    const boost::json::value value = boost::json::parse(body, error);
    if (!error) {
      if (code.empty()) code = json_string(value, "code");
      message = json_string(value, "message");
    }
  }
  // Azure puts its message on the first line of <Message>, then a request id and a time.
  if (const size_t newline = message.find('\n'); newline != std::string::npos) message.resize(newline);
  std::string text = "HTTP " + std::to_string(reply.status);
  if (!code.empty()) text += " " + code;
  if (!message.empty()) text += ": " + message;
  if (text.size() > 200) text = text.substr(0, 197) + "...";
  return text;
}

}  // namespace genai::upload

#include "net/url.h"

namespace genai::upload {

Result<Endpoint> parse_endpoint(std::string_view url) {
  // A query (a SAS URL pasted whole), credentials or a fragment would be dropped or shown: refused.
  if (url.find_first_of("?#@") != std::string_view::npos) {
    return make_error("give the service's address alone (scheme, host, port, path): no query, fragment or user:password; "
                      "a SAS token goes in --storage-azure-sas-token");
  }
  Result<net::Url> parsed = net::parse_url(url);
  if (!parsed) return make_error(parsed.error());
  Endpoint endpoint;
  endpoint.tls = parsed->tls;
  endpoint.host = parsed->host_header();
  endpoint.origin = (parsed->tls ? "https://" : "http://") + endpoint.host;
  endpoint.path = parsed->path;
  while (!endpoint.path.empty() && endpoint.path.back() == '/') endpoint.path.pop_back();
  return endpoint;
}

}  // namespace genai::upload
