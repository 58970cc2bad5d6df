#include "e2e/fault_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace genai::testing {

namespace {

bool read_more(int fd, std::string& into, int timeout_ms) {
  pollfd descriptor{fd, POLLIN, 0};
  if (poll(&descriptor, 1, timeout_ms) <= 0) return false;
  char buffer[65536];
  const ssize_t count = ::recv(fd, buffer, sizeof buffer, 0);
  if (count <= 0) return false;
  into.append(buffer, static_cast<size_t>(count));
  return true;
}

size_t content_length_of(const std::string& head) {
  std::string lower = head;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t at = lower.find("\r\ncontent-length:");
  if (at == std::string::npos) return 0;
  return std::stoul(lower.substr(at + 17));
}

}  // namespace

int FaultConnection::read_request() {
  if (fd_ < 0) return -1;
  while (pending_.find("\r\n\r\n") == std::string::npos) {
    if (!read_more(fd_, pending_, 30000)) return -1;
  }
  const size_t head_end = pending_.find("\r\n\r\n") + 4;
  head_ = pending_.substr(0, head_end);
  const size_t total = head_end + content_length_of(head_);
  while (pending_.size() < total) {
    if (!read_more(fd_, pending_, 30000)) return -1;
  }
  body_ = pending_.substr(head_end, total - head_end);
  pending_.erase(0, total);
  return server_.note_request();
}

bool FaultConnection::write(std::string_view bytes) {
  while (!bytes.empty()) {
    if (fd_ < 0) return false;
    const ssize_t count = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (count <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(count));
  }
  return true;
}

void FaultConnection::write_in_pieces(std::string_view bytes, size_t piece, std::chrono::milliseconds pause) {
  while (!bytes.empty()) {
    const size_t size = std::min(piece, bytes.size());
    write(bytes.substr(0, size));
    bytes.remove_prefix(size);
    if (!bytes.empty() && pause.count() > 0) std::this_thread::sleep_for(pause);
  }
}

void FaultConnection::close() { ::shutdown(fd_, SHUT_RDWR); }

void FaultConnection::reset() {
  if (fd_ < 0) return;
  linger abortive{1, 0};  // close() with a zero linger time sends RST instead of FIN
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
  server_.forget(fd_);
  ::close(fd_);
  fd_ = -1;
}

void FaultConnection::hold_until_client_closes(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::string ignored;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd descriptor{fd_, POLLIN, 0};
    if (poll(&descriptor, 1, 50) > 0) {
      char buffer[4096];
      if (::recv(fd_, buffer, sizeof buffer, 0) <= 0) return;
    }
  }
}

FaultServer::FaultServer(Script script, int receive_buffer_bytes) : script_(std::move(script)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  // Set before listen(): accepted connections inherit it, and their first window follows it.
  if (listen_fd_ >= 0 && receive_buffer_bytes > 0) {
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes, sizeof receive_buffer_bytes);
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, 128) != 0 || ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("fault server: cannot listen on 127.0.0.1");
  }
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

FaultServer::~FaultServer() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  {
    std::lock_guard lock(mutex_);
    for (int fd : connection_fds_) {
      if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
    }
  }
  for (auto& thread : threads_) thread.join();
  ::close(listen_fd_);
}

void FaultServer::accept_loop() {
  while (!stopping_) {
    pollfd descriptor{listen_fd_, POLLIN, 0};
    if (poll(&descriptor, 1, 50) <= 0) continue;
    sockaddr_in peer{};
    socklen_t peer_length = sizeof peer;
    const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &peer_length, SOCK_CLOEXEC);
    if (fd < 0) continue;
    char peer_text[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &peer.sin_addr, peer_text, sizeof peer_text);
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    const int index = connections_.fetch_add(1);
    std::lock_guard lock(mutex_);
    peer_addresses_.emplace_back(peer_text);
    connection_fds_.push_back(fd);
    threads_.emplace_back([this, fd, index] {
      FaultConnection connection(fd, index, *this);
      script_(connection);
      connection.reset_if_open();
    });
  }
}

void FaultConnection::reset_if_open() {
  if (fd_ < 0) return;
  server_.forget(fd_);
  ::close(fd_);
  fd_ = -1;
}

void FaultServer::forget(int fd) {
  std::lock_guard lock(mutex_);
  for (int& known : connection_fds_) {
    if (known == fd) known = -1;
  }
}

int FaultServer::note_request() {
  std::lock_guard lock(mutex_);
  request_times_.push_back(std::chrono::steady_clock::now());
  return requests_.fetch_add(1);
}

std::vector<std::string> FaultServer::peer_addresses() const {
  std::lock_guard lock(mutex_);
  return peer_addresses_;
}

std::vector<std::chrono::steady_clock::time_point> FaultServer::request_times() const {
  std::lock_guard lock(mutex_);
  return request_times_;
}

std::string content_event_json(int index) {
  return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t" +
         std::to_string(index) + " \"},\"finish_reason\":null}]}";
}

std::string usage_event_json(int tokens) {
  return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":8,"
         "\"completion_tokens\":" + std::to_string(tokens) + ",\"total_tokens\":" + std::to_string(8 + tokens) + "}}";
}

std::string sse_body(int tokens, bool with_done) {
  std::string body;
  for (int i = 0; i < tokens; ++i) body += "data: " + content_event_json(i) + "\n\n";
  body += "data: " + usage_event_json(tokens) + "\n\n";
  if (with_done) body += "data: [DONE]\n\n";
  return body;
}

std::string http_chunk(std::string_view bytes) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
  return std::string(size) + std::string(bytes) + "\r\n";
}

std::string chunked_sse_response(int tokens) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
         http_chunk(sse_body(tokens)) + "0\r\n\r\n";
}

std::string http_get(uint16_t port, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("http_get: cannot connect to port " + std::to_string(port));
  }
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string response;
  while (read_more(fd, response, 10000)) {
  }
  ::close(fd);
  const size_t body = response.find("\r\n\r\n");
  if (response.compare(0, 12, "HTTP/1.1 200") != 0 || body == std::string::npos) {
    throw std::runtime_error("http_get " + path + ": " + response.substr(0, 80));
  }
  return response.substr(body + 4);
}

}  // namespace genai::testing
