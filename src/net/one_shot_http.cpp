#include "net/one_shot_http.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <strings.h>

#include "net/url.h"

namespace genai::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Runs `context` until its work is done, `limit` passes or `cancelled` says so (asked every 100 ms).
// True when the work is done.
bool run_within(asio::io_context& context, std::chrono::milliseconds limit, const std::function<bool()>& cancelled) {
  if (!cancelled) {
    context.run_for(limit);
    return context.stopped();
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!context.stopped() && !cancelled()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    context.run_for(std::min(left, std::chrono::milliseconds(100)));
  }
  return context.stopped();
}

// The exchange on any stream (plain or TLS), run on `context` until done or out of time.
template <class Stream>
Result<OneShotReply> exchange(asio::io_context& context, Stream& stream, const http::request<http::string_body>& request,
                              std::chrono::milliseconds timeout, size_t max_body_bytes, const std::string& url,
                              const std::function<bool()>& cancelled) {
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_body_bytes);
  parser.skip(request.method() == http::verb::head);
  beast::flat_buffer buffer;
  boost::system::error_code failure;
  http::async_write(stream, request, [&](boost::system::error_code error, size_t) {
    if (error) {
      failure = error;
      return;
    }
    http::async_read(stream, buffer, parser, [&](boost::system::error_code read_error, size_t) { failure = read_error; });
  });
  if (!run_within(context, timeout, cancelled)) {
    if (cancelled && cancelled()) return make_error(url + ": cancelled");
    return make_error(url + ": no whole response within " + std::to_string(timeout.count() / 1000) + " s");
  }
  if (failure) return make_error(url + ": " + failure.message());
  http::response<http::string_body> response = parser.release();
  OneShotReply reply;
  reply.status = static_cast<int>(response.result_int());
  for (const auto& field : response) reply.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  reply.body = std::move(response.body());
  return reply;
}

}  // namespace

std::string_view OneShotReply::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  }
  return {};
}

Result<OneShotReply> request_once(const OneShotRequest& one) {
  // Named in errors without its query: a query may carry a credential (an upload session's id, a SAS).
  const std::string url_string(one.url.substr(0, one.url.find('?')));
  Result<Url> url = parse_url(one.url);
  if (!url) return make_error(url_string + ": " + url.error());
  const size_t path_start = one.url.find('/', one.url.find("//") + 2);
  const std::string target = path_start == std::string_view::npos ? "/" : std::string(one.url.substr(path_start));

  http::request<http::string_body> request{http::string_to_verb(one.method), target, 11};
  request.set(http::field::host, url->host_header());
  request.set(http::field::user_agent, "genai-bench/" GENAI_BENCH_VERSION);
  for (const auto& [name, value] : one.headers) request.set(name, value);
  request.body() = std::string(one.body);
  if (!one.body.empty() || one.method == "POST") request.prepare_payload();
  const std::chrono::milliseconds timeout = one.timeout;
  const std::chrono::milliseconds connect_timeout = one.connect_timeout.count() > 0 ? one.connect_timeout : one.timeout;

  asio::io_context context;
  boost::system::error_code error;
  tcp::resolver resolver(context);
  const auto endpoints = resolver.resolve(url->host, std::to_string(url->port), error);
  if (error) return make_error(url_string + ": cannot resolve " + url->host + ": " + error.message());
  beast::tcp_stream plain(context);
  bool connected = false;
  plain.async_connect(endpoints, [&](boost::system::error_code connect_error, const tcp::endpoint&) {
    error = connect_error;
    connected = true;
  });
  run_within(context, connect_timeout, one.cancelled);
  if (!connected && one.cancelled && one.cancelled()) return make_error(url_string + ": cancelled");
  if (!connected) return make_error(url_string + ": cannot connect within " + std::to_string(connect_timeout.count()) + " ms");
  if (error) return make_error(url_string + ": cannot connect: " + error.message());
  context.restart();
  if (!url->tls) return exchange(context, plain, request, timeout, one.max_body_bytes, url_string, one.cancelled);

  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths(error);
  beast::ssl_stream<beast::tcp_stream> secure(std::move(plain), tls);
  if (one.verify_tls) {
    secure.set_verify_mode(asio::ssl::verify_peer);
    secure.set_verify_callback(asio::ssl::host_name_verification(url->host));
  }
  SSL_set_tlsext_host_name(secure.native_handle(), url->host.c_str());
  bool handshaken = false;
  secure.async_handshake(asio::ssl::stream_base::client, [&](boost::system::error_code handshake_error) {
    error = handshake_error;
    handshaken = true;
  });
  run_within(context, connect_timeout, one.cancelled);
  if (!handshaken && one.cancelled && one.cancelled()) return make_error(url_string + ": cancelled");
  if (!handshaken) return make_error(url_string + ": no TLS handshake within " + std::to_string(connect_timeout.count()) + " ms");
  if (error) return make_error(url_string + ": TLS handshake failed: " + error.message());
  context.restart();
  return exchange(context, secure, request, timeout, one.max_body_bytes, url_string, one.cancelled);
}

Result<OneShotReply> post_once(std::string_view url, std::string_view content_type, std::string_view body,
                               std::chrono::milliseconds timeout, bool verify_tls) {
  OneShotRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", std::string(content_type)}, {"Accept", "application/json"}};
  request.body = body;
  request.timeout = timeout;
  request.verify_tls = verify_tls;
  return request_once(request);
}

}  // namespace genai::net
