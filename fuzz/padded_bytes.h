// Fuzz input copied into an allocation of exactly its size plus net::kReadPadding, the promise
// every decoder of src/ is given. Exact, so ASan reports any read past the padding (a PaddedBuffer
// rounds its capacity up and would hide it); the padding is filled with JSON- and SSE-looking
// bytes rather than zeros, as in a real read buffer where the next event follows.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

#include "net/padded_buffer.h"

namespace genai::fuzz {

class PaddedBytes {
 public:
  explicit PaddedBytes(std::string_view bytes)
      : size_(bytes.size()), bytes_(std::make_unique<char[]>(bytes.size() + net::kReadPadding)) {
    if (!bytes.empty()) std::memcpy(bytes_.get(), bytes.data(), bytes.size());
    std::memcpy(bytes_.get() + size_, kFiller.data(), net::kReadPadding);
  }

  std::string_view view() const { return {bytes_.get(), size_}; }

 private:
  static constexpr std::string_view kFiller = "\"}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"\\u00e9\\\"}}]}\r\n\r\n: \xff";
  static_assert(kFiller.size() == net::kReadPadding);

  size_t size_;
  std::unique_ptr<char[]> bytes_;
};

// Reads the last byte promised to be readable after `view` (ASan checks the read). An empty view
// is exempt: it may have no buffer at all (SseDecoder hands out a null one for an empty `data`),
// and simdjson answers EMPTY without reading it.
inline void touch_padding(std::string_view view) {
  if (view.empty()) return;
  volatile char last = view.data()[view.size() + net::kReadPadding - 1];
  (void)last;
}

}  // namespace genai::fuzz
