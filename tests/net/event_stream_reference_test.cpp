// Our event-stream decoder and encoder against the AWS SDK's codec (@smithy/eventstream-codec):
// run by tests/reference/event_stream_reference_test.sh, which sets
// GENAI_EVENT_STREAM_REFERENCE_DIR (skipped without it, as in a plain unit test run).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/base64.h"
#include "net/event_stream_decoder.h"
#include "net/event_stream_encoder.h"

namespace genai::net {
namespace {

namespace json = boost::json;
using StringHeaders = std::vector<std::pair<std::string, std::string>>;

std::string reference_dir() {
  const char* dir = std::getenv("GENAI_EVENT_STREAM_REFERENCE_DIR");
  return dir != nullptr ? dir : "";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

struct Expected {
  StringHeaders headers;
  std::string payload;
};

std::vector<Expected> read_expected(const std::string& path) {
  std::vector<Expected> messages;
  std::istringstream lines(read_file(path));
  for (std::string line; std::getline(lines, line);) {
    const json::object object = json::parse(line).as_object();
    Expected& expected = messages.emplace_back();
    for (const json::value& pair : object.at("string_headers").as_array()) {
      expected.headers.emplace_back(pair.as_array().at(0).as_string(), pair.as_array().at(1).as_string());
    }
    expected.payload = base64_decode_prefix(object.at("payload").as_string());
  }
  return messages;
}

std::string header_value(const StringHeaders& headers, std::string_view name) {
  for (const auto& [header_name, value] : headers) {
    if (header_name == name) return value;
  }
  return "";
}

// What EventStreamMessage reports for a message with these string headers.
std::string expected_event_type(const StringHeaders& headers) {
  const std::string message_type = header_value(headers, ":message-type");
  if (message_type == "exception") return header_value(headers, ":exception-type");
  if (message_type == "error") return header_value(headers, ":error-code");
  return header_value(headers, ":event-type");
}

// Pushes `stream` in random pieces, each from an exactly sized buffer freed after its push, and
// checks every message against `expected` as it comes out.
void decode_and_compare(const std::string& stream, const std::vector<Expected>& expected, uint32_t seed) {
  std::mt19937 random(seed);
  const size_t longest = 1 + random() % 20000;
  EventStreamDecoder decoder;
  size_t count = 0;
  const auto compare = [&](const EventStreamMessage& message) {
    ASSERT_LT(count, expected.size());
    const Expected& want = expected[count];
    EXPECT_EQ(message.message_type, header_value(want.headers, ":message-type")) << "message " << count + 1;
    EXPECT_EQ(message.event_type, expected_event_type(want.headers)) << "message " << count + 1;
    EXPECT_EQ(message.error_message, header_value(want.headers, ":error-message")) << "message " << count + 1;
    EXPECT_TRUE(message.payload == want.payload) << "message " << count + 1 << ": payload of "
                                                 << message.payload.size() << " bytes differs";
    ++count;
  };
  for (size_t at = 0; at < stream.size();) {
    const size_t length = std::min<size_t>(random() % (longest + 1), stream.size() - at);
    const auto piece = std::make_unique<char[]>(length + kReadPadding);
    if (length != 0) std::memcpy(piece.get(), stream.data() + at, length);
    at += length;
    decoder.push({piece.get(), length});
    while (auto message = decoder.next()) compare(*message);
  }
  while (auto message = decoder.finish()) compare(*message);
  EXPECT_FALSE(decoder.corrupt()) << decoder.corruption();
  EXPECT_EQ(count, expected.size());
}

TEST(EventStreamReference, DecodesSmithyEncodedFrames) {
  const std::string dir = reference_dir();
  if (dir.empty()) GTEST_SKIP() << "set by tests/reference/event_stream_reference_test.sh";
  const std::string frames = read_file(dir + "/frames.bin");
  const std::vector<Expected> expected = read_expected(dir + "/expected.jsonl");
  ASSERT_GT(expected.size(), 10u);
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    decode_and_compare(frames, expected, seed);
    if (HasFailure()) break;
  }
}

// Valid UTF-8 of exactly `size` bytes (smithy reads string headers as UTF-8).
std::string utf8_text(size_t size, std::mt19937& random) {
  static constexpr std::string_view kPieces[] = {"a", "Z", " ", "{\"k\":1}", "é", "日", "🚀", "\n"};
  std::string text;
  while (text.size() < size) {
    const std::string_view piece = kPieces[random() % std::size(kPieces)];
    text.append(text.size() + piece.size() <= size ? piece : std::string_view("x"));
  }
  return text;
}

TEST(EventStreamReference, WritesOurFramesForSmithy) {
  const std::string dir = reference_dir();
  if (dir.empty()) GTEST_SKIP() << "set by tests/reference/event_stream_reference_test.sh";
  std::mt19937 random(42);
  std::string frames;
  std::ofstream lines(dir + "/ours.jsonl", std::ios::binary);
  const auto add = [&](const StringHeaders& headers, const std::string& payload, const std::string& frame) {
    frames += frame;
    json::array pairs;
    for (const auto& [name, value] : headers) pairs.push_back(json::array{json::string(name), json::string(value)});
    lines << json::serialize(json::object{{"string_headers", pairs}, {"payload", base64_encode(payload)}}) << "\n";
  };
  for (size_t size : {0, 1, 2, 3, 15, 16, 17, 64, 255, 256, 4096, 32768, 65535, 65536, 65537, 70000}) {
    std::string payload(size, '\0');
    for (char& byte : payload) byte = static_cast<char>(random());
    const std::string json_payload = R"({"bytes":")" + base64_encode(payload.substr(0, size / 2)) + R"("})";
    add({{":event-type", "chunk"}, {":content-type", "application/json"}, {":message-type", "event"}}, json_payload,
        encode_event("chunk", json_payload));
    add({{":exception-type", "modelStreamErrorException"}, {":content-type", "application/json"},
         {":message-type", "exception"}},
        json_payload, encode_exception("modelStreamErrorException", json_payload));
    const StringHeaders headers = {{":message-type", "event"},
                                   {std::string(1 + random() % 255, 'h'), utf8_text(random() % 300, random)},
                                   {":event-type", utf8_text(1 + size % 40, random)},
                                   {"long-value", utf8_text(size <= 65535 ? size : 65535, random)},
                                   {"empty", ""}};
    add(headers, payload, encode_event_stream_message(headers, payload));
  }
  add({{":error-code", "InternalServerException"}, {":error-message", "the model failed"}, {":message-type", "error"}},
      "", encode_error("InternalServerException", "the model failed"));
  add({}, "", encode_event_stream_message({}, ""));
  lines.close();
  std::ofstream(dir + "/ours.bin", std::ios::binary) << frames;
  // Our own decoder reads them back the same way before smithy's does.
  decode_and_compare(frames, read_expected(dir + "/ours.jsonl"), 5);
}

}  // namespace
}  // namespace genai::net
