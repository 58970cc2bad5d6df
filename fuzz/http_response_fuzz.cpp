// Fuzzes net::HttpResponseParser, the client's whole HTTP response path (status line, headers,
// Content-Length / chunked / until-close bodies, gzip and deflate, Retry-After): what it makes
// of a whole response must not depend on where the reads end, a broken one must fail however it
// is read, and every body piece it hands on keeps the padding the decoders after it read into.
// Input: byte 0 seeds the read sizes, the rest is the response as the server sent it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "net/http_response_parser.h"
#include "net/padded_buffer.h"
#include "padded_bytes.h"
#include "workload/random.h"

namespace {

using genai::net::Clock;
using genai::net::HttpResponseParser;

struct Outcome {
  int status = 0;
  std::string body;
  bool done = false;
  HttpResponseParser::Error error = HttpResponseParser::Error::none;
  genai::net::BodyFraming framing = genai::net::BodyFraming::unknown;
  bool operator==(const Outcome&) const = default;
};

struct Collect final : genai::net::ResponseConsumer {
  Outcome* outcome;
  explicit Collect(Outcome* into) : outcome(into) {}
  void on_status(int status) override { outcome->status = status; }
  void on_body(std::string_view bytes, Clock::time_point) override {
    genai::fuzz::touch_padding(bytes);
    outcome->body.append(bytes);
  }
};

// Feeds `response` as reads of `lengths` bytes (the rest in one last read) through a padded read
// buffer, as the connection does, then the connection's end.
Outcome parse(std::string_view response, const std::vector<size_t>& lengths) {
  Outcome outcome;
  Collect collect(&outcome);
  HttpResponseParser parser(collect);
  genai::net::PaddedBuffer buffer;
  size_t at = 0;
  for (size_t i = 0; i <= lengths.size() && !parser.done() && parser.error() == HttpResponseParser::Error::none; ++i) {
    const size_t length = i < lengths.size() ? std::min(lengths[i], response.size() - at) : response.size() - at;
    buffer.append(response.substr(at, length));
    at += length;
    const size_t used = parser.put(buffer.view(), Clock::now());
    FUZZ_CHECK(used <= buffer.size(), "used %zu of %zu bytes", used, buffer.size());
    buffer.consume_front(used);
  }
  parser.put_eof();
  outcome.done = parser.done();
  outcome.error = parser.error();
  outcome.framing = parser.framing();
  if (outcome.error != HttpResponseParser::Error::none) {
    FUZZ_CHECK(!parser.error_message().empty(), "an error without a message");
    outcome.body.clear();  // what was delivered before an error depends on where it was found
  }
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const genai::fuzz::PaddedBytes response(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  genai::workload::Random random(data[0]);
  const Outcome whole = parse(response.view(), {});
  std::vector<size_t> lengths;
  const size_t longest = 1 + random() % 64;
  for (size_t total = 0; total < response.view().size();) total += lengths.emplace_back(1 + random() % longest);
  const Outcome split = parse(response.view(), lengths);
  // A response read whole: the same status, framing and body however its reads were cut. A broken
  // one fails either way, though not always alike: Beast checks a header's fields as they come
  // only until its first wait for more bytes, so a bad field may be found early (malformed) or
  // the header never complete (the connection reports a disconnect). Either is a failure.
  const bool whole_ok = whole.done && whole.error == HttpResponseParser::Error::none;
  const bool split_ok = split.done && split.error == HttpResponseParser::Error::none;
  FUZZ_CHECK(whole_ok == split_ok, "read whole: done %d error %d; in pieces: done %d error %d", whole.done,
             static_cast<int>(whole.error), split.done, static_cast<int>(split.error));
  if (whole_ok) {
    FUZZ_CHECK(whole == split, "status %d/%d, framing %d/%d, body %zu/%zu bytes", whole.status, split.status,
               static_cast<int>(whole.framing), static_cast<int>(split.framing), whole.body.size(), split.body.size());
  }
  return 0;
}
