// Parses one HTTP/1.x response as its bytes arrive (Beast's basic_parser underneath) and hands the
// de-chunked, decompressed body to a consumer, piece by piece, with the time its bytes were read.
// Pure: no sockets, so every framing can be tested and fuzzed byte by byte.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "net/clock.h"

namespace genai::net {

class ResponseConsumer {
 public:
  virtual ~ResponseConsumer() = default;
  virtual void on_status(int status) = 0;
  // A piece of the de-chunked body; kReadPadding readable bytes follow it. `t_read` is when its
  // bytes arrived: the kernel's receive time over plain TCP, else when the read completed.
  virtual void on_body(std::string_view bytes, Clock::time_point t_read) = 0;
};

// How the body's end is known. `until_close`: no length and not chunked (HTTP/1.0 style), so only
// the connection's end ends it, and a cut cannot be told from an end by the framing alone.
enum class BodyFraming { unknown, none, content_length, chunked, until_close };

class HttpResponseParser {
 public:
  enum class Error { none, malformed, content_encoding };

  explicit HttpResponseParser(ResponseConsumer& consumer);
  ~HttpResponseParser();
  HttpResponseParser(const HttpResponseParser&) = delete;
  HttpResponseParser& operator=(const HttpResponseParser&) = delete;

  // Parses as much of `bytes` as it can (they arrived at `t_read`) and returns how many it used;
  // the rest (an incomplete line) must be offered again with more bytes after it. `bytes` must
  // be followed by kReadPadding readable bytes: body pieces are handed on in place.
  size_t put(std::string_view bytes, Clock::time_point t_read);
  // The connection ended: completes a body delimited by it (see BodyFraming::until_close).
  void put_eof();

  bool header_done() const;
  bool done() const;
  Error error() const { return error_; }
  const std::string& error_message() const { return error_message_; }
  int status() const { return status_; }
  bool keep_alive() const;
  BodyFraming framing() const { return framing_; }
  // The server's wish for the next attempt (429, 503): Retry-After (delta-seconds or an HTTP-date)
  // or retry-after-ms (Azure OpenAI, honoured by OpenAI's own SDKs), whichever was sent last.
  std::optional<std::chrono::nanoseconds> retry_after() const { return retry_after_; }

 private:
  class Impl;
  friend class Impl;
  std::unique_ptr<Impl> impl_;
  ResponseConsumer& consumer_;
  Error error_ = Error::none;
  std::string error_message_;
  int status_ = 0;
  BodyFraming framing_ = BodyFraming::unknown;
  std::optional<std::chrono::nanoseconds> retry_after_;
};

}  // namespace genai::net
