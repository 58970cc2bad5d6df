// A run's server metrics from hand-made pages scraped before, during and after it, against values
// worked out by hand in the comments.
#include "metrics/server_metrics_summary.h"

#include <gtest/gtest.h>

namespace genai::metrics {
namespace {

ServerScrape page(ScrapePhase phase, int64_t t_ns, const std::string& text) {
  ServerScrape scrape;
  scrape.phase = phase;
  scrape.t_ns = t_ns;
  auto families = parse_prometheus_text(text);
  EXPECT_TRUE(families.ok()) << families.error();
  if (families) scrape.families = std::move(*families);
  return scrape;
}

ServerScrape failed(ScrapePhase phase, int64_t t_ns, std::string error) {
  ServerScrape scrape;
  scrape.phase = phase;
  scrape.t_ns = t_ns;
  scrape.error = std::move(error);
  return scrape;
}

// vLLM's page, with two engines where vLLM has them: the counts are the two added together.
std::string vllm_page(double running, double waiting, double kv_usage, double generation_tokens, double queries,
                      double hits, const std::string& ttft_buckets, double ttft_sum, double ttft_count) {
  auto number = [](double value) { return std::to_string(value); };
  return "# TYPE vllm:num_requests_running gauge\n"
         "vllm:num_requests_running{model_name=\"m\",engine=\"0\"} " + number(running / 2) + "\n"
         "vllm:num_requests_running{model_name=\"m\",engine=\"1\"} " + number(running / 2) + "\n"
         "# TYPE vllm:num_requests_waiting gauge\n"
         "vllm:num_requests_waiting{model_name=\"m\"} " + number(waiting) + "\n"
         "# TYPE vllm:kv_cache_usage_perc gauge\n"
         "vllm:kv_cache_usage_perc{model_name=\"m\"} " + number(kv_usage) + "\n"
         "# TYPE vllm:generation_tokens_total counter\n"
         "vllm:generation_tokens_total{model_name=\"m\"} " + number(generation_tokens) + "\n"
         "# TYPE vllm:prefix_cache_queries counter\n"  // the family named without _total, as OpenMetrics does
         "vllm:prefix_cache_queries_total{model_name=\"m\"} " + number(queries) + "\n"
         "# TYPE vllm:prefix_cache_hits_total counter\n"
         "vllm:prefix_cache_hits_total{model_name=\"m\"} " + number(hits) + "\n"
         "# TYPE vllm:time_to_first_token_seconds histogram\n" + ttft_buckets +
         "vllm:time_to_first_token_seconds_sum{model_name=\"m\"} " + number(ttft_sum) + "\n"
         "vllm:time_to_first_token_seconds_count{model_name=\"m\"} " + number(ttft_count) + "\n";
}

std::string ttft_buckets(int at_50ms, int at_100ms, int at_500ms, int total) {
  auto bucket = [](const char* le, int count) {
    return "vllm:time_to_first_token_seconds_bucket{model_name=\"m\",le=\"" + std::string(le) + "\"} " +
           std::to_string(count) + "\n";
  };
  return bucket("0.05", at_50ms) + bucket("0.1", at_100ms) + bucket("0.5", at_500ms) + bucket("+Inf", total);
}

std::vector<ServerScrape> vllm_run() {
  return {
      page(ScrapePhase::before, 1'000'000'000, vllm_page(0, 0, 0.1, 1000, 500, 100, ttft_buckets(2, 4, 5, 5), 1.0, 5)),
      page(ScrapePhase::during, 2'000'000'000, vllm_page(4, 2, 0.5, 1800, 900, 300, ttft_buckets(2, 9, 10, 10), 1.4, 10)),
      page(ScrapePhase::during, 3'000'000'000, vllm_page(8, 0, 0.7, 2600, 1300, 500, ttft_buckets(2, 12, 13, 13), 1.6, 13)),
      page(ScrapePhase::after, 5'000'000'000, vllm_page(0, 0, 0.1, 3000, 1500, 600, ttft_buckets(2, 14, 15, 15), 1.8, 15)),
  };
}

TEST(ServerMetricsSummary, VllmRunFromItsScrapes) {
  const ServerMetricsSummary summary = summarize_server_metrics("http://gpu:8000/metrics", vllm_run());
  EXPECT_EQ(summary.url, "http://gpu:8000/metrics");
  EXPECT_EQ(summary.scrapes_ok, 4u);
  EXPECT_EQ(summary.scrapes_failed, 0u);
  // Gauges over the two scrapes during the run: running (4 + 8) / 2 = 6, max 8 (each the two
  // engines' series added); waiting (2 + 0) / 2 = 1, max 2; KV usage (0.5 + 0.7) / 2 = 0.6, max 0.7.
  ASSERT_TRUE(summary.requests_running);
  EXPECT_DOUBLE_EQ(summary.requests_running->mean, 6);
  EXPECT_DOUBLE_EQ(summary.requests_running->max, 8);
  ASSERT_TRUE(summary.requests_waiting);
  EXPECT_DOUBLE_EQ(summary.requests_waiting->mean, 1);
  EXPECT_DOUBLE_EQ(summary.requests_waiting->max, 2);
  ASSERT_TRUE(summary.kv_cache_usage);
  EXPECT_DOUBLE_EQ(summary.kv_cache_usage->mean, 0.6);
  EXPECT_DOUBLE_EQ(summary.kv_cache_usage->max, 0.7);
  // Prefix cache: (600 - 100) hits / (1500 - 500) queries = 0.5.
  ASSERT_TRUE(summary.prefix_cache_hit_rate);
  EXPECT_DOUBLE_EQ(*summary.prefix_cache_hit_rate, 0.5);
  // Generation: 3000 - 1000 = 2000 tokens over 5 s - 1 s = 4 s: 500 tokens/s.
  ASSERT_TRUE(summary.generation_tokens);
  EXPECT_DOUBLE_EQ(*summary.generation_tokens, 2000);
  ASSERT_TRUE(summary.generation_tokens_per_s);
  EXPECT_DOUBLE_EQ(*summary.generation_tokens_per_s, 500);
  // TTFT from after - before: cumulative le=0.05: 2-2 = 0, le=0.1: 14-4 = 10, le=0.5: 15-5 = 10,
  // +Inf: 10. p50: rank 5 of 10, in (0.05, 0.1]: 0.05 + 0.05 * 5/10 = 0.075 s; p90: rank 9:
  // 0.05 + 0.05 * 9/10 = 0.095 s; p99: rank 9.9: 0.0995 s. Mean: (1.8 - 1.0) / (15 - 5) = 0.08 s.
  ASSERT_TRUE(summary.ttft);
  EXPECT_DOUBLE_EQ(summary.ttft->observations, 10);
  EXPECT_NEAR(*summary.ttft->p50_ms, 75, 1e-9);
  EXPECT_NEAR(*summary.ttft->p90_ms, 95, 1e-9);
  EXPECT_NEAR(*summary.ttft->p99_ms, 99.5, 1e-9);
  EXPECT_NEAR(*summary.ttft->mean_ms, 80, 1e-9);
  // Families the page does not have are absent, not zero.
  EXPECT_FALSE(summary.itl);
  EXPECT_FALSE(summary.e2e);
  EXPECT_FALSE(summary.prompt_tokens);
  EXPECT_FALSE(summary.requests_finished);
}

TEST(ServerMetricsSummary, NetworkAndClientIsClientMinusServer) {
  const ServerMetricsSummary server = summarize_server_metrics("u", vllm_run());
  Statistics client_ttft;
  client_ttft.count = 10;
  client_ttft.p50 = 77.5;  // - 75 = 2.5
  client_ttft.mean = 81;   // - 80 = 1
  const NetworkAndClient difference = network_and_client(server, client_ttft, Statistics{});
  EXPECT_NEAR(*difference.ttft_p50_ms, 2.5, 1e-9);
  EXPECT_NEAR(*difference.ttft_mean_ms, 1, 1e-9);
  EXPECT_FALSE(difference.itl_mean_ms);  // neither side has an ITL here
}

TEST(ServerMetricsSummary, AFailedScrapeBeforeTheRunLeavesTheFirstOneDuringItAsTheStart) {
  std::vector<ServerScrape> scrapes = vllm_run();
  scrapes[0] = failed(ScrapePhase::before, 1'000'000'000, "http://gpu:8000/metrics: cannot connect: Connection refused");
  const ServerMetricsSummary summary = summarize_server_metrics("u", scrapes);
  EXPECT_EQ(summary.scrapes_ok, 3u);
  EXPECT_EQ(summary.scrapes_failed, 1u);
  EXPECT_EQ(summary.first_error, "http://gpu:8000/metrics: cannot connect: Connection refused");
  // From the scrape at 2 s: (3000 - 1800) tokens / 3 s = 400 tokens/s; TTFT count 15 - 10 = 5.
  EXPECT_DOUBLE_EQ(*summary.generation_tokens_per_s, 400);
  EXPECT_DOUBLE_EQ(summary.ttft->observations, 5);
  // le=0.1: 14 - 9 = 5 of 5: p50 at rank 2.5 in (0.05, 0.1]: 0.05 + 0.05 * 2.5/5 = 0.075 s.
  EXPECT_NEAR(*summary.ttft->p50_ms, 75, 1e-9);
}

TEST(ServerMetricsSummary, NoScrapeNoSummary) {
  const ServerMetricsSummary summary = summarize_server_metrics(
      "u", {failed(ScrapePhase::before, 0, "refused"), failed(ScrapePhase::after, 1, "refused")});
  EXPECT_EQ(summary.scrapes_ok, 0u);
  EXPECT_EQ(summary.scrapes_failed, 2u);
  EXPECT_FALSE(summary.requests_running);
  EXPECT_FALSE(summary.generation_tokens_per_s);
  EXPECT_FALSE(summary.ttft);
}

TEST(ServerMetricsSummary, ACounterThatWentDownWasResetAndCountsFromZero) {
  const std::string before = "vllm:generation_tokens_total 5000\n";
  const std::string after = "vllm:generation_tokens_total 300\n";  // the server restarted during the run
  const ServerMetricsSummary summary = summarize_server_metrics(
      "u", {page(ScrapePhase::before, 0, before), page(ScrapePhase::after, 2'000'000'000, after)});
  EXPECT_DOUBLE_EQ(*summary.generation_tokens, 300);
  EXPECT_DOUBLE_EQ(*summary.generation_tokens_per_s, 150);  // 300 / 2 s
}

TEST(ServerMetricsSummary, SglangNames) {
  auto sglang_page = [](double running, double queued, double usage, double hit_rate, double throughput,
                        int itl_at_10ms, int itl_total, double itl_sum) {
    auto number = [](double value) { return std::to_string(value); };
    return "# TYPE sglang:num_running_reqs gauge\nsglang:num_running_reqs{model_name=\"m\"} " + number(running) +
           "\n# TYPE sglang:num_queue_reqs gauge\nsglang:num_queue_reqs{model_name=\"m\"} " + number(queued) +
           "\n# TYPE sglang:token_usage gauge\nsglang:token_usage{model_name=\"m\"} " + number(usage) +
           "\n# TYPE sglang:cache_hit_rate gauge\nsglang:cache_hit_rate{model_name=\"m\"} " + number(hit_rate) +
           "\n# TYPE sglang:gen_throughput gauge\nsglang:gen_throughput{model_name=\"m\"} " + number(throughput) +
           "\n# TYPE sglang:inter_token_latency_seconds histogram\n"
           "sglang:inter_token_latency_seconds_bucket{model_name=\"m\",le=\"0.01\"} " + std::to_string(itl_at_10ms) +
           "\nsglang:inter_token_latency_seconds_bucket{model_name=\"m\",le=\"0.02\"} " + std::to_string(itl_total) +
           "\nsglang:inter_token_latency_seconds_bucket{model_name=\"m\",le=\"+Inf\"} " + std::to_string(itl_total) +
           "\nsglang:inter_token_latency_seconds_sum{model_name=\"m\"} " + number(itl_sum) +
           "\nsglang:inter_token_latency_seconds_count{model_name=\"m\"} " + std::to_string(itl_total) + "\n";
  };
  const ServerMetricsSummary summary = summarize_server_metrics(
      "u", {page(ScrapePhase::before, 0, sglang_page(0, 0, 0, 0, 0, 0, 0, 0)),
            page(ScrapePhase::during, 1'000'000'000, sglang_page(3, 1, 0.2, 0.25, 900, 10, 40, 0.5)),
            page(ScrapePhase::during, 2'000'000'000, sglang_page(5, 3, 0.4, 0.75, 1100, 30, 80, 1.0)),
            page(ScrapePhase::after, 3'000'000'000, sglang_page(0, 0, 0, 0.5, 0, 50, 100, 1.2))});
  EXPECT_DOUBLE_EQ(summary.requests_running->mean, 4);    // (3 + 5) / 2
  EXPECT_DOUBLE_EQ(summary.requests_waiting->max, 3);
  EXPECT_DOUBLE_EQ(summary.kv_cache_usage->mean, 0.3);    // (0.2 + 0.4) / 2
  EXPECT_DOUBLE_EQ(*summary.prefix_cache_hit_rate, 0.5);  // its gauge during the run: (0.25 + 0.75) / 2
  EXPECT_DOUBLE_EQ(*summary.generation_tokens_per_s, 1000);  // no token counter: its gauge, (900 + 1100) / 2
  // ITL: 50 of 100 gaps <= 10 ms, the rest <= 20 ms. p50: rank 50 is the last of (0, 0.01]: 10 ms;
  // p90: rank 90, 40th of 50 in (0.01, 0.02]: 0.01 + 0.01 * 40/50 = 0.018 s. Mean 1.2 / 100 = 12 ms.
  ASSERT_TRUE(summary.itl);
  EXPECT_NEAR(*summary.itl->p50_ms, 10, 1e-9);
  EXPECT_NEAR(*summary.itl->p90_ms, 18, 1e-9);
  EXPECT_NEAR(*summary.itl->mean_ms, 12, 1e-9);
  EXPECT_FALSE(summary.ttft);
  EXPECT_FALSE(summary.generation_tokens);
}

TEST(ServerMetricsSummary, LlamaCppNames) {
  auto llama_page = [](int processing, int deferred, int predicted) {
    return "# TYPE llamacpp:tokens_predicted_total counter\nllamacpp:tokens_predicted_total " + std::to_string(predicted) +
           "\n# TYPE llamacpp:requests_processing gauge\nllamacpp:requests_processing " + std::to_string(processing) +
           "\n# TYPE llamacpp:requests_deferred gauge\nllamacpp:requests_deferred " + std::to_string(deferred) + "\n";
  };
  const ServerMetricsSummary summary = summarize_server_metrics(
      "u", {page(ScrapePhase::before, 0, llama_page(0, 0, 100)), page(ScrapePhase::during, 500'000'000, llama_page(4, 1, 300)),
            page(ScrapePhase::after, 2'000'000'000, llama_page(0, 0, 900))});
  EXPECT_DOUBLE_EQ(summary.requests_running->max, 4);
  EXPECT_DOUBLE_EQ(summary.requests_waiting->mean, 1);
  EXPECT_DOUBLE_EQ(*summary.generation_tokens, 800);           // 900 - 100
  EXPECT_DOUBLE_EQ(*summary.generation_tokens_per_s, 400);     // over 2 s
  EXPECT_FALSE(summary.ttft);
}

TEST(ServerMetricsSummary, KeepsOnlyTheFamiliesItReads) {
  EXPECT_TRUE(server_metrics_family_read("vllm:time_to_first_token_seconds"));
  EXPECT_TRUE(server_metrics_family_read("sglang:num_queue_reqs"));
  EXPECT_FALSE(server_metrics_family_read("DCGM_FI_DEV_GPU_UTIL"));
  EXPECT_FALSE(server_metrics_family_read("vllm:time_to_first_token_seconds_bucket"));
}

}  // namespace
}  // namespace genai::metrics
