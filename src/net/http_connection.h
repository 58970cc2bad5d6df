// One keep-alive HTTP/1.1 connection to the server, plain or TLS (decided once, by the URL), on
// Boost.Asio with C++20 coroutines. It sends pre-serialised requests and streams each response's
// de-chunked body to a consumer, with the time its bytes were read. It knows nothing of APIs.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "net/clock.h"
#include "net/http_response_parser.h"
#include <boost/asio/ip/address.hpp>
#include <vector>

#include "net/url.h"

namespace genai::net {

struct Timeouts {
  std::chrono::nanoseconds connect = std::chrono::seconds(10);
  std::chrono::nanoseconds first_byte = std::chrono::seconds(300);  // a long prefill under load is slow
  std::chrono::nanoseconds idle_read = std::chrono::seconds(60);    // silence once bytes flow
  std::chrono::nanoseconds total = std::chrono::seconds(1800);
};

struct ClientOptions {
  Url url;
  bool verify_tls = true;
  Timeouts timeouts;
  // --local-ips: connections are made from these, round-robin (net/local_addresses.h); empty:
  // wherever the kernel routes them.
  std::vector<boost::asio::ip::address> local_addresses;
};

// Resolved addresses and the TLS context: made once, shared read-only by every connection.
class ClientContext;
Result<std::shared_ptr<const ClientContext>> make_client_context(const ClientOptions& options);

// `no_local_port`: no source address and port left to connect from (EADDRNOTAVAIL), the kind
// "connect_eaddrnotavail": the client's limit, not the server's.
enum class Failure {
  none, connect, no_local_port, tls, timeout_connect, timeout_first_byte, timeout_idle, timeout_total,
  disconnected, malformed_http, content_encoding, cancelled
};
std::string_view to_string(Failure failure);

struct ExchangeResult {
  Failure failure = Failure::none;
  std::string message;              // for failures: one line, no secrets
  int status = 0;
  bool received_bytes = false;      // any byte of the response arrived
  bool connection_reused = false;
  // How the body's end was known: until_close means the framing cannot tell a cut from an end,
  // and the caller must judge completeness from the content (an SSE stream's end marker).
  BodyFraming framing = BodyFraming::unknown;
  std::optional<std::chrono::nanoseconds> retry_after;  // the server's Retry-After, when sent
  Clock::time_point t_connected{};  // set when this exchange opened the connection
  // When the request's last byte was handed to the kernel (the write completed and this client
  // resumed): a busy client sends late, and shows it here as read delay shows on the read side.
  Clock::time_point t_sent{};
  Clock::time_point t_end{};        // the read that completed the response, or the failure
  // The longest a response byte waited in the socket before this client read it: the client's
  // own lag (kernel arrival time vs read time; 0 over TLS, where arrival is not known).
  int64_t max_read_delay_ns = 0;
};

class HttpConnection {
 public:
  HttpConnection(boost::asio::any_io_executor executor, std::shared_ptr<const ClientContext> context);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Sends one request, opening the connection first if needed, and streams the response into
  // `consumer`. A kept-alive connection is checked before reuse: one the server has closed (or
  // sent anything on) while idle is replaced before the request is written. The request is
  // written once: a failure after that is the caller's to count and retry.
  boost::asio::awaitable<ExchangeResult> exchange(std::string_view request_bytes, ResponseConsumer& consumer);

  // Opens the connection ahead of its first request (TCP, and TLS if the URL says so). On failure
  // the connection stays closed and the next exchange tries again and reports the error.
  boost::asio::awaitable<bool> open();

  // Ends the exchange in progress with Failure::cancelled. Call on the connection's executor.
  void cancel();
  // Closes the connection and stops its timer, so its event loop can finish. Call between exchanges.
  void close();
  // Whether a connection is open now (opened ahead, or kept alive after an exchange).
  bool is_open() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace genai::net
