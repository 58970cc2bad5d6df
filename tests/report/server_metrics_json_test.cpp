// summary.json's server_metrics read back as written, so the reports rebuilt from a folder have them.
#include "report/server_metrics_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

namespace genai::report {
namespace {

namespace json = boost::json;

metrics::ServerMetricsSummary vllm_server() {
  metrics::ServerMetricsSummary server;
  server.url = "http://user:***@gpu:8000/metrics";
  server.scrapes_ok = 5;
  server.scrapes_failed = 1;
  server.first_error = "HTTP 503";
  server.requests_running = metrics::GaugeOverRun{6, 8};
  server.kv_cache_usage = metrics::GaugeOverRun{0.6, 0.7};
  server.prefix_cache_hit_rate = 0.5;
  server.generation_tokens = 2000;
  server.generation_tokens_per_s = 500;
  server.ttft = metrics::ServerLatency{10, 75, 95, 99.5, 80};
  server.itl = metrics::ServerLatency{0, std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  return server;
}

TEST(ServerMetricsJson, ReadBackAsWrittenWhatIsAbsentStaysAbsent) {
  metrics::RunSummary summary;
  summary.server_metrics = {vllm_server()};
  const std::vector<metrics::ServerMetricsSummary> back = server_metrics_from_json(server_metrics_json(summary));
  ASSERT_EQ(back.size(), 1u);
  const metrics::ServerMetricsSummary& server = back[0];
  EXPECT_EQ(server.url, "http://user:***@gpu:8000/metrics");
  EXPECT_EQ(server.scrapes_ok, 5u);
  EXPECT_EQ(server.scrapes_failed, 1u);
  EXPECT_EQ(server.first_error, "HTTP 503");
  ASSERT_TRUE(server.requests_running);
  EXPECT_EQ(server.requests_running->mean, 6);
  EXPECT_EQ(server.requests_running->max, 8);
  EXPECT_FALSE(server.requests_waiting);
  EXPECT_EQ(server.kv_cache_usage->max, 0.7);
  EXPECT_EQ(server.prefix_cache_hit_rate, 0.5);
  EXPECT_FALSE(server.prompt_tokens);
  EXPECT_EQ(server.generation_tokens_per_s, 500);
  ASSERT_TRUE(server.ttft);
  EXPECT_EQ(server.ttft->observations, 10);
  EXPECT_EQ(server.ttft->p99_ms, 99.5);
  EXPECT_EQ(server.ttft->mean_ms, 80);
  ASSERT_TRUE(server.itl);  // no observations: written with null quantiles, read back without them
  EXPECT_FALSE(server.itl->p50_ms);
  EXPECT_FALSE(server.e2e);
}

TEST(ServerMetricsJson, RestoredIntoTheRunOfTheSameIndex) {
  const std::string path = ::testing::TempDir() + "server_metrics_json_test_summary.json";
  metrics::RunSummary scraped;
  scraped.server_metrics = {vllm_server()};
  std::ofstream(path) << json::serialize(json::array{json::object{{"run_index", 0}},
                                                     json::object{{"run_index", 1}, {"server_metrics", server_metrics_json(scraped)}}});
  std::vector<metrics::RunSummary> summaries(2);
  summaries[0].run.run_index = 0;
  summaries[1].run.run_index = 1;
  restore_server_metrics(path, summaries);
  EXPECT_TRUE(summaries[0].server_metrics.empty());
  ASSERT_EQ(summaries[1].server_metrics.size(), 1u);
  EXPECT_EQ(summaries[1].server_metrics[0].generation_tokens, 2000);
  std::filesystem::remove(path);

  restore_server_metrics(path, summaries);  // no file: nothing changes, no error
  EXPECT_EQ(summaries[1].server_metrics.size(), 1u);
}

}  // namespace
}  // namespace genai::report
