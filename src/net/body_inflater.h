// Decompresses a response body sent with Content-Encoding gzip or deflate, as it streams: each
// compressed piece yields what it can decode at once, so a server that flushes per SSE event
// still has its events timed when they arrive. zlib does the work.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "net/padded_buffer.h"

namespace genai::net {

class BodyInflater {
 public:
  enum class Format { gzip, deflate };
  explicit BodyInflater(Format format);
  ~BodyInflater();
  BodyInflater(const BodyInflater&) = delete;
  BodyInflater& operator=(const BodyInflater&) = delete;

  // Decompresses `compressed`; returns the bytes it yields (a view into a padded buffer of its
  // own, valid until the next call), or false with error() set when the data is not valid.
  bool inflate(std::string_view compressed, std::string_view& decoded);
  const std::string& error() const { return error_; }

 private:
  struct Stream;
  std::unique_ptr<Stream> stream_;
  Format format_;
  std::string header_;  // deflate: the first two bytes, until they tell zlib-wrapped from raw
  bool started_ = false;
  bool finished_ = false;
  PaddedBuffer output_;
  std::string error_;
};

}  // namespace genai::net
