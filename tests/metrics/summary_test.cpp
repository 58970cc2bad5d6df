#include "metrics/summary.h"

#include <gtest/gtest.h>

#include <cmath>

#include "metrics/request_metrics.h"
#include "metrics/sweep.h"

namespace genai::metrics {
namespace {

constexpr int64_t kMs = 1'000'000;

// A successful streamed request: starts at start_ms, content events at the given offsets (ms).
RequestRecord streamed(int64_t start_ms, std::vector<int64_t> offsets_ms, int64_t end_after_ms, int64_t input_tokens,
                       int64_t output_tokens) {
  RequestRecord record;
  record.t_start_ns = record.t_sched_ns = start_ms * kMs;
  for (size_t i = 1; i < offsets_ms.size(); ++i) {
    record.itl_us.push_back(static_cast<uint32_t>((offsets_ms[i] - offsets_ms[i - 1]) * 1000));
  }
  record.t_first_ns = record.t_start_ns + offsets_ms.front() * kMs;
  record.t_end_ns = record.t_start_ns + end_after_ms * kMs;
  record.input_tokens = input_tokens;
  record.output_tokens = output_tokens;
  record.http_status = 200;
  return record;
}

TEST(RequestMetrics, HandComputedTtftTpotItl) {
  // First token at 100 ms, then 4 more 10 ms apart, last byte at 145 ms, 5 tokens.
  const RequestRecord record = streamed(0, {100, 110, 120, 130, 140}, 145, 200, 5);
  const RequestMetrics metrics = derive_request_metrics(record);
  EXPECT_DOUBLE_EQ(*metrics.ttft_ms, 100);
  EXPECT_DOUBLE_EQ(*metrics.e2e_ms, 145);
  EXPECT_DOUBLE_EQ(*metrics.tpot_ms, (145.0 - 100.0) / 4);  // 11.25
  EXPECT_DOUBLE_EQ(*metrics.output_speed_tps, 1000.0 / 11.25);
  EXPECT_DOUBLE_EQ(*metrics.output_latency_ms, 45);
  EXPECT_DOUBLE_EQ(*metrics.input_throughput_tps, 200 / 0.1);
  EXPECT_DOUBLE_EQ(*metrics.output_throughput_tps, 5 / 0.045);
  // ITL: four gaps of 10 ms, counted by the run's statistics.
  const RunSummary run = summarize_run({0, "D(200,5)", "num_concurrency", 1, 0, 0}, {&record});
  EXPECT_EQ(run.itl_ms.count, 4u);
  EXPECT_DOUBLE_EQ(run.itl_ms.min, 10);
  EXPECT_DOUBLE_EQ(run.itl_ms.max, 10);
  EXPECT_DOUBLE_EQ(run.itl_ms.mean, 10);
}

TEST(RequestMetrics, SingleTokenHasNoTpotAndFailuresOnlyE2e) {
  const RequestMetrics one = derive_request_metrics(streamed(0, {50}, 60, 10, 1));
  EXPECT_TRUE(one.ttft_ms);
  EXPECT_FALSE(one.tpot_ms);
  EXPECT_FALSE(one.output_speed_tps);
  RequestRecord failed = streamed(0, {50}, 60, 10, 1);
  failed.error_kind = "http_500";
  const RequestMetrics failure = derive_request_metrics(failed);
  EXPECT_TRUE(failure.e2e_ms);
  EXPECT_FALSE(failure.ttft_ms);
}

TEST(Summary, ThroughputOverTheMeasuredWindowAndErrorsByKind) {
  std::vector<RequestRecord> records = {
      streamed(0, {100, 110}, 120, 50, 2),    // ends at 120
      streamed(10, {100, 120}, 130, 30, 2),   // ends at 140
      streamed(20, {100, 105}, 110, 20, 2)};  // ends at 130
  RequestRecord failed;
  failed.t_start_ns = 30 * kMs;
  failed.t_end_ns = 200 * kMs;  // the last byte of the run: 0 .. 200 ms
  failed.error_kind = "throttled";
  records.push_back(failed);
  std::vector<const RequestRecord*> pointers;
  for (const auto& record : records) pointers.push_back(&record);

  const RunSummary summary = summarize_run({0, "D(1,2)", "num_concurrency", 4, 0, 0}, pointers);
  EXPECT_EQ(summary.requests_total, 4u);
  EXPECT_EQ(summary.requests_ok, 3u);
  EXPECT_EQ(summary.requests_failed, 1u);
  EXPECT_EQ(summary.errors_by_kind.at("throttled"), 1u);
  EXPECT_DOUBLE_EQ(summary.duration_s, 0.2);
  EXPECT_DOUBLE_EQ(summary.requests_per_s, 3 / 0.2);
  EXPECT_DOUBLE_EQ(summary.input_tokens_per_s, 100 / 0.2);
  EXPECT_DOUBLE_EQ(summary.output_tokens_per_s, 6 / 0.2);
  EXPECT_DOUBLE_EQ(summary.total_tokens_per_s, 106 / 0.2);
  EXPECT_DOUBLE_EQ(summary.ttft_ms.mean, 100);
  // ITL gaps: 10, 20, 5 -> mean 35/3; TPOT: 20, 30, 10 (N_out = 2) -> mean 20.
  EXPECT_DOUBLE_EQ(summary.itl_ms.mean, 35.0 / 3);
  EXPECT_DOUBLE_EQ(summary.tpot_ms.mean, 20);
  EXPECT_EQ(summary.itl_ms.count, 3u);
}

TEST(Summary, WarmupAndCooldownLeaveOutFirstAndLastByStartTime) {
  std::vector<RequestRecord> records;
  for (int i = 0; i < 10; ++i) records.push_back(streamed(i * 10, {i == 0 || i == 9 ? 500 : 100, 200}, 300, 1, 2));
  std::vector<const RequestRecord*> pointers;
  for (auto it = records.rbegin(); it != records.rend(); ++it) pointers.push_back(&*it);  // any order
  const RunSummary summary = summarize_run({0, "D(1,2)", "num_concurrency", 1, 0.1, 0.1}, pointers);
  EXPECT_EQ(summary.requests_total, 8u);
  EXPECT_EQ(summary.requests_excluded, 2u);
  EXPECT_DOUBLE_EQ(summary.ttft_ms.max, 100);  // the two 500 ms outliers were the first and last
}

// An explicit --ramp-up: its requests go before warm-up and cool-down are counted; a run that is
// all ramp keeps them (nothing else would be measured).
TEST(Summary, RequestsInAnExplicitRampAreLeftOutUnlessThatLeavesNothing) {
  std::vector<RequestRecord> records;
  for (int i = 0; i < 6; ++i) records.push_back(streamed(i * 10, {i < 2 ? 900 : 100, 200}, 1000, 1, 2));
  records[0].in_ramp = records[1].in_ramp = true;
  std::vector<const RequestRecord*> pointers;
  for (const RequestRecord& record : records) pointers.push_back(&record);
  RunSummary summary = summarize_run({0, "D(1,2)", "num_concurrency", 2, 0.25, 0}, pointers);
  EXPECT_EQ(summary.requests_excluded, 3u);  // 2 in the ramp, then floor(4 × 0.25) = 1 warm-up
  EXPECT_EQ(summary.requests_total, 3u);
  EXPECT_DOUBLE_EQ(summary.ttft_ms.max, 100);  // the ramp's 900 ms first requests are out
  for (RequestRecord& record : records) record.in_ramp = true;
  summary = summarize_run({0, "D(1,2)", "num_concurrency", 2, 0, 0}, pointers);
  EXPECT_EQ(summary.requests_excluded, 0u);
  EXPECT_EQ(summary.requests_total, 6u);
}

// Open loop: four requests scheduled 100 ms apart, started 0, 2, 0 and 6 ms late, each lasting
// 150 ms: lateness mean 2 ms and max 6; starts at 0, 102, 200, 306 ms (gaps 102, 98, 106: mean
// 102 ms, so 9.80/s); at most two in flight (each ends 150 ms after it starts).
TEST(Summary, OpenLoopLatenessAchievedRateAndRequestsInFlight) {
  std::vector<RequestRecord> records;
  const int64_t late_ms[] = {0, 2, 0, 6};
  for (int i = 0; i < 4; ++i) {
    records.push_back(streamed(100 * i + late_ms[i], {50, 60}, 150, 10, 2));
    records.back().t_sched_ns = 100 * i * kMs;
  }
  RunDescription run{0, "D(10,2)", "request_rate", 0, 0, 0};
  run.request_rate = 10;
  run.arrival = "poisson";
  const RunSummary summary = summarize_run(run, {&records[0], &records[1], &records[2], &records[3]});
  EXPECT_EQ(summary.client_lateness_ms.count, 4u);
  EXPECT_DOUBLE_EQ(summary.client_lateness_ms.mean, 2);
  EXPECT_DOUBLE_EQ(summary.client_lateness_ms.max, 6);
  EXPECT_NEAR(summary.achieved_request_rate, 1000.0 / 102, 1e-9);
  const double mean = 102, sd = std::sqrt((0.0 + 16 + 16) / 2);  // gaps 102, 98, 106
  EXPECT_NEAR(summary.arrival_cv, sd / mean, 1e-9);
  EXPECT_EQ(summary.max_in_flight, 2);
  EXPECT_EQ(run.load_label(), "10/s");
  // The same records as a closed-loop run: no lateness to speak of, so none is reported.
  const RunSummary closed = summarize_run({0, "D(10,2)", "num_concurrency", 4, 0, 0}, {&records[0], &records[1]});
  EXPECT_EQ(closed.client_lateness_ms.count, 0u);
  EXPECT_EQ(closed.achieved_request_rate, 0);
}

// Send lag: from t_start (or t_connected, when the request opened its connection) to t_sent.
// Four requests: 2 ms on a reused connection; 3 ms after a connection that took 1 ms; one retried
// (its times mix attempts: left out); one never sent (left out). Mean 2.5, max 3.
TEST(Summary, SendLagFromTheStartOrTheConnectionToTheLastByteWritten) {
  std::vector<RequestRecord> records;
  for (int i = 0; i < 4; ++i) records.push_back(streamed(100 * i, {50, 60}, 150, 10, 2));
  records[0].t_sent_ns = records[0].t_start_ns + 2 * kMs;
  records[1].t_connected_ns = records[1].t_start_ns + 1 * kMs;
  records[1].t_sent_ns = records[1].t_start_ns + 4 * kMs;
  records[2].t_sent_ns = records[2].t_start_ns + 9 * kMs;
  records[2].attempts = 2;
  EXPECT_EQ(records[0].send_lag_ns(), 2 * kMs);
  EXPECT_EQ(records[1].send_lag_ns(), 3 * kMs);
  EXPECT_FALSE(records[2].send_lag_ns());
  EXPECT_FALSE(records[3].send_lag_ns());
  const RunSummary summary =
      summarize_run({0, "D(10,2)", "num_concurrency", 1, 0, 0}, {&records[0], &records[1], &records[2], &records[3]});
  EXPECT_EQ(summary.client_send_lag_ms.count, 2u);
  EXPECT_DOUBLE_EQ(summary.client_send_lag_ms.mean, 2.5);
  EXPECT_DOUBLE_EQ(summary.client_send_lag_ms.max, 3);
}

TEST(Slo, ParsesAnySubsetAndRefusesWhatItCannotRead) {
  auto slo = parse_slo("ttft:200ms,tpot:50,e2e:10s");
  ASSERT_TRUE(slo) << slo.error();
  EXPECT_EQ(*slo->ttft_ms, 200);
  EXPECT_EQ(*slo->tpot_ms, 50);  // a plain number is milliseconds
  EXPECT_EQ(*slo->e2e_ms, 10000);
  EXPECT_EQ(slo->describe(), "ttft<=200ms, tpot<=50ms, e2e<=10000ms");
  EXPECT_FALSE(parse_slo("ttft:200ms,itl:5ms"));
  EXPECT_NE(parse_slo("ttft=200").error().find("--slo: 'ttft=200' is not METRIC:LIMIT"), std::string::npos);
  EXPECT_FALSE(parse_slo("e2e:-1s"));
  EXPECT_FALSE(parse_slo(""));
}

// Four requests over 1 s (first start 0, last end 1000 ms): TTFT 100, 100, 300 ms and one
// failure. With ttft<=200ms two met it: attainment 2/4, goodput 2 requests / 1 s. TPOT 11.25 ms
// for the first two; with tpot<=10ms as well, none met both.
TEST(Summary, GoodputCountsRequestsMeetingEverySlo) {
  std::vector<RequestRecord> records = {streamed(0, {100, 110, 120, 130, 140}, 145, 10, 5),
                                        streamed(200, {100, 110, 120, 130, 140}, 145, 10, 5),
                                        streamed(400, {300, 310}, 600, 10, 2), streamed(500, {100}, 100, 10, 1)};
  records[3].error_kind = "http_500";
  RunDescription run{0, "D(10,5)", "num_concurrency", 1, 0, 0};
  run.slo = *parse_slo("ttft:200ms");
  std::vector<const RequestRecord*> pointers = {&records[0], &records[1], &records[2], &records[3]};
  RunSummary summary = summarize_run(run, pointers);
  EXPECT_EQ(summary.requests_meeting_slo, 2u);
  EXPECT_DOUBLE_EQ(summary.slo_attainment, 0.5);
  EXPECT_DOUBLE_EQ(summary.goodput_requests_per_s, 2.0);
  run.slo = *parse_slo("ttft:200ms,tpot:10ms");
  summary = summarize_run(run, pointers);
  EXPECT_EQ(summary.requests_meeting_slo, 0u);
  // A single-token request has no TPOT: a TPOT limit cannot fail it.
  const RequestRecord one_token = streamed(0, {50}, 50, 10, 1);
  EXPECT_TRUE(parse_slo("tpot:1ms")->met_by(one_token));
}

TEST(Sweep, RatesSpanBaselineToProbeAndTheKneeIsTheLastRateKeptUpWith) {
  EXPECT_EQ(sweep_rates(10, 40, 4), (std::vector<double>{10, 20, 30, 40}));
  EXPECT_EQ(sweep_rates(10, 8, 4), (std::vector<double>{8}));  // a probe no faster than one user: one rate
  auto run = [](double rate, double achieved, double attainment) {
    RunSummary summary;
    summary.run.iteration_type = "request_rate";
    summary.run.request_rate = rate;
    summary.run.slo = *parse_slo("ttft:100ms");
    summary.requests_per_s = achieved;
    summary.requests_total = 100;
    summary.slo_attainment = attainment;
    return summary;
  };
  RunSummary baseline, probe;
  baseline.requests_per_s = 10;
  probe.requests_per_s = 40;
  // 10, 20, 30 kept up (>= 90% of offered); 40 finished only 33/s. The SLO held (>= 90% of
  // requests) up to 20.
  const std::vector<RunSummary> runs = {baseline, probe, run(10, 9.9, 1), run(20, 19.5, 0.95), run(30, 27.5, 0.5),
                                        run(40, 33, 0.1)};
  const SweepResult result = summarize_sweep(runs, 0.9);
  EXPECT_EQ(result.synchronous_rate, 10);
  EXPECT_EQ(result.max_rate, 40);
  EXPECT_EQ(result.knee_rate, 30);
  EXPECT_EQ(result.highest_rate_meeting_slo, 20);
  // A rate that fell behind ends the knee's search even if a later one looks fine.
  const SweepResult broken = summarize_sweep({baseline, probe, run(10, 5, 1), run(20, 19.9, 1)}, 0.9);
  EXPECT_FALSE(broken.knee_rate);
  RunDescription labelled;
  labelled.iteration_type = "request_rate";
  labelled.request_rate = 24.7902;
  EXPECT_EQ(labelled.load_label(), "24.79/s");
  labelled.request_rate = 100;
  EXPECT_EQ(labelled.load_label(), "100/s");
}

}  // namespace
}  // namespace genai::metrics
