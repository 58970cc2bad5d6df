// The summary of one run (one scenario at one concurrency): counts, errors by kind, the
// statistics of every metric and the run's throughputs, computed from its records alone.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "metrics/record.h"
#include "metrics/server_metrics_summary.h"
#include "metrics/slo.h"
#include "metrics/statistics.h"

namespace genai::metrics {

struct RunDescription {
  uint32_t run_index = 0;
  std::string scenario;           // "D(100,100)"
  std::string iteration_type = "num_concurrency";  // or "request_rate" / "trace" (open loop)
  int64_t concurrency = 0;        // closed loop: users; open loop: the --max-concurrency cap, 0 for none
  double warmup_ratio = 0;        // first fraction of requests (by start) left out of the metrics
  double cooldown_ratio = 0;      // last fraction likewise
  double request_rate = 0;        // open loop: the scheduled rate, requests/s (a trace's mean)
  std::string arrival;            // open loop: "poisson", "gamma(k=0.5)", "constant" or "trace x2"
  std::optional<Slo> slo;         // --slo: goodput is computed against it
  int64_t batch_size = 0;         // embeddings / rerank ("batch_size" runs): texts per request

  bool open_loop() const { return iteration_type == "request_rate" || iteration_type == "trace"; }
  // How the run loaded the server, as tables show it: "8" users, or "20/s".
  std::string load_label() const;
  // The number a plot puts the run at (users, requests/s or batch size), and that axis's label.
  double load_value() const;
  std::string load_axis() const;
};

struct RunSummary {
  RunDescription run;
  uint64_t requests_total = 0;    // in the measured window
  uint64_t requests_ok = 0;
  uint64_t requests_failed = 0;
  uint64_t requests_excluded = 0; // left out by warm-up / cool-down
  std::map<std::string, uint64_t> errors_by_kind;
  double duration_s = 0;          // last t_end - first t_start of the measured window

  Statistics ttft_ms, tpot_ms, itl_ms, e2e_ms, output_speed_tps;
  Statistics output_latency_ms, input_throughput_tps, output_throughput_tps;
  Statistics input_tokens, output_tokens, total_tokens;
  Statistics audio_throughput_bps;  // text-to-speech only (count 0 otherwise): per request, bytes/s
  Statistics client_read_delay_ms;  // per request, the longest its bytes waited for the client
  Statistics client_send_lag_ms;    // per one-attempt request, RequestRecord::send_lag_ns
  // Open loop only (count 0 otherwise): t_start - t_sched per request, the client's own lateness,
  // and the rate requests actually started at with the coefficient of variation of their gaps.
  Statistics client_lateness_ms;
  double achieved_request_rate = 0;
  double arrival_cv = 0;
  int64_t max_in_flight = 0;  // the most requests in flight at once (from t_start / t_end)
  // With an SLO: the requests (in the window) that met all of it, their share of all requests
  // (failures included), and goodput = those requests / duration.
  uint64_t requests_meeting_slo = 0;
  double slo_attainment = 0;
  double goodput_requests_per_s = 0;

  double requests_per_s = 0;
  double input_tokens_per_s = 0;
  double output_tokens_per_s = 0;
  double total_tokens_per_s = 0;
  int64_t total_input_tokens = 0;
  int64_t total_output_tokens = 0;
  int64_t total_input_chars = 0;
  int64_t total_output_chars = 0;
  // The media tasks (0 otherwise): audio bytes and images received, and their rates over duration_s.
  int64_t total_audio_bytes = 0;
  int64_t total_images = 0;
  double audio_bytes_per_s = 0;
  double images_per_s = 0;
  // --server-metrics: what each scraped server said about itself during the run, one per URL.
  std::vector<ServerMetricsSummary> server_metrics;
};

// Records of one run, in any order.
RunSummary summarize_run(const RunDescription& run, std::vector<const RequestRecord*> records);

}  // namespace genai::metrics
