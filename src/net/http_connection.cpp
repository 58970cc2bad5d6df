#include "net/http_connection.h"

#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <vector>

#include "net/kernel_timestamp.h"
#include "net/padded_buffer.h"

namespace genai::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

class ClientContext {
 public:
  ClientContext() = default;
  ClientContext(const ClientContext&) = delete;
  ClientContext& operator=(const ClientContext&) = delete;

  Url url;
  Timeouts timeouts;
  bool verify_tls = true;
  std::vector<tcp::endpoint> endpoints;
  std::unique_ptr<asio::ssl::context> tls;
  std::vector<asio::ip::address> local_addresses;
  mutable std::atomic<uint64_t> next_local_address{0};  // round-robin over them, across event loops

 private:
  // Kept while the client lives, so timestamps are on before any connection is (its own
  // sockets ask again in connect()).
  ReceiveTimestampsOn timestamps_on_;
};

Result<std::shared_ptr<const ClientContext>> make_client_context(const ClientOptions& options) {
  auto context = std::make_shared<ClientContext>();
  context->url = options.url;
  context->timeouts = options.timeouts;
  context->verify_tls = options.verify_tls;
  context->local_addresses = options.local_addresses;
  // Resolved once, before the run: a DNS lookup per connection would be timed as connect time.
  asio::io_context io;
  tcp::resolver resolver(io);
  error_code error;
  auto results = resolver.resolve(options.url.host, std::to_string(options.url.port), error);
  if (error) return make_error("cannot resolve host '" + options.url.host + "': " + error.message());
  for (const auto& entry : results) context->endpoints.push_back(entry.endpoint());
  if (options.url.tls) {
    context->tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
    context->tls->set_default_verify_paths(error);
    if (error) return make_error("cannot load the system's CA certificates: " + error.message());
  }
  return std::shared_ptr<const ClientContext>(std::move(context));
}

std::string_view to_string(Failure failure) {
  switch (failure) {
    case Failure::none: return "none";
    case Failure::connect: return "connect";
    case Failure::no_local_port: return "connect_eaddrnotavail";
    case Failure::tls: return "tls";
    case Failure::timeout_connect: return "timeout_connect";
    case Failure::timeout_first_byte: return "timeout_first_byte";
    case Failure::timeout_idle: return "timeout_idle";
    case Failure::timeout_total: return "timeout_total";
    case Failure::disconnected: return "disconnected";
    case Failure::malformed_http: return "malformed_http";
    case Failure::content_encoding: return "content_encoding";
    case Failure::cancelled: return "cancelled";
  }
  return "none";
}

namespace {

enum class Phase { idle, connecting, awaiting_first_byte, streaming };

// Small, since memory per stream matters at 10,000 streams; a read that fills it doubles it.
constexpr size_t kInitialReadBuffer = 2048;
constexpr size_t kMaxReadChunk = 65536;


// Says a limit as people write it: "3 s", "250 ms".
std::string describe_limit(std::chrono::nanoseconds limit) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(limit).count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  return std::to_string(ms) + " ms";
}

std::string timeout_message(Failure kind, const Timeouts& limits) {
  switch (kind) {
    case Failure::timeout_connect: return "timed out: connection not set up within " + describe_limit(limits.connect) + " (connect timeout)";
    case Failure::timeout_first_byte:
      return "timed out: no response byte within " + describe_limit(limits.first_byte) + " of sending (first-byte timeout)";
    case Failure::timeout_idle: return "timed out: the response went silent for " + describe_limit(limits.idle_read) + " (read timeout)";
    case Failure::timeout_total: return "timed out: the request took longer than " + describe_limit(limits.total) + " (request timeout)";
    default: return "timed out";
  }
}

}  // namespace

struct HttpConnection::State : std::enable_shared_from_this<State> {
  State(asio::any_io_executor executor_in, std::shared_ptr<const ClientContext> context_in)
      : executor(executor_in), context(std::move(context_in)), plain_socket(executor_in), watchdog(executor_in) {}

  asio::any_io_executor executor;
  std::shared_ptr<const ClientContext> context;
  tcp::socket plain_socket;
  std::unique_ptr<asio::ssl::stream<tcp::socket>> tls_stream;
  PaddedBuffer buffer{kInitialReadBuffer};
  // A read that did not fill its room most likely emptied the socket (a stream's next event is
  // milliseconds away), so the next read waits for readiness first instead of trying recvmsg and
  // getting EAGAIN: half the receive calls of a stream. The wait is safe either way: arming it
  // reports data that is already there.
  bool likely_drained = false;
  bool cancelled = false;
  bool open = false;

  // --- Timeouts. One timer per connection, owned here and only here. `watchdog_due` is the
  // expiry of the wait in progress, or time_point::max() when none is: every path that cancels
  // the wait resets it, so a phase whose deadline is earlier than the pending wait, or that finds
  // no wait pending, always arms one. A read never touches the timer (it stamps last_read); when
  // the timer fires it works out the real deadline of the current phase and re-arms or fires.
  asio::steady_timer watchdog;
  Clock::time_point watchdog_due = Clock::time_point::max();
  uint64_t watchdog_generation = 0;  // tells a stale completion from the wait in progress
  Phase phase = Phase::idle;
  Clock::time_point exchange_start{}, phase_start{}, last_read{};
  Failure timed_out = Failure::none;

  tcp::socket& socket() { return tls_stream ? tls_stream->next_layer() : plain_socket; }

  void close() {
    error_code ignored;
    socket().close(ignored);
    open = false;
  }

  void stop_watchdog() {
    watchdog.cancel();
    watchdog_due = Clock::time_point::max();
    ++watchdog_generation;
  }

  Clock::time_point deadline(Failure& kind) const {
    const Timeouts& limits = context->timeouts;
    const Clock::time_point total = exchange_start + limits.total;
    Clock::time_point phase_deadline = Clock::time_point::max();
    Failure phase_kind = Failure::none;
    switch (phase) {
      case Phase::idle: kind = Failure::none; return Clock::time_point::max();
      case Phase::connecting: phase_deadline = phase_start + limits.connect; phase_kind = Failure::timeout_connect; break;
      case Phase::awaiting_first_byte:
        phase_deadline = phase_start + limits.first_byte;
        phase_kind = Failure::timeout_first_byte;
        break;
      case Phase::streaming: phase_deadline = last_read + limits.idle_read; phase_kind = Failure::timeout_idle; break;
    }
    kind = total <= phase_deadline ? Failure::timeout_total : phase_kind;
    return std::min(total, phase_deadline);
  }

  // Starts the limits of one exchange (or of opening the connection ahead): the total limit runs
  // from here, and no earlier exchange's timeout can leak into this one.
  void begin_exchange() {
    exchange_start = Clock::now();
    timed_out = Failure::none;
    cancelled = false;
  }

  void enter_phase(Phase next) {
    phase = next;
    phase_start = Clock::now();
    Failure ignored;
    const Clock::time_point due = deadline(ignored);
    if (due < watchdog_due) arm(due);
  }

  void arm(Clock::time_point due) {
    watchdog_due = due;
    const uint64_t generation = ++watchdog_generation;
    watchdog.expires_at(due);
    watchdog.async_wait([self = shared_from_this(), generation](error_code error) {
      if (error || generation != self->watchdog_generation) return;  // cancelled or replaced
      self->watchdog_due = Clock::time_point::max();
      self->on_watchdog();
    });
  }

  void on_watchdog() {
    Failure kind = Failure::none;
    const Clock::time_point due = deadline(kind);
    if (kind == Failure::none) return;
    if (Clock::now() < due) {
      arm(due);
      return;
    }
    timed_out = kind;
    error_code ignored;
    socket().cancel(ignored);  // the pending operation completes with operation_aborted
  }

  Failure failure_after(const error_code& error, Failure otherwise, std::string& message) const {
    if (timed_out != Failure::none) {
      message = timeout_message(timed_out, context->timeouts);
      return timed_out;
    }
    if (cancelled) {
      message = "cancelled (the run was stopped)";
      return Failure::cancelled;
    }
    message = error.message();
    return otherwise;
  }

  // --local-ips: the next source address, bound without a port (IP_BIND_ADDRESS_NO_PORT, so the
  // port is picked at connect() and shared across destinations), to the first endpoint of its
  // family.
  asio::awaitable<void> connect_from_local_address(error_code& error) {
    const ClientContext& target = *context;
    const uint64_t turn = target.next_local_address.fetch_add(1, std::memory_order_relaxed);
    const asio::ip::address& local = target.local_addresses[turn % target.local_addresses.size()];
    const tcp::endpoint* remote = nullptr;
    for (const tcp::endpoint& endpoint : target.endpoints) {
      if (endpoint.address().is_v4() == local.is_v4()) {
        remote = &endpoint;
        break;
      }
    }
    if (remote == nullptr) {
      error = asio::error::address_family_not_supported;
      co_return;
    }
    tcp::socket& sock = socket();
    if (sock.is_open()) sock.close(error);
    sock.open(remote->protocol(), error);
    if (error) co_return;
    using bind_address_no_port = asio::detail::socket_option::boolean<IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT>;
    sock.set_option(bind_address_no_port(true), error);  // best effort: without it bind() takes a port
    sock.bind(tcp::endpoint(local, 0), error);
    if (error) co_return;
    co_await sock.async_connect(*remote, asio::redirect_error(asio::use_awaitable, error));
  }

  asio::awaitable<Failure> connect(std::string& message) {
    const ClientContext& target = *context;
    tls_stream.reset();
    if (target.url.tls) tls_stream = std::make_unique<asio::ssl::stream<tcp::socket>>(executor, *target.tls);
    error_code error;
    if (target.local_addresses.empty()) {
      co_await asio::async_connect(socket(), target.endpoints, asio::redirect_error(asio::use_awaitable, error));
    } else {
      co_await connect_from_local_address(error);
    }
    if (error) {
      const Failure failure = failure_after(error, Failure::connect, message);
      if (failure != Failure::connect) co_return failure;
      if (error == boost::system::errc::address_not_available) {
        message = "connect to " + target.url.host_header() + ": no local address and port to connect from "
                  "(EADDRNOTAVAIL: the ephemeral ports are used up, or a --local-ips address is not this machine's)";
        co_return Failure::no_local_port;
      }
      message = "connect to " + target.url.host_header() + ": " + message;
      co_return failure;
    }
    socket().set_option(tcp::no_delay(true), error);
    if (!tls_stream) enable_receive_timestamps(plain_socket.native_handle());  // see receive()
    if (tls_stream) {
      SSL_set_tlsext_host_name(tls_stream->native_handle(), target.url.host.c_str());  // SNI
      if (target.verify_tls) {
        tls_stream->set_verify_mode(asio::ssl::verify_peer);
        tls_stream->set_verify_callback(asio::ssl::host_name_verification(target.url.host));
      } else {
        tls_stream->set_verify_mode(asio::ssl::verify_none);
      }
      co_await tls_stream->async_handshake(asio::ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, error));
      if (error) {
        const Failure failure = failure_after(error, Failure::tls, message);
        if (failure == Failure::tls) message = "TLS handshake with " + target.url.host_header() + ": " + message;
        co_return failure;
      }
    }
    open = true;
    co_return Failure::none;
  }

  // An idle kept-alive connection is usable only if nothing has arrived on it: the server's FIN
  // or RST (it closed the connection while idle: its keep-alive limit), or bytes we did not ask
  // for (a 408, a TLS close_notify). Checked without blocking, before the request is written, so
  // a connection the server has dropped costs a reconnect, never a second sending of a request.
  bool idle_connection_usable() {
    char byte = 0;
    const ssize_t count = ::recv(socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }

  asio::awaitable<size_t> write_all(std::string_view bytes, error_code& error) {
    if (tls_stream) co_return co_await asio::async_write(*tls_stream, asio::buffer(bytes), asio::redirect_error(asio::use_awaitable, error));
    co_return co_await asio::async_write(plain_socket, asio::buffer(bytes), asio::redirect_error(asio::use_awaitable, error));
  }

  // Reads what is there and says when it arrived. Over plain TCP, recvmsg returns the kernel's
  // receive time (SO_TIMESTAMPNS), so a token is timed by its arrival at the socket, not by when
  // this event loop got round to reading it; `read_at` is when we did. Over TLS the TLS layer
  // reads the socket itself, and arrival is the read time.
  asio::awaitable<size_t> receive(char* into, size_t room, error_code& error, Clock::time_point& arrived,
                                  Clock::time_point& read_at) {
    if (tls_stream) {
      const size_t count = co_await tls_stream->async_read_some(asio::buffer(into, room),
                                                                asio::redirect_error(asio::use_awaitable, error));
      arrived = read_at = Clock::now();
      co_return count;
    }
    const int fd = plain_socket.native_handle();
    bool wait_first = likely_drained;
    while (true) {
      if (wait_first) {
        co_await plain_socket.async_wait(tcp::socket::wait_read, asio::redirect_error(asio::use_awaitable, error));
        if (error) {
          arrived = read_at = Clock::now();
          co_return 0;
        }
      }
      const ssize_t count = receive_timed(fd, into, room, MSG_DONTWAIT, arrived, read_at);
      if (count >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        likely_drained = count > 0 && static_cast<size_t>(count) < room;
        if (count == 0) error = asio::error::eof;
        if (count < 0) error = error_code(errno, boost::system::system_category());
        co_return count > 0 ? static_cast<size_t>(count) : 0;
      }
      wait_first = errno != EINTR;
    }
  }

  static Failure parser_failure(const HttpResponseParser& parser, std::string& message) {
    message = parser.error_message();
    return parser.error() == HttpResponseParser::Error::content_encoding ? Failure::content_encoding
                                                                         : Failure::malformed_http;
  }

  asio::awaitable<Failure> read_response(ResponseConsumer& consumer, ExchangeResult& result) {
    HttpResponseParser parser(consumer);
    buffer.clear();
    likely_drained = true;  // the request has only just been written: no response byte yet
    auto finish = [&](Clock::time_point t_end) {
      result.status = parser.status();
      result.framing = parser.framing();
      result.retry_after = parser.retry_after();
      result.t_end = t_end;
    };
    while (true) {
      if (cancelled) co_return Failure::cancelled;  // cancel() found no operation pending
      // Read into all the free room; grow when a read fills it, so big responses take few reads.
      if (buffer.capacity() - buffer.size() < 512) buffer.reserve(std::min(buffer.capacity() * 2, buffer.size() + kMaxReadChunk));
      error_code error;
      const size_t room = buffer.capacity() - buffer.size();
      Clock::time_point t_read{}, read_at{};  // one arrival time per read, taken before parsing
      const size_t count = co_await receive(buffer.data() + buffer.size(), room, error, t_read, read_at);
      result.max_read_delay_ns = std::max(result.max_read_delay_ns, nanoseconds_between(t_read, read_at));
      if (error) {
        if (error == asio::error::eof && timed_out == Failure::none && !cancelled) {
          parser.put_eof();  // completes a body delimited by the connection's end
          if (parser.done()) {
            finish(t_read);
            close();
            co_return Failure::none;
          }
          result.status = parser.status();
          result.retry_after = parser.retry_after();
          if (parser.error() != HttpResponseParser::Error::none) co_return parser_failure(parser, result.message);
        }
        const Failure failure = failure_after(error, Failure::disconnected, result.message);
        if (failure == Failure::disconnected) {
          result.message = std::string(result.received_bytes ? "connection closed mid-response: "
                                                              : "connection closed before any response byte: ") +
                           result.message;
        }
        co_return failure;
      }
      // TCP delivers in order: a read's bytes cannot have arrived before the previous read's.
      if (result.received_bytes && t_read < last_read) t_read = last_read;
      last_read = t_read;
      if (!result.received_bytes) {
        result.received_bytes = true;
        enter_phase(Phase::streaming);
      }
      buffer.grow_by(count);  // commit first: reserve() keeps only committed bytes
      if (count == room && buffer.capacity() < kMaxReadChunk) buffer.reserve(buffer.capacity() * 2);
      buffer.consume_front(parser.put(buffer.view(), t_read));
      if (parser.error() != HttpResponseParser::Error::none) {
        result.status = parser.status();
        co_return parser_failure(parser, result.message);
      }
      if (parser.done()) {
        finish(t_read);
        if (!parser.keep_alive()) close();
        co_return Failure::none;
      }
    }
  }
};

HttpConnection::HttpConnection(asio::any_io_executor executor, std::shared_ptr<const ClientContext> context)
    : state_(std::make_shared<State>(std::move(executor), std::move(context))) {}

HttpConnection::~HttpConnection() { close(); }

asio::awaitable<bool> HttpConnection::open() {
  std::shared_ptr<State> state = state_;
  if (state->open) co_return true;
  state->begin_exchange();
  state->enter_phase(Phase::connecting);
  std::string ignored_message;
  const Failure failure = co_await state->connect(ignored_message);
  state->phase = Phase::idle;
  state->stop_watchdog();  // nothing pending, so an event loop with only idle connections can finish
  if (failure != Failure::none) state->close();
  co_return failure == Failure::none;
}

void HttpConnection::close() {
  state_->phase = Phase::idle;
  state_->stop_watchdog();
  state_->close();
}

bool HttpConnection::is_open() const { return state_->open; }

void HttpConnection::cancel() {
  state_->cancelled = true;
  error_code ignored;
  state_->stop_watchdog();
  state_->socket().cancel(ignored);
}

asio::awaitable<ExchangeResult> HttpConnection::exchange(std::string_view request_bytes, ResponseConsumer& consumer) {
  std::shared_ptr<State> state = state_;  // keeps the state alive across suspensions
  ExchangeResult result;
  state->begin_exchange();
  if (state->open && !state->idle_connection_usable()) state->close();  // dropped while idle: reconnect
  result.connection_reused = state->open;
  do {
    if (!state->open) {
      state->enter_phase(Phase::connecting);
      result.failure = co_await state->connect(result.message);
      if (result.failure != Failure::none) break;
      result.t_connected = Clock::now();
    }
    state->enter_phase(Phase::awaiting_first_byte);
    error_code error;
    co_await state->write_all(request_bytes, error);
    if (error) {
      result.failure = state->failure_after(error, Failure::disconnected, result.message);
      if (result.failure == Failure::disconnected) result.message = "connection closed while sending: " + result.message;
      break;
    }
    result.t_sent = Clock::now();
    result.failure = co_await state->read_response(consumer, result);
  } while (false);
  state->phase = Phase::idle;
  if (result.failure != Failure::none) {
    state->close();
    result.t_end = Clock::now();
  }
  co_return result;
}

}  // namespace genai::net
