// The per-request metrics of docs/METRICS.md, derived from one record. A metric that does not
// apply (no first token, a single output token, a failed request) is absent, never zero.
#pragma once

#include <optional>

#include "metrics/record.h"

namespace genai::metrics {

struct RequestMetrics {
  std::optional<double> ttft_ms;               // t_first - t_start
  std::optional<double> e2e_ms;                // t_end - t_start
  std::optional<double> tpot_ms;               // (e2e - ttft) / (N_out - 1), N_out > 1
  std::optional<double> output_latency_ms;     // e2e - ttft (genai-bench's "output_latency")
  std::optional<double> output_speed_tps;      // 1 / tpot
  std::optional<double> input_throughput_tps;  // N_in / ttft (genai-bench's per-request figure)
  std::optional<double> output_throughput_tps; // N_out / output_latency (genai-bench's figure)
  // Text-to-speech: audio bytes / (e2e - TTFB), genai-bench's "audio_throughput" (bytes/s).
  std::optional<double> audio_throughput_bps;
  // ITL: the gaps are the record's itl_us; runs count them directly (metrics/summary.cpp).
};

// Derives the metrics of a successful request; a failed one yields only e2e_ms.
RequestMetrics derive_request_metrics(const RequestRecord& record);

}  // namespace genai::metrics
