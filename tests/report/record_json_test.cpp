#include "report/record_json.h"

#include <gtest/gtest.h>

namespace genai::report {
namespace {

TEST(RecordJson, RoundTripIsExact) {
  metrics::RequestRecord record;
  record.run_index = 3;
  record.request_index = 12345678901ULL;
  record.t_sched_ns = 1;
  record.t_start_ns = 2;
  record.t_connected_ns = 3;
  record.t_first_ns = 100000004;
  record.t_end_ns = 9007199254740000;  // near 2^53: still exact in JSON
  record.itl_us = {0, 10000, 4294967295u};
  record.input_tokens = 128;
  record.input_source = metrics::CountSource::estimate;
  record.output_tokens = 3;
  record.output_source = metrics::CountSource::usage;
  record.input_chars = 512;
  record.output_chars = 17;
  record.http_status = 500;
  record.error_kind = "http_500";
  record.error_message = "HTTP 500: \"quoted\"\nand a newline";
  record.attempts = 3;
  record.retry_error_kinds = {"http_500", "connect"};

  const std::string line = record_to_json_line(record);
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);  // one record, one line
  auto parsed = record_from_json_line(line);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->run_index, record.run_index);
  EXPECT_EQ(parsed->request_index, record.request_index);
  EXPECT_EQ(parsed->t_sched_ns, record.t_sched_ns);
  EXPECT_EQ(parsed->t_connected_ns, record.t_connected_ns);
  EXPECT_EQ(parsed->t_first_ns, record.t_first_ns);
  EXPECT_EQ(parsed->t_end_ns, record.t_end_ns);
  EXPECT_EQ(parsed->itl_us, record.itl_us);
  EXPECT_EQ(parsed->input_source, record.input_source);
  EXPECT_EQ(parsed->output_source, record.output_source);
  EXPECT_EQ(parsed->input_chars, record.input_chars);
  EXPECT_EQ(parsed->error_kind, record.error_kind);
  EXPECT_EQ(parsed->error_message, record.error_message);
  EXPECT_EQ(parsed->attempts, record.attempts);
  EXPECT_EQ(parsed->retry_error_kinds, record.retry_error_kinds);
}

TEST(RecordJson, ErrorTextWithControlCharactersAndBrokenUtf8StillParsesBack) {
  metrics::RequestRecord record;
  record.error_kind = "http_500";
  // A server's body cut mid-character ("é" is C3 A9), a tab, a bell and a quote.
  record.error_message = "caf\xC3 \t\a \"x\" \xF0\x9F\x98\x80 ok";
  auto parsed = record_from_json_line(record_to_json_line(record));
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->error_message, "caf\xEF\xBF\xBD \t\a \"x\" \xF0\x9F\x98\x80 ok");  // U+FFFD for the cut byte
}

TEST(RecordJson, BadLinesSayWhy) {
  EXPECT_FALSE(record_from_json_line("{"));
  EXPECT_FALSE(record_from_json_line("[]"));
  auto missing = record_from_json_line(R"({"run":0})");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("request"), std::string::npos) << missing.error();
}

}  // namespace
}  // namespace genai::report
