// Incremental decoder of a text/event-stream (Server-Sent Events) body: bytes go in split
// anywhere, whole events come out. Pull-style so the hot path has no callbacks:
//
//   decoder.push(bytes);                       // bytes must stay valid until the next push()
//   while (auto event = decoder.next()) use(*event);
//   ...at end of stream: while (auto event = decoder.finish()) use(*event);
//
// Lines end with LF or CRLF (a lone CR is not a line end: no LLM server sends one). `data:`
// lines of one event are joined with '\n'; comments (':' lines), `id:` and `retry:` are skipped.
// Zero-copy: an event whose single data line lies inside the pushed bytes is returned as a view
// into them. The caller guarantees net::kReadPadding readable bytes after every pushed span; the
// decoder guarantees the same after every non-empty data view it returns, so simdjson can parse
// in place. An empty view may have no buffer at all (simdjson answers EMPTY without reading).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "net/padded_buffer.h"

namespace genai::net {

struct SseEvent {
  std::string_view type;  // the `event:` field; empty for the default "message"
  std::string_view data;  // valid until the next call to next(), push() or finish()
};

class SseDecoder {
 public:
  explicit SseDecoder(size_t max_event_bytes = 16 * 1024 * 1024) : max_event_bytes_(max_event_bytes) {}

  void push(std::string_view bytes) {
    input_ = bytes.data();
    input_end_ = bytes.data() + bytes.size();
  }
  std::optional<SseEvent> next();
  // End of stream: a last event not followed by a blank line is still delivered.
  std::optional<SseEvent> finish();

  // Set once an event or line exceeded max_event_bytes; the decoder then yields nothing more.
  bool overflowed() const { return overflowed_; }
  void reset();

 private:
  enum class LineOrigin { input, carried };
  std::optional<SseEvent> next_single_line_event();
  std::optional<SseEvent> take_line(std::string_view line, LineOrigin origin);
  std::optional<SseEvent> dispatch();
  void own_data();

  const char* input_ = nullptr;
  const char* input_end_ = nullptr;
  std::string carried_line_;  // a line split across pushes
  PaddedBuffer data_;         // data of the current event when it cannot be a view
  std::string_view data_view_;
  bool has_data_ = false;
  bool data_is_owned_ = false;
  std::string event_type_;
  bool reset_pending_ = false;
  bool overflowed_ = false;
  size_t max_event_bytes_;
};

}  // namespace genai::net
