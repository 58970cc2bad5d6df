// Test helper: a programmable HTTP server on loopback for the fault matrix. Each accepted
// connection runs the test's script on a thread of its own, byte for byte (stall, reset, any
// framing, 1-byte writes, compression), and the server keeps the truth the tests compare with:
// how many requests it read, when, and with which headers.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace genai::testing {

class FaultConnection {
 public:
  FaultConnection(int fd, int index, class FaultServer& server) : fd_(fd), index_(index), server_(server) {}
  // Reads one request (head and Content-Length body). Returns its number among all requests the
  // server read (0-based), or -1 when the client closed the connection first.
  int read_request();
  const std::string& last_request_head() const { return head_; }
  const std::string& last_request_body() const { return body_; }
  // False once the client has gone (the bytes went nowhere).
  bool write(std::string_view bytes);
  // Writes `bytes` `piece` bytes at a time, sleeping `pause` between pieces.
  void write_in_pieces(std::string_view bytes, size_t piece, std::chrono::milliseconds pause);
  void close();  // an orderly close (FIN)
  void reset();  // an abortive close (RST)
  // Keeps the connection open, sending nothing, until the client closes it or `limit` passes.
  void hold_until_client_closes(std::chrono::milliseconds limit);
  int index() const { return index_; }  // which connection of the server (0-based)
  void reset_if_open();  // after the script: closes what it left open

 private:
  int fd_;
  int index_;
  FaultServer& server_;
  std::string pending_;
  std::string head_;
  std::string body_;
};

class FaultServer {
 public:
  using Script = std::function<void(FaultConnection&)>;
  // `receive_buffer_bytes` > 0: each connection's SO_RCVBUF, so a request larger than the
  // buffers waits for the script to read it (a server that does not take the bytes).
  explicit FaultServer(Script script, int receive_buffer_bytes = 0);
  ~FaultServer();
  FaultServer(const FaultServer&) = delete;
  FaultServer& operator=(const FaultServer&) = delete;

  uint16_t port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_.load(); }
  int connections() const { return connections_.load(); }
  std::vector<std::chrono::steady_clock::time_point> request_times() const;
  // Each accepted connection's source address ("127.0.0.2"), in the order accepted.
  std::vector<std::string> peer_addresses() const;

 private:
  friend class FaultConnection;
  int note_request();
  void forget(int fd);  // a connection closed by its script
  void accept_loop();

  Script script_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<std::chrono::steady_clock::time_point> request_times_;
  std::vector<int> connection_fds_;
  std::vector<std::string> peer_addresses_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

// Bodies of an OpenAI chat stream. Each content event carries one token "t<i> "; the usage
// event says `tokens` completion tokens.
std::string content_event_json(int index);
std::string usage_event_json(int tokens);
// The whole SSE body: `tokens` content events, a usage event, then [DONE] (unless `with_done` is
// false), each as "data: ...\n\n".
std::string sse_body(int tokens, bool with_done = true);
// A whole chunked response for that body.
std::string chunked_sse_response(int tokens);
std::string http_chunk(std::string_view bytes);

// The body of GET `path` from a server on 127.0.0.1:`port` (Connection: close); throws on failure.
std::string http_get(uint16_t port, const std::string& path);

}  // namespace genai::testing
