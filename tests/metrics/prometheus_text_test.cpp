// The Prometheus text parser on hand-written pages: each rule of the format, the shapes vLLM and
// friends serve, hand-computed histogram quantiles, and malformed pages failing on one line.
#include "metrics/prometheus_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace genai::metrics {
namespace {

using namespace std::string_literals;

constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::vector<PrometheusFamily> parse_ok(std::string_view text) {
  Result<std::vector<PrometheusFamily>> parsed = parse_prometheus_text(text);
  EXPECT_TRUE(parsed.ok()) << parsed.error();
  return parsed.ok() ? std::move(parsed).value() : std::vector<PrometheusFamily>{};
}

const PrometheusFamily& family(const std::vector<PrometheusFamily>& families, std::string_view name) {
  const PrometheusFamily* found = find_family(families, name);
  if (found == nullptr) throw std::runtime_error("no family " + std::string(name));
  return *found;
}

TEST(PrometheusText, HelpAndTypeLinesNameTheirFamilies) {
  const auto families = parse_ok(
      "# HELP http_requests_total The total number of HTTP requests.\n"
      "# TYPE http_requests_total counter\n"
      "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
      "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n"
      "# TYPE temperature gauge\n"
      "# HELP temperature Written after its TYPE, which is fine.\n"
      "temperature -3.5\n"
      "no_metadata 7\n");
  ASSERT_EQ(families.size(), 3u);
  EXPECT_EQ(families[0].name, "http_requests_total");
  EXPECT_EQ(families[0].type, PrometheusType::counter);
  EXPECT_EQ(families[0].help, "The total number of HTTP requests.");
  ASSERT_EQ(families[0].samples.size(), 2u);
  const PrometheusSample& first = families[0].samples[0];
  EXPECT_EQ(first.labels, (PrometheusLabels{{"method", "post"}, {"code", "200"}}));
  EXPECT_EQ(first.value, 1027);
  EXPECT_EQ(first.timestamp_ms, 1395066363000);
  EXPECT_EQ(families[0].samples[1].label("code"), "400");
  EXPECT_EQ(families[0].samples[1].label("path"), std::nullopt);
  EXPECT_EQ(families[1].type, PrometheusType::gauge);
  EXPECT_EQ(families[1].help, "Written after its TYPE, which is fine.");
  EXPECT_EQ(families[1].samples[0].value, -3.5);
  EXPECT_EQ(families[1].samples[0].timestamp_ms, std::nullopt);
  EXPECT_EQ(families[2].type, PrometheusType::untyped);
  EXPECT_EQ(to_string(families[2].type), "untyped");
  EXPECT_EQ(find_family(families, "missing"), nullptr);
}

TEST(PrometheusText, EveryTypeKeyword) {
  const auto families = parse_ok(
      "# TYPE a counter\n# TYPE b gauge\n# TYPE c histogram\n# TYPE d summary\n# TYPE e untyped\n");
  ASSERT_EQ(families.size(), 5u);
  EXPECT_EQ(families[0].type, PrometheusType::counter);
  EXPECT_EQ(families[1].type, PrometheusType::gauge);
  EXPECT_EQ(families[2].type, PrometheusType::histogram);
  EXPECT_EQ(families[3].type, PrometheusType::summary);
  EXPECT_EQ(families[4].type, PrometheusType::untyped);
  for (const PrometheusFamily& declared : families) EXPECT_TRUE(declared.samples.empty());  // kept anyway
}

TEST(PrometheusText, CommentsAndHelpEscapes) {
  const auto families = parse_ok(
      "# A comment.\n"
      "#\n"
      "   # An indented comment; HELP below is not the first word.\n"
      "# this HELP is ordinary\n"
      "# HELP\n"
      "# TYPE lonely_name\n"
      "# HELP doc Backslash \\\\, line feed \\n, quote \\\", and \\d kept as written.\n"
      "doc 1\n");
  ASSERT_EQ(families.size(), 1u);  // "# TYPE lonely_name" says nothing: ignored, as expfmt does
  EXPECT_EQ(families[0].help, "Backslash \\, line feed \n, quote \", and \\d kept as written.");
}

TEST(PrometheusText, LabelValueEscapesAndLiberalLabelSets) {
  const auto families = parse_ok(
      "escaped{path=\"C:\\\\dir\\\\file\",quote=\"say \\\"hi\\\"\",lines=\"one\\ntwo\"} 1\n"
      "spaced { a = \"x\" , b=\"y\" , } 2\n"
      "empty_set{} 3\n"
      "no_blank_before_value{a=\"b\"}4\n"
      "unicode{text=\"\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\",braces=\"{}=,\"} 5\n");
  ASSERT_EQ(families.size(), 5u);
  EXPECT_EQ(families[0].samples[0].labels,
            (PrometheusLabels{{"path", "C:\\dir\\file"}, {"quote", "say \"hi\""}, {"lines", "one\ntwo"}}));
  EXPECT_EQ(families[1].samples[0].labels, (PrometheusLabels{{"a", "x"}, {"b", "y"}}));
  EXPECT_EQ(families[1].samples[0].value, 2);
  EXPECT_TRUE(families[2].samples[0].labels.empty());
  EXPECT_EQ(families[3].samples[0].value, 4);
  EXPECT_EQ(families[4].samples[0].label("text"), "\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  EXPECT_EQ(families[4].samples[0].label("braces"), "{}=,");
}

TEST(PrometheusText, SpecialAndExponentValues) {
  const auto families = parse_ok(
      "v{k=\"nan\"} NaN\n"
      "v{k=\"pos\"} +Inf\n"
      "v{k=\"neg\"} -Inf\n"
      "v{k=\"go_spelling\"} inf\n"
      "v{k=\"exp\"} 1.5e-3\n"
      "v{k=\"EXP\"} -2E+2\n"
      "v{k=\"go_exp\"} 1.796050813e+09\n"
      "v{k=\"plus\"} +7\n"
      "v{k=\"dot\"} .5\n"
      "v{k=\"big\"} 1.7976931348623157e308\n"
      "v{k=\"ts_negative\"} 1 -1000\n"
      "v{k=\"ts_plus\"} 1 +1000\n");
  const auto& samples = families.at(0).samples;
  ASSERT_EQ(samples.size(), 12u);
  EXPECT_TRUE(std::isnan(samples[0].value));
  EXPECT_EQ(samples[1].value, kInfinity);
  EXPECT_EQ(samples[2].value, -kInfinity);
  EXPECT_EQ(samples[3].value, kInfinity);
  EXPECT_DOUBLE_EQ(samples[4].value, 0.0015);
  EXPECT_DOUBLE_EQ(samples[5].value, -200);
  EXPECT_DOUBLE_EQ(samples[6].value, 1796050813);
  EXPECT_EQ(samples[7].value, 7);
  EXPECT_EQ(samples[8].value, 0.5);
  EXPECT_EQ(samples[9].value, std::numeric_limits<double>::max());
  EXPECT_EQ(samples[10].timestamp_ms, -1000);
  EXPECT_EQ(samples[11].timestamp_ms, 1000);
}

TEST(PrometheusText, LineEndsBlankLinesAndWhitespace) {
  // CRLF line ends, blank lines, blanks and tabs around tokens, and no line feed at the end.
  const auto families = parse_ok(
      "\r\n# TYPE a gauge\r\n\r\n  a  1  \r\n\t\n\ta{x=\"y\"}\t2\t123\t\r\n   \nb 3");
  ASSERT_EQ(families.size(), 2u);
  ASSERT_EQ(families[0].samples.size(), 2u);
  EXPECT_EQ(families[0].samples[0].value, 1);
  EXPECT_EQ(families[0].samples[1].value, 2);
  EXPECT_EQ(families[0].samples[1].timestamp_ms, 123);
  EXPECT_EQ(families[1].samples.at(0).value, 3);
  EXPECT_TRUE(parse_ok("").empty());
  EXPECT_TRUE(parse_ok("\n\n\r\n").empty());
}

// A vLLM /metrics excerpt (names with colons, a histogram and a labelled metric with no series yet).
constexpr std::string_view kVllmPage =
    "# HELP vllm:num_requests_running Number of requests currently running on GPU.\n"
    "# TYPE vllm:num_requests_running gauge\n"
    "vllm:num_requests_running{model_name=\"meta-llama/Llama-3.1-8B\"} 4.0\n"
    "# HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.\n"
    "# TYPE vllm:time_to_first_token_seconds histogram\n"
    "vllm:time_to_first_token_seconds_sum{model_name=\"meta-llama/Llama-3.1-8B\"} 3.2\n"
    "vllm:time_to_first_token_seconds_bucket{model_name=\"meta-llama/Llama-3.1-8B\",le=\"0.1\"} 2.0\n"
    "vllm:time_to_first_token_seconds_bucket{le=\"0.5\",model_name=\"meta-llama/Llama-3.1-8B\"} 6.0\n"
    "vllm:time_to_first_token_seconds_bucket{model_name=\"meta-llama/Llama-3.1-8B\",le=\"+Inf\"} 10.0\n"
    "vllm:time_to_first_token_seconds_bucket{model_name=\"meta-llama/Llama-3.1-8B\",le=\"1.0\"} 9.0\n"
    "vllm:time_to_first_token_seconds_count{model_name=\"meta-llama/Llama-3.1-8B\"} 10.0\n"
    "vllm:time_to_first_token_seconds_bucket{model_name=\"other\",le=\"+Inf\"} 0.0\n"
    "# HELP vllm:request_success_total Count of successfully processed requests.\n"
    "# TYPE vllm:request_success_total counter\n";

TEST(PrometheusText, HistogramSamplesJoinTheirFamily) {
  const auto families = parse_ok(kVllmPage);
  ASSERT_EQ(families.size(), 3u);
  const PrometheusFamily& ttft = family(families, "vllm:time_to_first_token_seconds");
  EXPECT_EQ(ttft.type, PrometheusType::histogram);
  EXPECT_EQ(ttft.samples.size(), 7u);
  EXPECT_EQ(ttft.samples[0].name, "vllm:time_to_first_token_seconds_sum");
  EXPECT_EQ(find_family(families, "vllm:time_to_first_token_seconds_bucket"), nullptr);
  EXPECT_TRUE(family(families, "vllm:request_success_total").samples.empty());

  // Two series: labels in any order are one series; buckets sorted by bound.
  const std::vector<HistogramSeries> series = histogram_series(ttft);
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].labels, (PrometheusLabels{{"model_name", "meta-llama/Llama-3.1-8B"}}));
  ASSERT_EQ(series[0].buckets.size(), 4u);
  const double bounds[] = {0.1, 0.5, 1.0, kInfinity};
  const double counts[] = {2, 6, 9, 10};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(series[0].buckets[i].upper_bound, bounds[i]);
    EXPECT_EQ(series[0].buckets[i].cumulative_count, counts[i]);
  }
  EXPECT_EQ(series[0].sum, 3.2);
  EXPECT_EQ(series[0].count, 10);
  EXPECT_EQ(series[1].labels, (PrometheusLabels{{"model_name", "other"}}));
  EXPECT_EQ(series[1].sum, std::nullopt);
  EXPECT_EQ(series[1].count, std::nullopt);

  // Buckets (le: cumulative) 0.1: 2, 0.5: 6, 1.0: 9, +Inf: 10; rank = q * 10 observations, in the
  // first bucket whose count reaches it, interpolated from the bucket below's bound and count:
  //   q=0.5:  rank 5   -> le=0.5 bucket: 0.1 + (0.5 - 0.1) * (5 - 2) / (6 - 2) = 0.1 + 0.4 * 0.75 = 0.4
  //   q=0.9:  rank 9   -> le=1.0 bucket: 0.5 + (1.0 - 0.5) * (9 - 6) / (9 - 6) = 1.0
  //   q=0.1:  rank 1   -> le=0.1 bucket, from 0: 0 + 0.1 * 1 / 2 = 0.05
  //   q=0.75: rank 7.5 -> le=1.0 bucket: 0.5 + 0.5 * (7.5 - 6) / 3 = 0.75
  //   q=0.95: rank 9.5 -> only the +Inf bucket reaches it: the highest finite bound, 1.0
  //   q=0:    rank 0   -> le=0.1 bucket: 0 + 0.1 * 0 / 2 = 0;   q=1: rank 10 -> +Inf bucket: 1.0
  const std::vector<HistogramBucket>& buckets = series[0].buckets;
  EXPECT_DOUBLE_EQ(histogram_quantile(0.5, buckets), 0.4);
  EXPECT_DOUBLE_EQ(histogram_quantile(0.9, buckets), 1.0);
  EXPECT_DOUBLE_EQ(histogram_quantile(0.1, buckets), 0.05);
  EXPECT_DOUBLE_EQ(histogram_quantile(0.75, buckets), 0.75);
  EXPECT_DOUBLE_EQ(histogram_quantile(0.95, buckets), 1.0);
  EXPECT_DOUBLE_EQ(histogram_quantile(0, buckets), 0);
  EXPECT_DOUBLE_EQ(histogram_quantile(1, buckets), 1.0);
  EXPECT_TRUE(std::isnan(histogram_quantile(0.5, series[1].buckets)));  // no observations
}

TEST(PrometheusText, HistogramQuantileEdgesFollowPromql) {
  const std::vector<HistogramBucket> buckets = {{kInfinity, 10}, {1, 4}, {2, 8}};  // any order
  EXPECT_EQ(histogram_quantile(-0.1, buckets), -kInfinity);
  EXPECT_EQ(histogram_quantile(1.1, buckets), kInfinity);
  EXPECT_TRUE(std::isnan(histogram_quantile(std::nan(""), buckets)));
  // rank 5 -> le=2: 1 + (2 - 1) * (5 - 4) / (8 - 4) = 1.25
  EXPECT_DOUBLE_EQ(histogram_quantile(0.5, buckets), 1.25);
  EXPECT_TRUE(std::isnan(histogram_quantile(0.5, {})));
  EXPECT_TRUE(std::isnan(histogram_quantile(0.5, {{1, 4}, {2, 8}})));         // no +Inf bucket
  EXPECT_TRUE(std::isnan(histogram_quantile(0.5, {{kInfinity, 8}})));          // one bucket only
  EXPECT_TRUE(std::isnan(histogram_quantile(0.5, {{1, 4}, {std::nan(""), 6}, {kInfinity, 8}})));
  // A lowest bound <= 0 is returned as is: rank 2.5 falls in le=-1 (count 3).
  EXPECT_EQ(histogram_quantile(0.5, {{-1, 3}, {0, 5}, {kInfinity, 5}}), -1);
  // Falling counts are raised to the envelope (le=2: 3 -> 5): rank 5 -> le=1: 0 + 1 * 5 / 5 = 1;
  // rank 6 -> le=2 holds only 5 now -> +Inf bucket -> highest finite bound, 2.
  const std::vector<HistogramBucket> falling = {{1, 5}, {2, 3}, {kInfinity, 10}};
  EXPECT_DOUBLE_EQ(histogram_quantile(0.5, falling), 1);
  EXPECT_DOUBLE_EQ(histogram_quantile(0.6, falling), 2);
  // Two buckets of one bound are added (PromQL's coalescing): le=1 holds 2 + 2 = 4 of 8;
  // rank 2 -> le=1: 0 + 1 * 2 / 4 = 0.5.
  EXPECT_DOUBLE_EQ(histogram_quantile(0.25, {{1, 2}, {1, 2}, {kInfinity, 8}}), 0.5);
}

TEST(PrometheusText, SummarySamplesJoinTheirFamily) {
  const auto families = parse_ok(
      "# TYPE rpc_duration_seconds summary\n"
      "rpc_duration_seconds{service=\"a\",quantile=\"0.5\"} 0.05\n"
      "rpc_duration_seconds{quantile=\"0.99\",service=\"a\"} 0.2\n"
      "rpc_duration_seconds_sum{service=\"a\"} 17\n"
      "rpc_duration_seconds_count{service=\"a\"} 100\n"
      "rpc_duration_seconds_bucket{le=\"1\"} 1\n"  // no bucket in a summary: a family of its own
      "plain_sum 3\n");
  ASSERT_EQ(families.size(), 3u);
  EXPECT_EQ(families[0].samples.size(), 4u);
  EXPECT_EQ(families[0].samples[1].label("quantile"), "0.99");
  EXPECT_EQ(families[1].name, "rpc_duration_seconds_bucket");
  EXPECT_EQ(families[1].type, PrometheusType::untyped);
  EXPECT_EQ(families[2].name, "plain_sum");  // no family "plain": an untyped family of its own
}

TEST(PrometheusText, SamplesOfOneFamilyNeedNotBeAdjacent) {
  const auto families = parse_ok("# TYPE a counter\na 1\nb 2\na{x=\"1\"} 3\n");
  ASSERT_EQ(families.size(), 2u);
  EXPECT_EQ(families[0].samples.size(), 2u);
}

struct BadPage {
  std::string text;
  int line;
  std::string_view says;  // part of the message
};

TEST(PrometheusText, MalformedPagesFailOnOneLineNamingIt) {
  const std::vector<BadPage> pages = {
      {"a{b=\"c} 1\n", 1, "unterminated value of label 'b'"},
      {"a{b=\"c\\", 1, "unterminated value of label 'b'"},
      {"ok 1\na{b=\"\\t\"} 1\n", 2, "invalid escape '\\t'"},
      {"a{b=\"c\"}\n", 1, "missing value for 'a'"},
      {"\n\na\n", 3, "missing value for 'a'"},
      {"a 1.2.3\n", 1, "invalid value '1.2.3' for 'a'"},
      {"a 0x10\n", 1, "invalid value '0x10'"},
      {"a 1_000\n", 1, "invalid value"},
      {"a +NaN\n", 1, "invalid value"},
      {"a 1e400\n", 1, "invalid value '1e400'"},
      {"a 1\0\n"s, 1, "invalid value '1\\x00'"},
      {"a 1 1.5\n", 1, "invalid timestamp '1.5'"},
      {"a 1 99999999999999999999\n", 1, "invalid timestamp"},
      {"a 1 +-5\n", 1, "invalid timestamp"},
      {"a 1 2 3\n", 1, "unexpected '3' after the timestamp"},
      {"# TYPE h histogram\nh_bucket{x=\"y\"} 1\n", 2, "'h_bucket' has no 'le' label"},
      {"# TYPE h histogram\nh_bucket{le=\"high\"} 1\n", 2, "label 'le' of 'h_bucket' is not a number: 'high'"},
      {"# TYPE h histogram\nh_bucket{le=\"NaN\"} 1\n", 2, "is not a number"},
      {"# TYPE h histogram\nh 1\n", 2, "lacks a _bucket, _sum or _count suffix"},
      {"# TYPE s summary\ns 1\n", 2, "'s' has no 'quantile' label"},
      {"a{b=\"\xff\"} 1\n", 1, "the value of label 'b' is not UTF-8"},
      {"a{b=\"\xc0\xaf\"} 1\n", 1, "not UTF-8"},          // overlong '/'
      {"a{b=\"\xed\xa0\x80\"} 1\n", 1, "not UTF-8"},      // a surrogate
      {"a{b=\"\xe2\x82\"} 1\n", 1, "not UTF-8"},          // cut short
      {"a{b=\"\x80\"} 1\n", 1, "not UTF-8"},              // a lone continuation byte
      {"# HELP a caf\xe9\n", 1, "the # HELP text of 'a' is not UTF-8"},
      {"\xff 1\n", 1, "expected a metric name, found '\\xff 1'"},
      {"{b=\"c\"} 1\n", 1, "expected a metric name"},
      {"1a 1\n", 1, "expected a metric name"},
      {"a-b 1\n", 1, "unexpected '-' after metric name 'a'"},
      {"a{1b=\"c\"} 1\n", 1, "expected a label name, found '1b=\"c\"} 1'"},
      {"a{,} 1\n", 1, "expected a label name"},
      {"a{b \"c\"} 1\n", 1, "expected '=' after label 'b'"},
      {"a{b=c} 1\n", 1, "expected '\"' to open the value of label 'b'"},
      {"a{b=\"c\" d=\"e\"} 1\n", 1, "expected ',' or '}' after the value of label 'b'"},
      {"a{b=\"c\"\n", 1, "unterminated label set"},
      {"a{b=\"c\",b=\"d\"} 1\n", 1, "label 'b' appears twice"},
      {"a{__name__=\"b\"} 1\n", 1, "'__name__' is reserved"},
      {"# HELP a one\n# HELP a two\n", 2, "second # HELP line for 'a'"},
      {"# TYPE a gauge\n# TYPE a counter\n", 2, "second # TYPE line for 'a'"},
      {"a 1\n# TYPE a gauge\n", 2, "# TYPE line for 'a' after its samples"},
      {"# TYPE a Counter\n", 1, "unknown metric type 'Counter'"},
      {"# TYPE a counter extra\n", 1, "unknown metric type 'counter extra'"},
      {"# TYPE 1a counter\n", 1, "invalid metric name in # TYPE line"},
      {"# HELP a-b text\n", 1, "invalid metric name in # HELP line"},
      // Lines are counted through CRLF and blank lines.
      {"a 1\r\n\r\n# comment\r\nbad{\r\n", 4, "unterminated label set"},
  };
  for (const BadPage& page : pages) {
    SCOPED_TRACE(page.text);
    Result<std::vector<PrometheusFamily>> parsed = parse_prometheus_text(page.text);
    ASSERT_FALSE(parsed.ok());
    const std::string prefix = "line " + std::to_string(page.line) + ": ";
    EXPECT_EQ(parsed.error().rfind(prefix, 0), 0u) << parsed.error();
    EXPECT_NE(parsed.error().find(page.says), std::string::npos) << parsed.error();
    EXPECT_EQ(parsed.error().find('\n'), std::string::npos) << parsed.error();
  }
}

TEST(PrometheusText, ErrorsQuoteLongInputShortly) {
  const std::string long_garbage = "a " + std::string(10000, 'x') + "\n";
  Result<std::vector<PrometheusFamily>> parsed = parse_prometheus_text(long_garbage);
  ASSERT_FALSE(parsed.ok());
  EXPECT_LT(parsed.error().size(), 120u) << parsed.error();
}

// Seeded random mutations of a valid page: every result is a page or a one-line error naming an
// existing line (the sanitizers of a debug build watch for anything worse).
TEST(PrometheusText, MutatedPagesParseOrFailCleanly) {
  const std::string seed(kVllmPage);
  const std::string alphabet = "{}=\",\\n#_ :.+-eE0123456789\r\n\t\xff\xc3";
  std::mt19937 random(20260301);
  int errors = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string page = seed;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int edit = 0; edit < edits; ++edit) {
      const size_t at = random() % (page.size() + 1);
      const char byte = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0: page.insert(page.begin() + static_cast<std::ptrdiff_t>(at), byte); break;
        case 1: if (at < page.size()) page.erase(at, 1); break;
        default: if (at < page.size()) page[at] = byte; break;
      }
    }
    Result<std::vector<PrometheusFamily>> parsed = parse_prometheus_text(page);
    if (parsed.ok()) {
      for (const PrometheusFamily& one : *parsed) {
        if (one.type == PrometheusType::histogram) {
          for (const HistogramSeries& series : histogram_series(one)) (void)histogram_quantile(0.9, series.buckets);
        }
      }
      continue;
    }
    ++errors;
    const std::string& message = parsed.error();
    ASSERT_EQ(message.rfind("line ", 0), 0u) << message;
    ASSERT_EQ(message.find('\n'), std::string::npos) << message;
    const int line = std::stoi(message.substr(5));
    const auto lines = std::count(page.begin(), page.end(), '\n') + 1;
    ASSERT_TRUE(line >= 1 && line <= lines) << message;
  }
  EXPECT_GT(errors, 1000);  // the mutations did reach the error paths
}

}  // namespace
}  // namespace genai::metrics
