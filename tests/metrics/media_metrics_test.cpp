// The media tasks' metrics: text-to-speech's TTFB (the record's t_first) and audio throughput
// (genai-bench's audio_bytes / (e2e - TTFB)), text-to-image's image count, and the record fields
// that carry them through records.jsonl.
#include <gtest/gtest.h>

#include "metrics/request_metrics.h"
#include "metrics/summary.h"
#include "report/record_json.h"

namespace genai::metrics {
namespace {

constexpr int64_t kMs = 1'000'000;

RequestRecord speech(int64_t start_ms, int64_t first_byte_ms, int64_t end_ms, int64_t audio_bytes) {
  RequestRecord record;
  record.t_sched_ns = record.t_start_ns = start_ms * kMs;
  record.t_first_ns = first_byte_ms * kMs;
  record.t_end_ns = end_ms * kMs;
  record.audio_bytes = audio_bytes;
  record.output_source = CountSource::none;
  record.http_status = 200;
  return record;
}

TEST(MediaMetrics, AudioThroughputIsBytesAfterTheFirstOverTheirTime) {
  // First audio byte 250 ms after the start, last 1,250 ms: 64,000 bytes in 1 s.
  const RequestMetrics metrics = derive_request_metrics(speech(0, 250, 1250, 64'000));
  EXPECT_DOUBLE_EQ(*metrics.ttft_ms, 250);  // the TTFB
  EXPECT_DOUBLE_EQ(*metrics.audio_throughput_bps, 64'000);
  EXPECT_FALSE(metrics.tpot_ms);
  EXPECT_FALSE(metrics.output_throughput_tps);
  // All the audio in the first read: no time after the first byte, no throughput (as Python).
  EXPECT_FALSE(derive_request_metrics(speech(0, 250, 250, 100)).audio_throughput_bps);
}

TEST(MediaMetrics, RunsSumAudioBytesAndImages) {
  const RequestRecord a = speech(0, 100, 600, 10'000);    // 20,000 bytes/s
  const RequestRecord b = speech(500, 700, 2000, 13'000);  // 10,000 bytes/s
  RequestRecord images;
  images.t_sched_ns = images.t_start_ns = 0;
  images.t_end_ns = 1000 * kMs;
  images.images = 3;
  images.http_status = 200;
  RunDescription run;
  const RunSummary summary = summarize_run(run, {&a, &b});
  EXPECT_EQ(summary.total_audio_bytes, 23'000);
  EXPECT_DOUBLE_EQ(summary.audio_bytes_per_s, 23'000 / 2.0);  // over the run's 2 s
  EXPECT_EQ(summary.audio_throughput_bps.count, 2u);
  EXPECT_DOUBLE_EQ(summary.audio_throughput_bps.mean, 15'000);
  EXPECT_EQ(summary.ttft_ms.count, 2u);
  EXPECT_EQ(summary.output_tokens.count, 0u);  // nothing generated: absent, not zero
  const RunSummary image_run = summarize_run(run, {&images});
  EXPECT_EQ(image_run.total_images, 3);
  EXPECT_DOUBLE_EQ(image_run.images_per_s, 3.0);
  EXPECT_EQ(image_run.audio_throughput_bps.count, 0u);
}

TEST(MediaMetrics, RecordsCarryAudioBytesAndImagesOnlyWhenThereAreSome) {
  RequestRecord record = speech(0, 1, 2, 4096);
  record.images = 2;
  const std::string line = report::record_to_json_line(record);
  EXPECT_NE(line.find("\"audio_bytes\":4096"), std::string::npos) << line;
  auto read = report::record_from_json_line(line);
  ASSERT_TRUE(read) << read.error();
  EXPECT_EQ(read->audio_bytes, 4096);
  EXPECT_EQ(read->images, 2);
  const std::string text_line = report::record_to_json_line(RequestRecord{});
  EXPECT_EQ(text_line.find("audio_bytes"), std::string::npos);
  EXPECT_EQ(text_line.find("images"), std::string::npos);
  EXPECT_EQ(report::record_from_json_line(text_line)->audio_bytes, 0);
}

}  // namespace
}  // namespace genai::metrics
