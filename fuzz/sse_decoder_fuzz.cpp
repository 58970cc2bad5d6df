// Fuzzes net::SseDecoder: the events of a stream must not depend on where its reads end, and
// must be those of a plain line-by-line reading of the format the header describes.
// Input: byte 0 seeds the split points (and a small event limit), the rest is the stream.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "net/sse_decoder.h"
#include "padded_bytes.h"
#include "workload/random.h"

namespace {

using genai::fuzz::PaddedBytes;
using genai::net::SseDecoder;

struct Event {
  std::string type;
  std::string data;
  bool operator==(const Event&) const = default;
};

// The format as the decoder's header states it, one line at a time with no fast path: LF or CRLF
// line ends, data lines joined by '\n', comments and other fields skipped, a blank line
// dispatches (an event without data is dropped), and the last event is delivered at the end.
std::vector<Event> reference_events(std::string_view stream) {
  std::vector<Event> events;
  std::string type, data;
  bool has_data = false;
  auto take_line = [&](std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (has_data) events.push_back({type, data});
      type.clear(), data.clear(), has_data = false;
      return;
    }
    if (line.front() == ':') return;
    const size_t colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    const std::string_view field = line.substr(0, colon);
    if (field == "data") {
      if (has_data) data.push_back('\n');
      data.append(value);
      has_data = true;
    } else if (field == "event") {
      type.assign(value);
    }
  };
  size_t start = 0;
  for (size_t newline = stream.find('\n'); newline != std::string_view::npos; newline = stream.find('\n', start)) {
    take_line(stream.substr(start, newline - start));
    start = newline + 1;
  }
  if (start < stream.size()) take_line(stream.substr(start));
  if (has_data) events.push_back({type, data});
  return events;
}

// The decoder's side of the contract: kReadPadding readable bytes after every data view.
void collect(std::optional<genai::net::SseEvent> event, std::vector<Event>& events) {
  genai::fuzz::touch_padding(event->data);
  events.push_back({std::string(event->type), std::string(event->data)});
}

enum class Pieces { own_buffers, one_buffer };

// Pushes `stream` cut after each of `lengths` bytes (the rest in one last piece). own_buffers:
// each piece is copied into an exact allocation freed before the next push, since the caller
// keeps bytes only until then: a view the decoder kept too long is a heap-use-after-free.
// one_buffer: views into one buffer, as consecutive reads into a read buffer are (cheaper).
std::vector<Event> decode(SseDecoder& decoder, const PaddedBytes& stream, const std::vector<size_t>& lengths,
                          Pieces pieces) {
  std::vector<Event> events;
  const std::string_view bytes = stream.view();
  size_t at = 0;
  for (size_t i = 0; i <= lengths.size(); ++i) {
    const size_t length = i < lengths.size() ? std::min(lengths[i], bytes.size() - at) : bytes.size() - at;
    const std::string_view piece = bytes.substr(at, length);
    at += length;
    if (pieces == Pieces::own_buffers) {
      const PaddedBytes copy(piece);
      decoder.push(copy.view());
      while (auto event = decoder.next()) collect(event, events);
    } else {
      decoder.push(piece);
      while (auto event = decoder.next()) collect(event, events);
    }
  }
  while (auto event = decoder.finish()) collect(event, events);
  return events;
}

std::string describe(const std::vector<Event>& events) {
  std::string text;
  for (const Event& event : events) text += "[" + event.type + "|" + event.data + "] ";
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const PaddedBytes stream(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  genai::workload::Random random(data[0]);
  const std::vector<Event> expected = reference_events(stream.view());

  SseDecoder decoder;
  const std::vector<Event> whole = decode(decoder, stream, {}, Pieces::one_buffer);
  FUZZ_CHECK(whole == expected, "one push: %s\nexpected: %s", describe(whole).c_str(), describe(expected).c_str());

  // Reads of up to `longest` bytes, empty ones included; the same decoder, reset, must start clean.
  const size_t longest = 1 + random() % 64;
  std::vector<size_t> lengths;
  for (size_t total = 0; total < stream.view().size();) total += lengths.emplace_back(random() % (longest + 1));
  decoder.reset();
  const std::vector<Event> split = decode(decoder, stream, lengths, Pieces::own_buffers);
  FUZZ_CHECK(split == expected, "split reads: %s\nexpected: %s", describe(split).c_str(), describe(expected).c_str());

  SseDecoder byte_decoder;
  const std::vector<Event> bytes =
      decode(byte_decoder, stream, std::vector<size_t>(stream.view().size(), 1), Pieces::one_buffer);
  FUZZ_CHECK(bytes == expected, "byte by byte: %s\nexpected: %s", describe(bytes).c_str(), describe(expected).c_str());

  // A small event limit: once exceeded nothing more comes out, and what came out before is as it
  // would have been without the limit.
  SseDecoder limited(1 + random() % 256);
  const std::vector<Event> capped = decode(limited, stream, lengths, Pieces::own_buffers);
  FUZZ_CHECK(capped.size() <= expected.size() && std::equal(capped.begin(), capped.end(), expected.begin()),
             "with a limit: %s\nexpected a prefix of: %s", describe(capped).c_str(), describe(expected).c_str());
  FUZZ_CHECK(limited.overflowed() || capped == expected, "no overflow, yet: %s\nexpected: %s",
             describe(capped).c_str(), describe(expected).c_str());
  return 0;
}
