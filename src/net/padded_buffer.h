// A growable byte buffer that always keeps kReadPadding readable zero bytes past its end, so
// simdjson can parse any span inside it in place (it reads up to 64 bytes beyond a document).
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace genai::net {

// Every span handed to the SSE decoder and on to the event parsers has at least this many
// readable bytes after its end. simdjson::SIMDJSON_PADDING is 64.
inline constexpr size_t kReadPadding = 64;

class PaddedBuffer {
 public:
  // Allocates nothing until first needed: most of a connection's buffers stay empty.
  explicit PaddedBuffer(size_t initial_capacity = 0) {
    if (initial_capacity > 0) reserve(initial_capacity);
  }

  const char* data() const { return bytes_.get(); }
  char* data() { return bytes_.get(); }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }
  std::string_view view() const { return {bytes_.get(), size_}; }

  void clear() { size_ = 0; }
  void append(std::string_view bytes) {
    if (bytes.empty()) return;  // an empty view may have a null data(): memcpy must not see it
    reserve(size_ + bytes.size());
    std::memcpy(bytes_.get() + size_, bytes.data(), bytes.size());
    size_ += bytes.size();
  }
  void push_back(char c) { append(std::string_view(&c, 1)); }

  // Room to write `count` more bytes at data() + size(); commit them with grow_by().
  char* prepare(size_t count) {
    reserve(size_ + count);
    return bytes_.get() + size_;
  }
  void grow_by(size_t count) { size_ += count; }
  // Drops the first `count` bytes (moves the rest to the front).
  void consume_front(size_t count) {
    if (count >= size_) {
      size_ = 0;
      return;
    }
    std::memmove(bytes_.get(), bytes_.get() + count, size_ - count);
    size_ -= count;
  }

  void reserve(size_t wanted) {
    if (wanted <= capacity_ && bytes_) return;
    size_t new_capacity = capacity_ < 256 ? 256 : capacity_;
    while (new_capacity < wanted) new_capacity *= 2;
    auto grown = std::make_unique<char[]>(new_capacity + kReadPadding);  // zero-filled
    if (size_ != 0) std::memcpy(grown.get(), bytes_.get(), size_);
    bytes_ = std::move(grown);
    capacity_ = new_capacity;
  }

 private:
  std::unique_ptr<char[]> bytes_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace genai::net
