// EventStreamDecoder and the encoder: Bedrock's frame, every split of a stream, every header
// type, each kind of corruption, and the padding promised after payload views.
#include "net/event_stream_decoder.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "net/event_stream_encoder.h"

namespace genai::net {
namespace {

using namespace std::string_view_literals;

struct Message {
  std::string message_type;
  std::string event_type;
  std::string error_message;
  std::string payload;
  bool operator==(const Message&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Message& message) {
  return out << "{" << message.message_type << "|" << message.event_type << "|" << message.error_message << "|"
             << message.payload.size() << " bytes}";
}

struct Decoded {
  std::vector<Message> messages;
  std::string corruption;  // empty when the stream decoded cleanly
  bool operator==(const Decoded&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Decoded& decoded) {
  for (const Message& message : decoded.messages) out << message << " ";
  return out << "corruption: '" << decoded.corruption << "'";
}

// A copy of `bytes` in an allocation of exactly its size plus kReadPadding, so that ASan reports
// a read past the padding (a PaddedBuffer rounds its capacity up and would hide it).
class ExactBuffer {
 public:
  explicit ExactBuffer(std::string_view bytes) : size_(bytes.size()), bytes_(new char[bytes.size() + kReadPadding]) {
    if (!bytes.empty()) std::memcpy(bytes_.get(), bytes.data(), bytes.size());
    std::memset(bytes_.get() + size_, '}', kReadPadding);
  }
  std::string_view view() const { return {bytes_.get(), size_}; }

 private:
  size_t size_;
  std::unique_ptr<char[]> bytes_;
};

// Reads the last byte promised readable after a payload (ASan checks the read).
void touch_padding(std::string_view payload) {
  if (payload.empty()) return;
  volatile char last = payload.data()[payload.size() + kReadPadding - 1];
  (void)last;
}

Message copy(const EventStreamMessage& message) {
  touch_padding(message.payload);
  return {std::string(message.message_type), std::string(message.event_type), std::string(message.error_message),
          std::string(message.payload)};
}

// Feeds `pieces` one push at a time, each from its own exact buffer freed before the next push
// (so a view kept too long is a use-after-free under ASan), draining after each; then finishes.
Decoded decode(const std::vector<std::string>& pieces, size_t max_message_bytes = 16 * 1024 * 1024) {
  EventStreamDecoder decoder(max_message_bytes);
  Decoded decoded;
  for (const std::string& piece : pieces) {
    const ExactBuffer buffer(piece);
    decoder.push(buffer.view());
    while (auto message = decoder.next()) decoded.messages.push_back(copy(*message));
  }
  while (auto message = decoder.finish()) decoded.messages.push_back(copy(*message));
  EXPECT_EQ(decoder.corrupt(), !decoder.corruption().empty());
  EXPECT_FALSE(decoder.has_partial_message());
  decoded.corruption = decoder.corruption();
  return decoded;
}

std::vector<std::string> random_pieces(const std::string& stream, std::mt19937& random, size_t longest) {
  std::vector<std::string> pieces;
  for (size_t at = 0; at < stream.size();) {
    const size_t length = std::min<size_t>(random() % (longest + 1), stream.size() - at);  // empty pushes too
    pieces.push_back(stream.substr(at, length));
    at += length;
  }
  return pieces;
}

// Whole, split in two at every byte, one byte at a time and in random pieces: the same result.
void expect_same_at_every_split(const std::string& stream, const Decoded& expected, size_t max_bytes = 1 << 24) {
  ASSERT_EQ(decode({stream}, max_bytes), expected) << "whole stream";
  for (size_t split = 0; split <= stream.size(); ++split) {
    ASSERT_EQ(decode({stream.substr(0, split), stream.substr(split)}, max_bytes), expected) << "split at " << split;
  }
  std::vector<std::string> bytes;
  for (char c : stream) bytes.emplace_back(1, c);
  ASSERT_EQ(decode(bytes, max_bytes), expected) << "one byte at a time";
  std::mt19937 random(7);
  for (int round = 0; round < 50; ++round) {
    ASSERT_EQ(decode(random_pieces(stream, random, 1 + round * 3), max_bytes), expected) << "random pieces " << round;
  }
}

std::string from_hex(std::string_view hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return bytes;
}

// Bedrock's chunk event for payload {"bytes":"eyJ0eXBlIjoicGluZyJ9"}, as sent on the wire.
const std::string kChunkFrame = from_hex(
    "0000007b0000004b0a2e96af0b3a6576656e742d7479706507000563687"
    "56e6b0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e"
    "0d3a6d6573736167652d747970650700056576656e74"
    "7b226279746573223a2265794a306558426c496a6f6963476c755a794a39227d"
    "a01f56c4");
const std::string kChunkPayload = R"({"bytes":"eyJ0eXBlIjoicGluZyJ9"})";

TEST(EventStreamDecoder, BedrockChunkFrameDecodes) {
  ASSERT_EQ(kChunkFrame.size(), 123u);
  expect_same_at_every_split(kChunkFrame, {{{"event", "chunk", "", kChunkPayload}}, ""});
}

TEST(EventStreamEncoder, ReproducesBedrocksChunkFrameByteForByte) {
  EXPECT_EQ(encode_event("chunk", kChunkPayload), kChunkFrame);
}

TEST(EventStreamDecoder, StreamOfEveryMessageKindAtEverySplitPoint) {
  const std::string stream = encode_event("messageStart", R"({"role":"assistant"})") +
                             encode_event("chunk", kChunkPayload) + encode_event("chunk", "") +
                             encode_exception("throttlingException", R"({"message":"Too many requests"})") +
                             encode_error("InternalFailure", "the server had an error");
  expect_same_at_every_split(stream, {{{"event", "messageStart", "", R"({"role":"assistant"})"},
                                       {"event", "chunk", "", kChunkPayload},
                                       {"event", "chunk", "", ""},
                                       {"exception", "throttlingException", "", R"({"message":"Too many requests"})"},
                                       {"error", "InternalFailure", "the server had an error", ""}},
                                      ""});
}

TEST(EventStreamDecoder, LargePayloadsInRandomPieces) {
  std::string stream;
  Decoded expected;
  for (size_t size : {0, 1, 4095, 4096, 65535, 65536, 70000}) {
    std::string payload(size, 'x');
    for (size_t i = 0; i < size; ++i) payload[i] = static_cast<char>('a' + (i * 7 + size) % 26);
    stream += encode_event("chunk", payload);
    expected.messages.push_back({"event", "chunk", "", payload});
  }
  ASSERT_EQ(decode({stream}), expected);
  std::mt19937 random(11);
  for (size_t longest : {1000, 5000, 100000}) ASSERT_EQ(decode(random_pieces(stream, random, longest)), expected);
}

// Header bytes, by type: name, type byte, value (already big-endian).
std::string header(std::string_view name, int type, std::string_view value) {
  std::string bytes(1, static_cast<char>(name.size()));
  bytes.append(name);
  bytes.push_back(static_cast<char>(type));
  return bytes.append(value);
}

std::string sized(std::string_view value) {  // the u16 length of bytes and string values
  return std::string{static_cast<char>(value.size() >> 8), static_cast<char>(value.size() & 0xff)}.append(value);
}

TEST(EventStreamDecoder, EveryHeaderTypeIsSkippedBySize) {
  // Values full of bytes that would read as a header, or as ":event-type", if misaligned.
  const std::string tricky = header(":event-type", 7, sized("wrong"));
  const std::string headers =
      header(":message-type", 7, sized("event")) + header("t", 0, "") + header("f", 1, "") +
      header("byte", 2, "\x07") + header("int16", 3, "\x7f\x07") + header("int32", 4, "\x00\x07\x00\x05"sv) +
      header("int64", 5, "\x80\x00\x00\x00\x00\x00\x00\x07"sv) + header("bytes", 6, sized(tricky)) +
      header("empty-bytes", 6, sized("")) + header("other-string", 7, sized(tricky)) +
      header("timestamp", 8, "\x00\x00\x01\x8f\x00\x07\x00\x01"sv) +
      header("uuid", 9, std::string(16, '\x07')) + header(":event-type", 7, sized("chunk")) +
      header("after", 9, std::string(16, '\x0b')) + header("", 0, "");
  const std::string stream = frame_event_stream_message(headers, kChunkPayload);
  expect_same_at_every_split(stream, {{{"event", "chunk", "", kChunkPayload}}, ""});
}

TEST(EventStreamDecoder, OnlyStringTypedHeadersAreReported) {
  const std::string headers =
      header(":message-type", 7, sized("event")) + header(":event-type", 6, sized("as-bytes")) +
      header(":error-message", 2, "x");
  expect_same_at_every_split(frame_event_stream_message(headers, "{}"), {{{"event", "", "", "{}"}}, ""});
}

TEST(EventStreamDecoder, MessageWithoutHeadersOrPayload) {
  const std::string empty = frame_event_stream_message("", "");
  ASSERT_EQ(empty.size(), 16u);
  expect_same_at_every_split(empty + empty, {{{}, {}}, ""});
}

TEST(EventStreamEncoder, RoundTripsStringHeadersAndPayload) {
  const std::string stream =
      encode_event_stream_message({{":message-type", "event"}, {":event-type", "contentBlockDelta"},
                                   {"x-custom", std::string(300, 'h')}, {":content-type", "application/json"}},
                                  R"({"delta":{"text":"hi"}})") +
      encode_event_stream_message({}, "raw") + encode_event_stream_message({{":message-type", "event"}}, "");
  expect_same_at_every_split(stream, {{{"event", "contentBlockDelta", "", R"({"delta":{"text":"hi"}})"},
                                       {"", "", "", "raw"},
                                       {"event", "", "", ""}},
                                      ""});
  EXPECT_THROW(encode_event_stream_message({{std::string(256, 'n'), "v"}}, ""), std::length_error);
  EXPECT_THROW(encode_event_stream_message({{"n", std::string(65536, 'v')}}, ""), std::length_error);
}

void write_u32(std::string& bytes, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>(value >> (24 - 8 * i));
}

uint32_t crc_of(std::string_view bytes) {
  return static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

// `message` with its CRCs made right again after an edit, so that only the edit is wrong.
std::string with_valid_crcs(std::string message) {
  write_u32(message, 8, crc_of(std::string_view(message).substr(0, 8)));
  write_u32(message, message.size() - 4, crc_of(std::string_view(message).substr(0, message.size() - 4)));
  return message;
}

// A good message, then `bad`, then a good one that must not come out.
void expect_corrupt(const std::string& bad, std::string_view reason_start, size_t max_bytes = 1 << 24) {
  const std::string good = encode_event("chunk", kChunkPayload);
  const std::string stream = good + bad + good;
  const Decoded decoded = decode({stream}, max_bytes);
  ASSERT_EQ(decoded.messages, std::vector<Message>({{"event", "chunk", "", kChunkPayload}}));
  EXPECT_EQ(decoded.corruption.rfind(reason_start, 0), 0u) << decoded.corruption;
  EXPECT_NE(decoded.corruption.find("in message 2 (at byte 123 of the stream)"), std::string::npos)
      << decoded.corruption;
  expect_same_at_every_split(stream, decoded, max_bytes);
}

TEST(EventStreamDecoder, PreludeCrcMismatchIsCorrupt) {
  std::string bad = encode_event("chunk", "{}");
  bad[8] ^= 0x01;
  expect_corrupt(bad, "prelude CRC mismatch");
  bad = encode_event("chunk", "{}");
  bad[2] ^= 0x40;  // a length changed in transit: caught by the prelude CRC before it is believed
  expect_corrupt(bad, "prelude CRC mismatch");
}

TEST(EventStreamDecoder, MessageCrcMismatchIsCorrupt) {
  for (size_t at : {12, 40, 70, 74}) {  // a header byte, the payload, the CRC itself
    std::string bad = encode_event("chunk", R"({"a":1})");
    ASSERT_LT(at, bad.size());
    bad[at] ^= 0x20;
    expect_corrupt(bad, "message CRC mismatch");
  }
}

TEST(EventStreamDecoder, ImpossibleLengthsAreCorrupt) {
  std::string short_message = frame_event_stream_message("", "");
  write_u32(short_message, 0, 15);
  expect_corrupt(with_valid_crcs(short_message), "message length 15 is under the 16-byte minimum");

  std::string headers_too_long = encode_event("chunk", "{}");
  write_u32(headers_too_long, 4, static_cast<uint32_t>(headers_too_long.size() - 15));
  expect_corrupt(with_valid_crcs(headers_too_long), "headers length");
}

TEST(EventStreamDecoder, OversizedMessageIsCorruptBeforeItIsBuffered) {
  const std::string big = encode_event("chunk", std::string(1000, 'x'));
  expect_corrupt(big, "message of " + std::to_string(big.size()) + " bytes is over the limit of 1000", 1000);
  // Only the prelude is needed to refuse it: no gigabyte is waited for.
  std::string huge = frame_event_stream_message("", "");
  write_u32(huge, 0, 0xfffffff0);
  EventStreamDecoder decoder;
  const ExactBuffer bytes(with_valid_crcs(huge).substr(0, 12));
  decoder.push(bytes.view());
  EXPECT_FALSE(decoder.next());
  EXPECT_TRUE(decoder.corrupt());
}

TEST(EventStreamDecoder, BadHeadersAreCorrupt) {
  expect_corrupt(frame_event_stream_message(header("x", 10, "") + header(":event-type", 7, sized("chunk")), "{}"),
                 "header at byte 0 of the headers has unknown value type 10");
  expect_corrupt(frame_event_stream_message(header(":event-type", 7, sized("chunk")) + header("x", 255, ""), "{}"),
                 "header at byte 20 of the headers has unknown value type 255");
  const std::string string_header = header("s", 7, sized("value"));
  const std::string cut_ends[] = {
      string_header.substr(0, string_header.size() - 1),  // value cut
      string_header.substr(0, 4),                         // length cut
      std::string("\x05:mes", 5),                         // name cut
      std::string("\x01s", 2),                            // type missing
      header("i", 4, "\x00\x00"sv),                       // fixed-size value cut
  };
  for (const std::string& headers : cut_ends) {
    expect_corrupt(frame_event_stream_message(headers, "{}"), "header at byte 0 of the headers runs past their end");
  }
}

TEST(EventStreamDecoder, StreamEndingInsideAMessageIsCorrupt) {
  const std::string good = encode_event("chunk", kChunkPayload);
  const Decoded in_prelude = decode({good + good.substr(0, 5)});
  EXPECT_EQ(in_prelude.messages.size(), 1u);
  EXPECT_EQ(in_prelude.corruption,
            "stream ended inside a message (5 bytes of its 12-byte prelude) in message 2 (at byte 123 of the stream)");
  const Decoded in_payload = decode({good + good.substr(0, 100)});
  EXPECT_EQ(in_payload.messages.size(), 1u);
  EXPECT_EQ(in_payload.corruption,
            "stream ended inside a message (100 bytes of its 123-byte message) in message 2 "
            "(at byte 123 of the stream)");
  for (size_t cut = 1; cut < good.size(); ++cut) {
    EXPECT_EQ(decode({good.substr(0, cut)}), decode({good.substr(0, cut / 2), good.substr(cut / 2, cut - cut / 2)}));
  }
}

TEST(EventStreamDecoder, PartialMessageAndReset) {
  const std::string good = encode_event("chunk", kChunkPayload);
  EventStreamDecoder decoder;
  const ExactBuffer first(good.substr(0, 50));
  decoder.push(first.view());
  EXPECT_TRUE(decoder.has_partial_message());
  EXPECT_FALSE(decoder.next());
  EXPECT_TRUE(decoder.has_partial_message());
  decoder.reset();
  EXPECT_FALSE(decoder.has_partial_message());
  const ExactBuffer whole(good);
  decoder.push(whole.view());
  auto message = decoder.next();
  ASSERT_TRUE(message);
  EXPECT_EQ(message->payload, kChunkPayload);
  EXPECT_FALSE(decoder.has_partial_message());
  EXPECT_FALSE(decoder.finish());
  EXPECT_FALSE(decoder.corrupt());

  std::string bad = good;
  bad[8] ^= 1;
  const ExactBuffer corrupt(bad);
  decoder.push(corrupt.view());
  EXPECT_FALSE(decoder.next());
  EXPECT_TRUE(decoder.corrupt());
  decoder.reset();
  EXPECT_FALSE(decoder.corrupt());
  EXPECT_TRUE(decoder.corruption().empty());
  decoder.push(whole.view());
  EXPECT_TRUE(decoder.next());
}

TEST(EventStreamDecoder, WholeMessageIsAViewIntoThePushedBytes) {
  const std::string stream = encode_event("chunk", kChunkPayload) + encode_event("chunk", "{}");
  const ExactBuffer bytes(stream);
  EventStreamDecoder decoder;
  decoder.push(bytes.view());
  for (int i = 0; i < 2; ++i) {
    auto message = decoder.next();
    ASSERT_TRUE(message);
    EXPECT_GE(message->payload.data(), bytes.view().data());
    EXPECT_LE(message->payload.data() + message->payload.size(), bytes.view().data() + bytes.view().size());
  }
}

TEST(EventStreamDecoder, PayloadViewsAreFollowedByReadablePadding) {
  // The last message of an exactly sized push: only its CRC and the caller's padding follow.
  const std::string frame = encode_event("chunk", kChunkPayload);
  {
    const ExactBuffer bytes(frame);
    EventStreamDecoder decoder;
    decoder.push(bytes.view());
    auto message = decoder.next();
    ASSERT_TRUE(message);
    touch_padding(message->payload);
    const char* buffer_end = bytes.view().data() + bytes.view().size() + kReadPadding;
    EXPECT_LE(message->payload.data() + message->payload.size() + kReadPadding, buffer_end);
  }
  // Split across pushes: the payload comes from the decoder's own buffer, padded too.
  EventStreamDecoder decoder;
  const ExactBuffer first(frame.substr(0, 60));
  decoder.push(first.view());
  EXPECT_FALSE(decoder.next());
  const ExactBuffer second(frame.substr(60));
  decoder.push(second.view());
  auto message = decoder.next();
  ASSERT_TRUE(message);
  EXPECT_EQ(message->payload, kChunkPayload);
  for (size_t i = 0; i < kReadPadding; ++i) {
    volatile char past_end = message->payload.data()[message->payload.size() + i];  // ASan checks these
    (void)past_end;
  }
}

}  // namespace
}  // namespace genai::net
