// The over-time series of --server-metrics from hand-made server_metrics.jsonl lines, against
// values worked out by hand in the comments.
#include "report/server_metrics_series.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace genai::report {
namespace {

namespace json = boost::json;

std::string page_line(uint32_t run, const std::string& url, const char* phase, int64_t t_ns, const std::string& text) {
  return json::serialize(json::object{{"run", run}, {"url", url}, {"phase", phase}, {"t_ns", t_ns}, {"ok", true}, {"text", text}});
}

std::string failed_line(uint32_t run, const std::string& url, int64_t t_ns) {
  return json::serialize(
      json::object{{"run", run}, {"url", url}, {"phase", "during"}, {"t_ns", t_ns}, {"ok", false}, {"error", "HTTP 503"}});
}

// vLLM's page: running split over two engines (the series are added), TTFT buckets at 50, 100 and 500 ms.
std::string vllm_page(double running, double waiting, double kv_usage, double generation_tokens, int at_50ms,
                      int at_100ms, int at_500ms, int count) {
  auto number = [](double value) { return std::to_string(value); };
  auto bucket = [](const char* le, int cumulative) {
    return "vllm:time_to_first_token_seconds_bucket{model_name=\"m\",le=\"" + std::string(le) + "\"} " +
           std::to_string(cumulative) + "\n";
  };
  return "# TYPE vllm:num_requests_running gauge\n"
         "vllm:num_requests_running{engine=\"0\"} " + number(running / 2) + "\n"
         "vllm:num_requests_running{engine=\"1\"} " + number(running / 2) + "\n"
         "# TYPE vllm:num_requests_waiting gauge\n"
         "vllm:num_requests_waiting " + number(waiting) + "\n"
         "# TYPE vllm:kv_cache_usage_perc gauge\n"
         "vllm:kv_cache_usage_perc " + number(kv_usage) + "\n"
         "# TYPE vllm:generation_tokens_total counter\n"
         "vllm:generation_tokens_total " + number(generation_tokens) + "\n"
         "# TYPE vllm:time_to_first_token_seconds histogram\n" +
         bucket("0.05", at_50ms) + bucket("0.1", at_100ms) + bucket("0.5", at_500ms) + bucket("+Inf", count) +
         "vllm:time_to_first_token_seconds_sum 1.0\n"
         "vllm:time_to_first_token_seconds_count " + std::to_string(count) + "\n";
}

void expect_points(const std::vector<TimedValue>& points, const std::vector<TimedValue>& expected) {
  ASSERT_EQ(points.size(), expected.size());
  for (size_t i = 0; i < points.size(); ++i) {
    EXPECT_DOUBLE_EQ(points[i].t_s, expected[i].t_s) << "point " << i;
    EXPECT_NEAR(points[i].value, expected[i].value, 1e-9) << "point " << i;
  }
}

TEST(ServerMetricsSeries, ThreeVllmPagesGiveGaugesRatesAndIntervalQuantiles) {
  const std::string url = "http://gpu:8000/metrics";
  ServerMetricsSeriesReader reader;
  reader.add_line(page_line(0, url, "before", 1'000'000'000, vllm_page(0, 0, 0.1, 1000, 2, 4, 5, 5)));
  reader.add_line(page_line(0, url, "during", 2'000'000'000, vllm_page(4, 2, 0.5, 1800, 2, 9, 10, 10)));
  reader.add_line(page_line(0, url, "after", 4'000'000'000, vllm_page(8, 0, 0.7, 2600, 2, 9, 10, 10)));
  const std::vector<ServerMetricsSeries> series = std::move(reader).finish();
  ASSERT_EQ(series.size(), 1u);
  const ServerMetricsSeries& one = series[0];
  EXPECT_EQ(one.url, url);
  EXPECT_EQ(one.run_index, 0u);
  // Gauges as each page has them, at t_ns / 1e9; running is the two engines' halves added.
  expect_points(one.requests_running, {{1, 0}, {2, 4}, {4, 8}});
  expect_points(one.requests_waiting, {{1, 0}, {2, 2}, {4, 0}});
  expect_points(one.kv_cache_usage, {{1, 0.1}, {2, 0.5}, {4, 0.7}});
  // Generation: (1800 - 1000) / (2 - 1) s = 800 tokens/s at 2 s; (2600 - 1800) / (4 - 2) s = 400 at 4 s.
  expect_points(one.generation_tokens_per_s, {{2, 800}, {4, 400}});
  // TTFT between 1 s and 2 s: Δ buckets 50 ms: 2-2 = 0, 100 ms: 9-4 = 5, 500 ms: 10-5 = 5, +Inf: 5;
  // 5 observations, all in (50 ms, 100 ms]. p50: rank 2.5 of 5 in that bucket, 50 + 50 x 2.5/5 = 75 ms;
  // p99: rank 4.95, 50 + 50 x 4.95/5 = 99.5 ms. Between 2 s and 4 s nothing changed: no point.
  expect_points(one.ttft_p50_ms, {{2, 75}});
  expect_points(one.ttft_p99_ms, {{2, 99.5}});
}

TEST(ServerMetricsSeries, ByUrlThenRunNeverJoiningRunsAndSkippingWhatIsNotAPage) {
  const std::string first = "http://a:8000/metrics", second = "http://b:8000/metrics";
  ServerMetricsSeriesReader reader;
  reader.add_line(page_line(0, first, "before", 1'000'000'000, vllm_page(0, 0, 0, 100, 0, 0, 0, 0)));
  reader.add_line(page_line(0, second, "before", 1'000'000'000, vllm_page(0, 0, 0, 500, 0, 0, 0, 0)));
  reader.add_line(failed_line(0, first, 1'500'000'000));  // passed over: 1 s and 3 s become consecutive
  reader.add_line(page_line(0, first, "after", 3'000'000'000, vllm_page(0, 0, 0, 300, 0, 0, 0, 0)));
  reader.add_line(page_line(0, second, "after", 3'000'000'000, vllm_page(0, 0, 0, 900, 0, 0, 0, 0)));
  reader.add_line(page_line(1, first, "before", 5'000'000'000, vllm_page(0, 0, 0, 400, 0, 0, 0, 0)));
  reader.add_line(page_line(1, first, "after", 6'000'000'000, vllm_page(0, 0, 0, 450, 0, 0, 0, 0)));
  reader.add_line("{\"run\": 1, \"url\": \"http://a:8000/metrics\", \"phase\": \"dur");  // a torn last line
  const std::vector<ServerMetricsSeries> series = std::move(reader).finish();
  ASSERT_EQ(series.size(), 3u);
  EXPECT_EQ(series[0].url, first);
  EXPECT_EQ(series[0].run_index, 0u);
  EXPECT_EQ(series[1].url, first);
  EXPECT_EQ(series[1].run_index, 1u);
  EXPECT_EQ(series[2].url, second);
  // a, run 0: (300 - 100) / 2 s = 100 tokens/s. a, run 1: its first page starts afresh (the 2 s
  // between the runs are not a run's), (450 - 400) / 1 s = 50. b: (900 - 500) / 2 s = 200.
  expect_points(series[0].generation_tokens_per_s, {{3, 100}});
  expect_points(series[1].generation_tokens_per_s, {{6, 50}});
  expect_points(series[2].generation_tokens_per_s, {{3, 200}});
  EXPECT_TRUE(series[0].ttft_p50_ms.empty()) << "no observation in any interval";
}

TEST(ServerMetricsSeries, SglangNamesAndACounterThatWentDown) {
  const std::string url = "http://sglang:30000/metrics";
  auto page = [](double running, double queued, double token_usage, double generated) {
    return "# TYPE sglang:num_running_reqs gauge\nsglang:num_running_reqs " + std::to_string(running) +
           "\n# TYPE sglang:num_queue_reqs gauge\nsglang:num_queue_reqs " + std::to_string(queued) +
           "\n# TYPE sglang:token_usage gauge\nsglang:token_usage " + std::to_string(token_usage) +
           "\n# TYPE sglang:generation_tokens_total counter\nsglang:generation_tokens_total " + std::to_string(generated) + "\n";
  };
  ServerMetricsSeriesReader reader;
  reader.add_line(page_line(0, url, "before", 0, page(1, 3, 0.25, 5000)));
  reader.add_line(page_line(0, url, "during", 500'000'000, page(2, 1, 0.5, 5600)));
  reader.add_line(page_line(0, url, "after", 1'000'000'000, page(0, 0, 0.0, 100)));
  const std::vector<ServerMetricsSeries> series = std::move(reader).finish();
  ASSERT_EQ(series.size(), 1u);
  expect_points(series[0].requests_running, {{0, 1}, {0.5, 2}, {1, 0}});
  expect_points(series[0].requests_waiting, {{0, 3}, {0.5, 1}, {1, 0}});
  expect_points(series[0].kv_cache_usage, {{0, 0.25}, {0.5, 0.5}, {1, 0}});
  // (5600 - 5000) / 0.5 s = 1200 tokens/s; then 5600 -> 100: a restart, counted from 0: 100 / 0.5 s = 200.
  expect_points(series[0].generation_tokens_per_s, {{0.5, 1200}, {1, 200}});
  EXPECT_TRUE(series[0].ttft_p50_ms.empty()) << "no TTFT histogram on the page";
}

TEST(ServerMetricsSeries, AFolderWithoutTheFileHasNone) {
  EXPECT_TRUE(read_server_metrics_series("/nonexistent-folder").empty());
  EXPECT_FALSE(has_server_metrics_pages("/nonexistent-folder"));
}

}  // namespace
}  // namespace genai::report
