// Fuzzes net::EventStreamDecoder: the messages and the corruption of a stream must not depend on
// where its reads end, and must be those of a plain whole-buffer reading of the format.
// Input: byte 0 seeds the split points and a small size limit; when it is odd the CRCs of the
// stream are made right first (random bytes almost never carry a valid CRC32, and every header
// path sits behind one). The rest is the stream.
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.h"
#include "net/event_stream_decoder.h"
#include "net/event_stream_encoder.h"
#include "padded_bytes.h"
#include "workload/random.h"

namespace {

using genai::fuzz::PaddedBytes;
using genai::net::EventStreamDecoder;

struct Message {
  std::string message_type, event_type, error_message, payload;
  bool operator==(const Message&) const = default;
};

struct Decoded {
  std::vector<Message> messages;
  bool corrupt = false;
  std::string corruption;  // the reference leaves it empty
};

uint32_t u32_at(std::string_view bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

uint32_t crc_of(std::string_view bytes) {
  return static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

void put_u32(std::string& bytes, size_t at, uint32_t value) {
  for (size_t i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>(value >> (24 - 8 * i));
}

// Rewrites every prelude and message CRC the stream's lengths lead to.
void repair_crcs(std::string& stream) {
  for (size_t at = 0; stream.size() - at >= 12;) {
    put_u32(stream, at + 8, crc_of(std::string_view(stream).substr(at, 8)));
    const uint32_t total = u32_at(stream, at);
    if (total < 16 || total > stream.size() - at) return;
    put_u32(stream, at + total - 4, crc_of(std::string_view(stream).substr(at, total - 4)));
    at += total;
  }
}

// The string headers of one message, in order; nullopt if a header is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> reference_headers(std::string_view headers) {
  std::vector<std::pair<std::string, std::string>> strings;
  while (!headers.empty()) {
    const size_t name_length = static_cast<unsigned char>(headers[0]);
    if (headers.size() < 2 + name_length) return std::nullopt;
    const std::string name(headers.substr(1, name_length));
    const int type = static_cast<unsigned char>(headers[1 + name_length]);
    headers.remove_prefix(2 + name_length);
    static constexpr int kSizes[] = {0, 0, 1, 2, 4, 8, -1, -1, 8, 16};  // -1: u16 length first
    if (type > 9) return std::nullopt;
    size_t size = static_cast<size_t>(kSizes[type]);
    if (kSizes[type] < 0) {
      if (headers.size() < 2) return std::nullopt;
      size = static_cast<size_t>(static_cast<unsigned char>(headers[0])) << 8 | static_cast<unsigned char>(headers[1]);
      headers.remove_prefix(2);
    }
    if (headers.size() < size) return std::nullopt;
    if (type == 7) strings.emplace_back(name, headers.substr(0, size));
    headers.remove_prefix(size);
  }
  return strings;
}

Message reference_message(const std::vector<std::pair<std::string, std::string>>& headers, std::string_view payload) {
  const auto value = [&](std::string_view name) {
    std::string last;
    for (const auto& [header, text] : headers) {
      if (header == name) last = text;
    }
    return last;
  };
  const std::string type = value(":message-type");
  const std::string event_type =
      value(type == "exception" ? ":exception-type" : type == "error" ? ":error-code" : ":event-type");
  return {type, event_type, value(":error-message"), std::string(payload)};
}

// The format as the decoder's header states it, read from one whole buffer with no carry: the
// messages up to the first bad one, and whether there was one (a cut-off last message included).
Decoded reference_decode(std::string_view stream, size_t max_message_bytes) {
  Decoded decoded;
  while (!stream.empty()) {
    decoded.corrupt = true;
    if (stream.size() < 12 || u32_at(stream, 8) != crc_of(stream.substr(0, 8))) return decoded;
    const uint32_t total = u32_at(stream, 0), headers_length = u32_at(stream, 4);
    if (total < 16 || total > max_message_bytes || headers_length > total - 16 || total > stream.size()) return decoded;
    if (u32_at(stream, total - 4) != crc_of(stream.substr(0, total - 4))) return decoded;
    const auto headers = reference_headers(stream.substr(12, headers_length));
    if (!headers) return decoded;
    const std::string_view payload = stream.substr(12 + headers_length, total - 16 - headers_length);
    decoded.messages.push_back(reference_message(*headers, payload));
    decoded.corrupt = false;
    stream.remove_prefix(total);
  }
  return decoded;
}

void collect(const genai::net::EventStreamMessage& message, std::vector<Message>& messages) {
  genai::fuzz::touch_padding(message.payload);
  messages.push_back({std::string(message.message_type), std::string(message.event_type),
                      std::string(message.error_message), std::string(message.payload)});
}

enum class Pieces { own_buffers, one_buffer };

// Pushes `stream` cut after each of `lengths` bytes (the rest in one last piece). own_buffers:
// each piece in an exact allocation freed before the next push, so a view kept too long is a
// heap-use-after-free; one_buffer: views into one buffer, as consecutive reads are.
Decoded decode(EventStreamDecoder& decoder, const PaddedBytes& stream, const std::vector<size_t>& lengths,
               Pieces pieces) {
  Decoded decoded;
  const std::string_view bytes = stream.view();
  size_t at = 0;
  for (size_t i = 0; i <= lengths.size(); ++i) {
    const size_t length = i < lengths.size() ? std::min(lengths[i], bytes.size() - at) : bytes.size() - at;
    const std::string_view piece = bytes.substr(at, length);
    at += length;
    std::optional<PaddedBytes> copy;
    if (pieces == Pieces::own_buffers) copy.emplace(piece);
    decoder.push(copy ? copy->view() : piece);
    while (auto message = decoder.next()) collect(*message, decoded.messages);
  }
  while (auto message = decoder.finish()) collect(*message, decoded.messages);
  FUZZ_CHECK(!decoder.has_partial_message(), "bytes left over after finish()");
  decoded.corrupt = decoder.corrupt();
  decoded.corruption = decoder.corruption();
  FUZZ_CHECK(decoded.corrupt == !decoded.corruption.empty(), "corrupt() and corruption() disagree");
  FUZZ_CHECK(decoded.corruption.find('\n') == std::string::npos, "corruption is not one line");
  return decoded;
}

std::string describe(const Decoded& decoded) {
  std::string text;
  for (const Message& m : decoded.messages) {
    text += "[" + m.message_type + "|" + m.event_type + "|" + m.error_message + "|" +
            std::to_string(m.payload.size()) + "] ";
  }
  return text + (decoded.corrupt ? "corrupt: " + decoded.corruption : "clean");
}

void check_same(const Decoded& got, const Decoded& expected, bool same_reason, const char* how) {
  const bool same = got.messages == expected.messages && got.corrupt == expected.corrupt &&
                    (!same_reason || got.corruption == expected.corruption);
  FUZZ_CHECK(same, "%s: %s\nexpected: %s", how, describe(got).c_str(), describe(expected).c_str());
}

// What the encoder makes of a message's string headers and payload decodes to the same message.
void check_round_trip(std::string_view stream, size_t max_message_bytes) {
  for (size_t at = 0; stream.size() - at >= 16;) {
    const uint32_t total = u32_at(stream, at), headers_length = u32_at(stream, at + 4);
    if (total < 16 || total > stream.size() - at || headers_length > total - 16 || total > max_message_bytes) return;
    const auto headers = reference_headers(stream.substr(at + 12, headers_length));
    if (!headers) return;
    const std::string_view payload = stream.substr(at + 12 + headers_length, total - 16 - headers_length);
    const PaddedBytes encoded(genai::net::encode_event_stream_message(*headers, payload));
    EventStreamDecoder decoder;
    decoder.push(encoded.view());
    const auto message = decoder.next();
    FUZZ_CHECK(message && !decoder.has_partial_message(), "an encoded message does not decode: %s",
               decoder.corruption().c_str());
    std::vector<Message> got;
    collect(*message, got);
    FUZZ_CHECK(got[0] == reference_message(*headers, payload), "the encoder's message decodes differently");
    at += total;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) repair_crcs(bytes);
  const PaddedBytes stream(bytes);
  genai::workload::Random random(data[0]);
  const Decoded expected = reference_decode(stream.view(), 16 * 1024 * 1024);

  EventStreamDecoder decoder;
  const Decoded whole = decode(decoder, stream, {}, Pieces::one_buffer);
  check_same(whole, expected, false, "one push");

  // Reads of up to `longest` bytes, empty ones included; the same decoder, reset, must start clean.
  const size_t longest = 1 + random() % 64;
  std::vector<size_t> lengths;
  for (size_t total = 0; total < bytes.size();) total += lengths.emplace_back(random() % (longest + 1));
  decoder.reset();
  check_same(decode(decoder, stream, lengths, Pieces::own_buffers), whole, true, "split reads");

  EventStreamDecoder byte_decoder;
  check_same(decode(byte_decoder, stream, std::vector<size_t>(bytes.size(), 1), Pieces::one_buffer), whole, true,
             "byte by byte");

  // A small size limit: the reference with the same limit says where it stops.
  const size_t limit = 16 + random() % 256;
  EventStreamDecoder limited(limit);
  const Decoded capped = decode(limited, stream, lengths, Pieces::own_buffers);
  check_same(capped, reference_decode(stream.view(), limit), false, "with a limit");

  check_round_trip(bytes, 16 * 1024 * 1024);
  return 0;
}
