// The connection against a tiny server on loopback, where the truth is known: when the server
// wrote, and how long the client's event loop was kept from reading.
#include "net/http_connection.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <thread>

namespace genai::net {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

struct RecordingConsumer final : ResponseConsumer {
  int status = 0;
  std::string body;
  Clock::time_point first_arrival{};
  void on_status(int value) override { status = value; }
  void on_body(std::string_view bytes, Clock::time_point t_read) override {
    if (body.empty()) first_arrival = t_read;
    body.append(bytes);
  }
};

TEST(HttpConnection, BytesAreTimedByArrivalNotByWhenTheClientGotToThem) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  auto url = parse_url("http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()));
  ASSERT_TRUE(url);
  auto context = make_client_context({*url, true, Timeouts{}});
  ASSERT_TRUE(context) << context.error();
  // The client context switches the kernel's receive timestamping on; Linux applies the switch a
  // moment later (on a workqueue), as it would during a benchmark's preconnect.
  std::this_thread::sleep_for(50ms);
  HttpConnection connection(io.get_executor(), *context);

  Clock::time_point written{};
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    char request[4096];
    co_await socket.async_read_some(asio::buffer(request), asio::use_awaitable);
    const std::string response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    co_await asio::async_write(socket, asio::buffer(response), asio::use_awaitable);
    written = Clock::now();
    std::this_thread::sleep_for(50ms);  // the client shares this thread: it cannot read meanwhile
    co_await socket.async_read_some(asio::buffer(request), asio::use_awaitable);  // hold it open
  }, asio::detached);

  RecordingConsumer consumer;
  ExchangeResult result;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    result = co_await connection.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n", consumer);
    connection.close();
    acceptor.close();
  }, asio::detached);
  io.run_for(5s);

  ASSERT_EQ(result.failure, Failure::none) << result.message;
  EXPECT_EQ(consumer.status, 200);
  EXPECT_EQ(consumer.body, "hello");
  // Arrival is when the server wrote, within loopback's microseconds, not 50 ms later...
  EXPECT_LT(std::chrono::abs(consumer.first_arrival - written), 5ms);
  // ...and the 50 ms the bytes waited for the client is reported as the client's own lag.
  EXPECT_GT(result.max_read_delay_ns, 45'000'000);
  EXPECT_LT(result.max_read_delay_ns, 500'000'000);
}

}  // namespace
}  // namespace genai::net
