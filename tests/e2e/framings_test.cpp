// The fault matrix, part 2: the same five-token stream in every HTTP framing and SSE variant a
// server sends, and each way a body can be cut or encoded. A complete stream is a success with
// its five tokens timed; a cut one is a failure of its own kind, never an empty success.
#include <gtest/gtest.h>
#include <zlib.h>

#include <boost/json.hpp>

#include "e2e/fault_server.h"
#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const std::string kSseHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n";

std::vector<std::string> five_events() {
  std::vector<std::string> events;
  for (int i = 0; i < 5; ++i) events.push_back("data: " + content_event_json(i) + "\n\n");
  events.push_back("data: " + usage_event_json(5) + "\n\n");
  events.push_back("data: [DONE]\n\n");
  return events;
}

std::string joined(const std::vector<std::string>& events) {
  std::string body;
  for (const auto& event : events) body += event;
  return body;
}

// Compresses the events as a streaming server does: one flush per event, so each can be decoded
// as it arrives. window_bits: 31 gzip, 15 zlib ("deflate" in HTTP).
std::string compressed(const std::vector<std::string>& events, int window_bits) {
  z_stream stream{};
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out;
  auto run = [&](std::string_view input, int flush) {
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream.avail_in = static_cast<uInt>(input.size());
    do {
      char buffer[16384];
      stream.next_out = reinterpret_cast<Bytef*>(buffer);
      stream.avail_out = sizeof buffer;
      deflate(&stream, flush);
      out.append(buffer, sizeof buffer - stream.avail_out);
    } while (stream.avail_out == 0);
  };
  for (const auto& event : events) run(event, Z_SYNC_FLUSH);
  run({}, Z_FINISH);
  deflateEnd(&stream);
  return out;
}

struct Framing {
  const char* name;
  std::function<std::string()> response;  // the whole response's bytes
  size_t piece = 0;                       // 0: written at once; else this many bytes per write
  bool close_after = false;               // the server closes the connection after the response
  const char* error_kind = "";            // empty: a success with five tokens
};

void PrintTo(const Framing& framing, std::ostream* out) { *out << framing.name; }  // readable ctest names

class Framings : public ::testing::TestWithParam<Framing> {};

TEST_P(Framings, AreDecodedOrFailWithTheirOwnKind) {
  const Framing& framing = GetParam();
  FaultServer server([&](FaultConnection& connection) {
    while (connection.read_request() >= 0) {
      if (framing.piece > 0) {
        connection.write_in_pieces(framing.response(), framing.piece, 0ms);
      } else {
        connection.write(framing.response());
      }
      if (framing.close_after) {
        connection.close();
        return;
      }
    }
  });
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", server.base_url(), "--api-model-name", "m",
                                         "--traffic-scenario", "D(8,5)", "--num-concurrency", "1",
                                         "--max-requests-per-run", "2", "--max-retries", "0", "--output-dir", folder,
                                         "--experiment-name", "x", "--no-ui"},
                                        60s);
  const auto lines = read_lines(folder + "/x/records.jsonl");
  ASSERT_EQ(lines.size(), 2u) << run.output;
  for (const std::string& line : lines) {
    const json::object record = json::parse(line).as_object();
    if (*framing.error_kind == '\0') {
      EXPECT_TRUE(record.at("ok").as_bool()) << line;
      EXPECT_EQ(record.at("http_status").to_number<int>(), 200);
      EXPECT_EQ(record.at("output_tokens").to_number<int>(), 5);
      EXPECT_EQ(record.at("itl_us").as_array().size(), 4u) << "five content events, each timed";
      EXPECT_GE(record.at("t_first_ns").to_number<int64_t>(), record.at("t_start_ns").to_number<int64_t>());
    } else {
      EXPECT_FALSE(record.at("ok").as_bool()) << line;
      EXPECT_EQ(record.at("error_kind").as_string(), framing.error_kind) << line;
      EXPECT_FALSE(record.at("error_message").as_string().empty()) << line;
    }
  }
}

TEST(Encodings, RequestsAskForNoCompression) {
  std::string request_head;
  FaultServer server([&](FaultConnection& connection) {
    while (connection.read_request() >= 0) {
      request_head = connection.last_request_head();
      connection.write(chunked_sse_response(5));
    }
  });
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", server.base_url(), "--api-model-name", "m",
                                         "--traffic-scenario", "D(8,5)", "--num-concurrency", "1",
                                         "--max-requests-per-run", "1", "--output-dir", folder, "--experiment-name", "x",
                                         "--no-ui"},
                                        60s);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(request_head.find("\r\nAccept-Encoding: identity\r\n"), std::string::npos) << request_head;
}

std::string chunked(const std::vector<std::string>& pieces, std::string_view extension = "") {
  std::string response = kSseHead + "Transfer-Encoding: chunked\r\n\r\n";
  for (const auto& piece : pieces) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx", piece.size());
    response += std::string(size) + std::string(extension) + "\r\n" + piece + "\r\n";
  }
  return response + "0\r\n\r\n";
}

std::string with_length(const std::string& head, const std::string& body) {
  return head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return text;
}

INSTANTIATE_TEST_SUITE_P(
    Matrix, Framings,
    ::testing::Values(
        Framing{"ContentLength", [] { return with_length(kSseHead, joined(five_events())); }},
        Framing{"OneChunk", [] { return chunked({joined(five_events())}); }},
        Framing{"ChunkPerEvent", [] { return chunked(five_events()); }},
        Framing{"OneByteWrites", [] { return chunked(five_events()); }, 1},
        Framing{"ChunkExtensions", [] { return chunked(five_events(), ";note=1"); }},
        Framing{"CrlfLines", [] { return chunked({replace_all(joined(five_events()), "\n", "\r\n")}); }},
        Framing{"CommentsAndOtherFields",
                [] {
                  std::string body = ": keep-alive\n\nretry: 1000\n\n";
                  for (const auto& event : five_events()) body += "event: message\nid: 7\n" + event;
                  return chunked({body});
                }},
        Framing{"MultiLineData",
                [] {
                  std::string body;
                  for (const auto& event : five_events()) body += replace_all(event, ",\"choices\"", "\ndata: ,\"choices\"");
                  return chunked({body});
                }},
        Framing{"MegabyteEvent",
                [] {
                  auto events = five_events();
                  events[2] = "data: {\"choices\":[{\"delta\":{\"content\":\"" + std::string(1 << 20, 'x') + "\"}}]}\n\n";
                  return chunked(events);
                }},
        Framing{"Http10UntilClose", [] { return "HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\n" + joined(five_events()); },
                0, true},
        Framing{"ConnectionCloseUntilClose",
                [] { return kSseHead + "Connection: close\r\n\r\n" + joined(five_events()); }, 0, true},
        Framing{"Gzip", [] { return chunked({compressed(five_events(), 31)}) .insert(kSseHead.size(), "Content-Encoding: gzip\r\n"); }},
        Framing{"GzipOneByteWrites",
                [] { return chunked({compressed(five_events(), 31)}).insert(kSseHead.size(), "Content-Encoding: gzip\r\n"); }, 1},
        Framing{"Deflate", [] { return with_length(kSseHead + "Content-Encoding: deflate\r\n", compressed(five_events(), 15)); }},
        // Cut bodies and bodies that cannot be read.
        Framing{"Http10CutBeforeTheEnd",
                [] {
                  const std::string body = joined(five_events());
                  return "HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\n" + body.substr(0, body.find("data: [DONE]") - 30);
                },
                0, true, "disconnected"},
        Framing{"ChunkedCutBeforeTheLastChunk",
                [] {
                  const std::string whole = chunked(five_events());
                  return whole.substr(0, whole.size() - 30);
                },
                0, true, "disconnected"},
        Framing{"ContentLengthCut",
                [] {
                  const std::string whole = with_length(kSseHead, joined(five_events()));
                  return whole.substr(0, whole.size() - 30);
                },
                0, true, "disconnected"},
        Framing{"BrotliIsNotDecoded", [] { return chunked(five_events()).insert(kSseHead.size(), "Content-Encoding: br\r\n"); }, 0,
                false, "content_encoding"},
        Framing{"CorruptGzip",
                [] { return chunked({"not gzip at all, but labelled so"}).insert(kSseHead.size(), "Content-Encoding: gzip\r\n"); }, 0,
                true, "content_encoding"}),
    [](const ::testing::TestParamInfo<Framing>& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace genai::testing
