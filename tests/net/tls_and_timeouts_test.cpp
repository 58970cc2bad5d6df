// HTTPS with certificate verification on by default, --insecure, and the timeouts, each against
// a small loopback server whose behaviour (certificate, silence, stall) is the known truth.
#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <memory>

#include "net/http_connection.h"

namespace genai::net {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

struct BodyCollector final : ResponseConsumer {
  std::string body;
  void on_status(int) override {}
  void on_body(std::string_view bytes, Clock::time_point) override { body.append(bytes); }
};

const std::string kResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
const std::string kRequest = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

// A self-signed certificate for 127.0.0.1, made for the test: no file, no network.
struct SelfSignedCertificate {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{EVP_EC_gen("P-256"), EVP_PKEY_free};
  std::unique_ptr<X509, decltype(&X509_free)> certificate{X509_new(), X509_free};
  SelfSignedCertificate() {
    X509* cert = certificate.get();
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key.get());
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, "IP:127.0.0.1");
    X509_add_ext(cert, san, -1);
    X509_EXTENSION_free(san);
    X509_sign(cert, key.get(), EVP_sha256());
  }
};

asio::awaitable<void> serve_tls(tcp::acceptor& acceptor, asio::ssl::context& tls, int connections) {
  for (int i = 0; i < connections; ++i) {
    boost::system::error_code error;
    tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, error));
    if (error) co_return;
    asio::ssl::stream<tcp::socket> stream(std::move(socket), tls);
    co_await stream.async_handshake(asio::ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, error));
    if (error) continue;  // the client refused our certificate
    char request[4096];
    co_await stream.async_read_some(asio::buffer(request), asio::redirect_error(asio::use_awaitable, error));
    co_await asio::async_write(stream, asio::buffer(kResponse), asio::redirect_error(asio::use_awaitable, error));
  }
}

ExchangeResult exchange_once(asio::io_context& io, const Url& url, bool verify_tls, Timeouts timeouts,
                             BodyCollector& body) {
  auto context = make_client_context({url, verify_tls, timeouts});
  EXPECT_TRUE(context) << context.error();
  auto connection = std::make_shared<HttpConnection>(io.get_executor(), *context);
  ExchangeResult result;
  bool done = false;
  asio::co_spawn(io, [&, connection]() -> asio::awaitable<void> {
    result = co_await connection->exchange(kRequest, body);
    connection->close();
    done = true;
  }, asio::detached);
  while (!done && io.run_one_for(5s) > 0) {
  }
  return result;
}

TEST(Tls, VerifiesCertificatesByDefaultAndInsecureSkipsIt) {
  SelfSignedCertificate certificate;
  asio::io_context io;
  asio::ssl::context tls(asio::ssl::context::tls_server);
  ASSERT_EQ(SSL_CTX_use_certificate(tls.native_handle(), certificate.certificate.get()), 1);
  ASSERT_EQ(SSL_CTX_use_PrivateKey(tls.native_handle(), certificate.key.get()), 1);
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  asio::co_spawn(io, serve_tls(acceptor, tls, 2), asio::detached);
  auto url = parse_url("https://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()));
  ASSERT_TRUE(url);

  BodyCollector refused;
  const ExchangeResult verified = exchange_once(io, *url, /*verify_tls=*/true, Timeouts{}, refused);
  EXPECT_EQ(verified.failure, Failure::tls) << verified.message;  // self-signed: not trusted
  EXPECT_NE(verified.message.find("TLS handshake"), std::string::npos) << verified.message;

  BodyCollector accepted;
  const ExchangeResult insecure = exchange_once(io, *url, /*verify_tls=*/false, Timeouts{}, accepted);
  EXPECT_EQ(insecure.failure, Failure::none) << insecure.message;
  EXPECT_EQ(insecure.status, 200);
  EXPECT_EQ(accepted.body, "ok");
}

// Accepts, reads the request, sends `first` (maybe nothing), then stays silent for 5 s.
asio::awaitable<void> serve_then_stall(tcp::acceptor& acceptor, std::string first) {
  tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
  char request[4096];
  co_await socket.async_read_some(asio::buffer(request), asio::use_awaitable);
  if (!first.empty()) co_await asio::async_write(socket, asio::buffer(first), asio::use_awaitable);
  asio::steady_timer silence(socket.get_executor(), 5s);
  boost::system::error_code ignored;
  co_await silence.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

ExchangeResult against_stalling_server(const std::string& first, Timeouts timeouts, Clock::duration& took) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  asio::co_spawn(io, serve_then_stall(acceptor, first), asio::detached);
  auto url = parse_url("http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()));
  BodyCollector body;
  const auto start = Clock::now();
  ExchangeResult result = exchange_once(io, *url, true, timeouts, body);
  took = Clock::now() - start;
  return result;
}

TEST(Timeouts, SilentServerHitsTheFirstByteTimeout) {
  Timeouts timeouts;
  timeouts.first_byte = 150ms;
  Clock::duration took{};
  const ExchangeResult result = against_stalling_server("", timeouts, took);
  EXPECT_EQ(result.failure, Failure::timeout_first_byte);
  EXPECT_GE(took, 150ms);
  EXPECT_LT(took, 2s);
}

TEST(Timeouts, StallMidResponseHitsTheIdleTimeout) {
  Timeouts timeouts;
  timeouts.idle_read = 150ms;
  Clock::duration took{};
  const ExchangeResult result =
      against_stalling_server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", timeouts, took);
  EXPECT_EQ(result.failure, Failure::timeout_idle);
  EXPECT_TRUE(result.received_bytes);
  EXPECT_GE(took, 150ms);
  EXPECT_LT(took, 2s);
}

TEST(Timeouts, TotalTimeoutBoundsAStreamThatKeepsTrickling) {
  Timeouts timeouts;
  timeouts.total = 200ms;
  Clock::duration took{};
  const ExchangeResult result = against_stalling_server("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nab", timeouts, took);
  EXPECT_EQ(result.failure, Failure::timeout_total);
  EXPECT_GE(took, 200ms);
  EXPECT_LT(took, 2s);
}

// Opening the connection ahead (preconnect) must not leave the timer behind: a connect limit
// shorter than the first-byte limit used to leave an expired, unarmed timer that no later phase
// re-armed, and the exchange waited forever.
TEST(Timeouts, AConnectionOpenedAheadKeepsEveryLimit) {
  for (const std::string& first : {std::string(), std::string("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nab")}) {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
    asio::co_spawn(io, serve_then_stall(acceptor, first), asio::detached);
    auto url = parse_url("http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()));
    Timeouts timeouts;
    timeouts.connect = 50ms;
    timeouts.first_byte = 300ms;
    timeouts.idle_read = 300ms;
    auto context = make_client_context({*url, true, timeouts});
    ASSERT_TRUE(context);
    auto connection = std::make_shared<HttpConnection>(io.get_executor(), *context);
    BodyCollector body;
    ExchangeResult result;
    bool done = false;
    Clock::time_point sent{};
    asio::co_spawn(io, [&, connection]() -> asio::awaitable<void> {
      EXPECT_TRUE(co_await connection->open());
      asio::steady_timer later(io, 100ms);  // past the connect limit before the request
      co_await later.async_wait(asio::use_awaitable);
      sent = Clock::now();
      result = co_await connection->exchange(kRequest, body);
      connection->close();
      done = true;
    }, asio::detached);
    while (!done && io.run_one_for(3s) > 0) {
    }
    ASSERT_TRUE(done) << "the exchange never ended";
    EXPECT_EQ(result.failure, first.empty() ? Failure::timeout_first_byte : Failure::timeout_idle);
    EXPECT_FALSE(result.message.empty());
    EXPECT_GE(result.t_end - sent, 300ms);
    EXPECT_LT(result.t_end - sent, 2s);
  }
}

}  // namespace
}  // namespace genai::net
