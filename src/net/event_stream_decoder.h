// Incremental decoder of an AWS event stream (application/vnd.amazon.eventstream, Bedrock's
// streaming body): bytes go in split anywhere, whole CRC-checked messages come out. Pull-style:
//
//   decoder.push(bytes);                       // bytes must stay valid until the next push()
//   while (auto message = decoder.next()) use(*message);
//   ...at end of stream: while (auto message = decoder.finish()) use(*message);
//   if (decoder.corrupt()) report(decoder.corruption());
//
// A message is [total_len u32][headers_len u32][prelude CRC32][headers][payload][message CRC32],
// big-endian, CRC32 as zlib's. A header is (name_len u8)(name)(type u8)(value); every type is
// skipped by its size, and only string headers are reported. Zero-copy: a message that lies
// whole inside the pushed bytes is returned as views into them; one split across pushes is
// gathered in a PaddedBuffer. The caller guarantees net::kReadPadding readable bytes after every
// pushed span; the decoder guarantees the same after every non-empty payload view it returns,
// so simdjson can parse in place. Any framing error stops the decoder for good: after a bad
// length or CRC nothing later in the stream can be trusted to start on a message boundary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/padded_buffer.h"

namespace genai::net {

// Views valid until the next call to next(), finish(), push() or reset().
struct EventStreamMessage {
  std::string_view message_type;   // ":message-type" (event, exception, error); empty if absent
  std::string_view event_type;     // ":event-type", or ":exception-type" / ":error-code" for those kinds
  std::string_view error_message;  // ":error-message" (sent by error messages only)
  std::string_view payload;
};

class EventStreamDecoder {
 public:
  explicit EventStreamDecoder(size_t max_message_bytes = 16 * 1024 * 1024) : max_message_bytes_(max_message_bytes) {}

  void push(std::string_view bytes) {
    input_ = bytes.data();
    input_end_ = bytes.data() + bytes.size();
  }
  std::optional<EventStreamMessage> next();
  // End of stream: the messages still in the pushed bytes, then corrupt() if a message was cut off.
  std::optional<EventStreamMessage> finish();

  // Set by a CRC mismatch, an impossible length, a bad header, a message over max_message_bytes
  // or one cut off by finish(); the decoder then yields nothing more.
  bool corrupt() const { return corrupt_; }
  // One line: what was wrong, with the message's index and byte offset in the stream.
  const std::string& corruption() const { return corruption_; }
  // Bytes pushed that are not yet part of a returned message (a message still arriving).
  bool has_partial_message() const;
  void reset();

 private:
  std::optional<EventStreamMessage> next_in_input();
  std::optional<EventStreamMessage> next_carried();
  void carry(size_t count);
  std::optional<uint32_t> read_prelude(const char* message);
  std::optional<EventStreamMessage> decode_message(const char* message, uint32_t total_length);
  bool read_headers(std::string_view headers, EventStreamMessage& message);
  void fail(std::string reason);

  const char* input_ = nullptr;
  const char* input_end_ = nullptr;
  PaddedBuffer carried_;              // a message split across pushes
  uint32_t carried_total_length_ = 0; // its length once its prelude has been checked, else 0
  bool carried_returned_ = false;     // carried_ holds the last message returned: drop it on the next call
  uint64_t messages_ = 0;             // messages returned, and bytes they took: where errors are reported
  uint64_t offset_ = 0;
  bool corrupt_ = false;
  std::string corruption_;
  size_t max_message_bytes_;
};

}  // namespace genai::net
