#include "mock/prometheus_export.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <limits>

namespace genai::mock {

namespace {

// vLLM's histogram bounds, in microseconds (each is whole milliseconds), as its V1 engine declares
// them: vllm-project/vllm, vllm/v1/metrics/loggers.py, PrometheusStatLogger.__init__
// (vllm:time_to_first_token_seconds; vllm:time_per_output_token_seconds, whose buckets its
// successor vllm:inter_token_latency_seconds keeps; request_latency_buckets for
// vllm:e2e_request_latency_seconds).
constexpr uint64_t kTtftBoundsUs[] = {1'000,      5'000,      10'000,     20'000,      40'000,      60'000,
                                      80'000,     100'000,    250'000,    500'000,     750'000,     1'000'000,
                                      2'500'000,  5'000'000,  7'500'000,  10'000'000,  20'000'000,  40'000'000,
                                      80'000'000, 160'000'000, 640'000'000, 2'560'000'000};
constexpr uint64_t kTokenGapBoundsUs[] = {10'000,    25'000,    50'000,     75'000,     100'000,    150'000,   200'000,
                                          300'000,   400'000,   500'000,    750'000,    1'000'000,  2'500'000, 5'000'000,
                                          7'500'000, 10'000'000, 20'000'000, 40'000'000, 80'000'000};
constexpr uint64_t kRequestLatencyBoundsUs[] = {300'000,     500'000,     800'000,     1'000'000,   1'500'000,
                                                2'000'000,   2'500'000,   5'000'000,   10'000'000,  15'000'000,
                                                20'000'000,  30'000'000,  40'000'000,  50'000'000,  60'000'000,
                                                120'000'000, 240'000'000, 480'000'000, 960'000'000, 1'920'000'000,
                                                7'680'000'000};

// The shortest text that reads back as `value`, with ".0" on whole numbers as Python writes floats.
std::string number_text(double value) {
  char text[64];
  const auto result = std::to_chars(text, text + sizeof text, value);
  std::string out(text, result.ptr);
  if (out.find_first_of(".en") == std::string::npos) out += ".0";  // not for 1e+20, inf, nan
  return out;
}

std::string escaped_label_value(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    out += c == '\n' ? std::string("\\n") : std::string(1, c);
  }
  return out;
}

// Prometheus's le="B" bucket counts observations <= B. The microsecond histogram's buckets are
// exact below 2,048 µs and 0.8 % wide above, so a bucket counts under the first bound at or above
// its largest value: a count at bound B is exact except that observations in the one bucket
// straddling B (within 0.8 % below B) are counted at the next bound up. Never an observation above
// B is counted at B. _count is the sum of the buckets (so it equals the +Inf bucket even while the
// writer adds), _sum is exact (whole microseconds).
struct PrometheusHistogram {
  std::vector<uint64_t> cumulative;  // one per bound
  uint64_t count = 0;
  double sum_s = 0;
};

PrometheusHistogram prometheus_histogram(const std::vector<const SendTruth*>& threads,
                                         MicrosecondHistogram SendTruth::*member, const uint64_t* bounds,
                                         size_t bound_count) {
  PrometheusHistogram histogram;
  histogram.cumulative.assign(bound_count, 0);
  uint64_t sum_us = 0;
  for (const SendTruth* truth : threads) {
    const MicrosecondHistogram& part = truth->*member;
    sum_us += part.sum_us();
    for (size_t bucket = 0; bucket < MicrosecondHistogram::kBuckets; ++bucket) {
      const uint64_t count = part.count_in(bucket);
      if (count == 0) continue;
      histogram.count += count;
      const uint64_t largest = bucket + 1 < MicrosecondHistogram::kBuckets
                                   ? MicrosecondHistogram::lower_bound_of(bucket + 1) - 1
                                   : std::numeric_limits<uint64_t>::max();  // the last bucket has no end
      const size_t first_bound = static_cast<size_t>(std::lower_bound(bounds, bounds + bound_count, largest) - bounds);
      if (first_bound < bound_count) histogram.cumulative[first_bound] += count;
    }
  }
  for (size_t i = 1; i < bound_count; ++i) histogram.cumulative[i] += histogram.cumulative[i - 1];
  histogram.sum_s = static_cast<double>(sum_us) / 1e6;
  return histogram;
}

class ExpositionWriter {
 public:
  explicit ExpositionWriter(std::string_view model_name)
      : labels_("model_name=\"" + escaped_label_value(model_name) + "\",engine=\"0\"") {}

  void family(std::string_view name, std::string_view type, std::string_view help) {
    text_.append("# HELP ").append(name).append(" ").append(help).append("\n");
    text_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  }
  void sample(std::string_view name, std::string_view value, std::string_view extra_label = {}) {
    text_.append(name).append("{").append(labels_);
    if (!extra_label.empty()) text_.append(",").append(extra_label);
    text_.append("} ").append(value).append("\n");
  }
  void gauge(std::string_view name, std::string_view help, double value) {
    family(name, "gauge", help);
    sample(name, number_text(value));
  }
  void counter(std::string_view name, std::string_view help, int64_t value) {
    family(name, "counter", help);
    sample(name, number_text(static_cast<double>(value)));
  }
  void histogram(std::string_view name, std::string_view help, const PrometheusHistogram& histogram,
                 const uint64_t* bounds, size_t bound_count) {
    family(name, "histogram", help);
    const std::string bucket = std::string(name) + "_bucket";
    for (size_t i = 0; i < bound_count; ++i) {
      const std::string le = "le=\"" + number_text(static_cast<double>(bounds[i]) / 1e6) + "\"";
      sample(bucket, number_text(static_cast<double>(histogram.cumulative[i])), le);
    }
    sample(bucket, number_text(static_cast<double>(histogram.count)), "le=\"+Inf\"");
    sample(std::string(name) + "_count", number_text(static_cast<double>(histogram.count)));
    sample(std::string(name) + "_sum", number_text(histogram.sum_s));
  }
  std::string take() { return std::move(text_); }

 private:
  std::string labels_;
  std::string text_;
};

int64_t total(const std::vector<const SendTruth*>& threads, ThreadCount SendTruth::*member) {
  int64_t sum = 0;
  for (const SendTruth* truth : threads) sum += (truth->*member).value();
  return sum;
}

}  // namespace

std::string prometheus_text(const std::vector<const SendTruth*>& threads, std::string_view model_name, int max_batch) {
  ExpositionWriter out(model_name);
  const int64_t running = total(threads, &SendTruth::running);
  const double kv_cache_usage = max_batch > 0 ? static_cast<double>(running) / max_batch : 0.0;
  out.gauge("vllm:num_requests_running", "Number of requests in model execution batches.", static_cast<double>(running));
  out.gauge("vllm:num_requests_waiting", "Number of requests waiting to be processed.",
            static_cast<double>(total(threads, &SendTruth::waiting)));
  out.gauge("vllm:gpu_cache_usage_perc", "GPU KV-cache usage. 1 means 100 percent usage.", kv_cache_usage);
  out.gauge("vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", kv_cache_usage);
  // The mock has no prefix cache: queried and hit nothing.
  out.counter("vllm:prefix_cache_queries_total", "Prefix cache queries, in terms of number of queried tokens.", 0);
  out.counter("vllm:prefix_cache_hits_total", "Prefix cache hits, in terms of number of cached tokens.", 0);
  out.counter("vllm:prompt_tokens_total", "Number of prefill tokens processed.", total(threads, &SendTruth::prompt_tokens));
  out.counter("vllm:generation_tokens_total", "Number of generation tokens processed.",
              total(threads, &SendTruth::generation_tokens));
  // Every mock response ends at its max_tokens: finished_reason "length"; vLLM writes each reason.
  out.family("vllm:request_success_total", "counter", "Count of successfully processed requests.");
  out.sample("vllm:request_success_total", "0.0", "finished_reason=\"stop\"");
  out.sample("vllm:request_success_total", number_text(static_cast<double>(total(threads, &SendTruth::requests_finished))),
             "finished_reason=\"length\"");
  out.sample("vllm:request_success_total", "0.0", "finished_reason=\"abort\"");

  const auto ttft = prometheus_histogram(threads, &SendTruth::served_ttft, kTtftBoundsUs, std::size(kTtftBoundsUs));
  out.histogram("vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", ttft, kTtftBoundsUs,
                std::size(kTtftBoundsUs));
  const auto gap = prometheus_histogram(threads, &SendTruth::served_gap, kTokenGapBoundsUs, std::size(kTokenGapBoundsUs));
  out.histogram("vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.", gap,
                kTokenGapBoundsUs, std::size(kTokenGapBoundsUs));
  // The older name of the same measure, which vLLM still writes beside the new one.
  out.histogram("vllm:time_per_output_token_seconds", "Histogram of time per output token in seconds.", gap,
                kTokenGapBoundsUs, std::size(kTokenGapBoundsUs));
  const auto e2e = prometheus_histogram(threads, &SendTruth::served_e2e, kRequestLatencyBoundsUs,
                                        std::size(kRequestLatencyBoundsUs));
  out.histogram("vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", e2e,
                kRequestLatencyBoundsUs, std::size(kRequestLatencyBoundsUs));
  return out.take();
}

}  // namespace genai::mock
