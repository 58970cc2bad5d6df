#include "metrics/request_metrics.h"

namespace genai::metrics {
namespace {
constexpr double kNsPerMs = 1e6;
}

RequestMetrics derive_request_metrics(const RequestRecord& record) {
  RequestMetrics metrics;
  if (record.t_end_ns == kNoTime || record.t_start_ns == kNoTime) return metrics;
  const double e2e_ms = static_cast<double>(record.t_end_ns - record.t_start_ns) / kNsPerMs;
  metrics.e2e_ms = e2e_ms;
  if (!record.ok() || !record.has_first_token()) return metrics;

  const double ttft_ms = static_cast<double>(record.t_first_ns - record.t_start_ns) / kNsPerMs;
  metrics.ttft_ms = ttft_ms;
  metrics.output_latency_ms = e2e_ms - ttft_ms;
  if (ttft_ms > 0 && record.input_tokens > 0) {
    metrics.input_throughput_tps = static_cast<double>(record.input_tokens) / (ttft_ms / 1e3);
  }
  if (record.audio_bytes > 0 && *metrics.output_latency_ms > 0) {
    metrics.audio_throughput_bps = static_cast<double>(record.audio_bytes) / (*metrics.output_latency_ms / 1e3);
  }
  if (record.output_tokens > 1) {
    const double tpot_ms = (e2e_ms - ttft_ms) / static_cast<double>(record.output_tokens - 1);
    metrics.tpot_ms = tpot_ms;
    if (tpot_ms > 0) metrics.output_speed_tps = 1e3 / tpot_ms;
    if (*metrics.output_latency_ms > 0) {
      metrics.output_throughput_tps = static_cast<double>(record.output_tokens) / (*metrics.output_latency_ms / 1e3);
    }
  }
  return metrics;
}

}  // namespace genai::metrics
