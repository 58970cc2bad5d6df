#include "metrics/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "metrics/microsecond_distribution.h"
#include "metrics/request_metrics.h"

namespace genai::metrics {
namespace {

// Warm-up and cool-down are decided by start order, so they mean "the first and last fractions
// of the requests the load generator sent", whatever order they finished in.
std::vector<const RequestRecord*> measured_window(const RunDescription& run,
                                                  std::vector<const RequestRecord*> records) {
  // An explicit ramp-up is warm-up: its requests go first, unless nothing else would be left.
  const auto in_ramp = [](const RequestRecord* record) { return record->in_ramp; };
  if (!std::all_of(records.begin(), records.end(), in_ramp)) std::erase_if(records, in_ramp);
  std::sort(records.begin(), records.end(), [](const RequestRecord* a, const RequestRecord* b) {
    return a->t_start_ns != b->t_start_ns ? a->t_start_ns < b->t_start_ns : a->request_index < b->request_index;
  });
  const auto count = static_cast<double>(records.size());
  const auto skip_first = static_cast<size_t>(std::floor(count * run.warmup_ratio));
  const auto skip_last = static_cast<size_t>(std::floor(count * run.cooldown_ratio));
  if (skip_first + skip_last >= records.size()) return {};
  return {records.begin() + static_cast<std::ptrdiff_t>(skip_first),
          records.end() - static_cast<std::ptrdiff_t>(skip_last)};
}

// Started requests' rate and the coefficient of variation of the gaps between their starts.
void arrival_statistics(const std::vector<const RequestRecord*>& by_start, RunSummary& summary) {
  if (by_start.size() < 3) return;
  std::vector<double> gaps;
  for (size_t i = 1; i < by_start.size(); ++i) {
    gaps.push_back(static_cast<double>(by_start[i]->t_start_ns - by_start[i - 1]->t_start_ns) / 1e9);
  }
  double sum = 0;
  for (double gap : gaps) sum += gap;
  const double mean = sum / static_cast<double>(gaps.size());
  double squares = 0;
  for (double gap : gaps) squares += (gap - mean) * (gap - mean);
  if (mean <= 0) return;
  summary.achieved_request_rate = 1 / mean;
  summary.arrival_cv = std::sqrt(squares / static_cast<double>(gaps.size() - 1)) / mean;
}

int64_t max_in_flight(const std::vector<const RequestRecord*>& records) {
  std::vector<std::pair<int64_t, int>> changes;  // (time, +1 start / -1 end); ends sort first
  for (const RequestRecord* record : records) {
    if (record->t_start_ns == kNoTime || record->t_end_ns == kNoTime) continue;
    changes.emplace_back(record->t_start_ns, 1);
    changes.emplace_back(record->t_end_ns, -1);
  }
  std::sort(changes.begin(), changes.end());
  int64_t now = 0, most = 0;
  for (const auto& [time, change] : changes) most = std::max(most, now += change);
  return most;
}

}  // namespace

std::string RunDescription::load_label() const {
  if (iteration_type == "batch_size") {
    return (concurrency == 1 ? "" : std::to_string(concurrency) + " x ") + "b" + std::to_string(batch_size);
  }
  if (!open_loop()) return std::to_string(concurrency);
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", request_rate);  // 24.79/s, 100/s, 0.5/s
  std::string label = text;
  label.erase(label.find_last_not_of('0') + 1);
  if (label.back() == '.') label.pop_back();
  return label + "/s";
}

double RunDescription::load_value() const {
  if (open_loop()) return request_rate;
  if (iteration_type == "batch_size") return static_cast<double>(batch_size);
  return static_cast<double>(concurrency);
}

std::string RunDescription::load_axis() const {
  if (open_loop()) return "request rate (req/s)";
  if (iteration_type == "batch_size") return "batch size";
  return "concurrency (users)";
}

RunSummary summarize_run(const RunDescription& run, std::vector<const RequestRecord*> all_records) {
  RunSummary summary;
  summary.run = run;
  const size_t all_count = all_records.size();
  const std::vector<const RequestRecord*> records = measured_window(run, std::move(all_records));
  summary.requests_excluded = all_count - records.size();
  summary.requests_total = records.size();

  std::vector<double> ttft, tpot, e2e, speed, output_latency, input_rate, output_rate, audio_rate;
  MicrosecondDistribution itl;  // every gap of every request: counted, not sorted
  std::vector<double> input_tokens, output_tokens, total_tokens, read_delay, send_lag, lateness;
  int64_t first_start = std::numeric_limits<int64_t>::max();
  int64_t last_end = std::numeric_limits<int64_t>::min();

  for (const RequestRecord* record : records) {
    if (record->t_start_ns != kNoTime) first_start = std::min(first_start, record->t_start_ns);
    if (record->t_end_ns != kNoTime) last_end = std::max(last_end, record->t_end_ns);
    read_delay.push_back(record->read_delay_max_us / 1e3);
    if (const std::optional<int64_t> lag = record->send_lag_ns()) send_lag.push_back(static_cast<double>(*lag) / 1e6);
    if (run.slo && run.slo->met_by(*record)) ++summary.requests_meeting_slo;
    if (run.open_loop() && record->t_sched_ns != kNoTime) {
      lateness.push_back(static_cast<double>(record->t_start_ns - record->t_sched_ns) / 1e6);
    }
    if (!record->ok()) {
      ++summary.requests_failed;
      ++summary.errors_by_kind[record->error_kind];
      continue;
    }
    ++summary.requests_ok;
    const RequestMetrics metrics = derive_request_metrics(*record);
    auto add = [](std::vector<double>& values, const std::optional<double>& value) {
      if (value) values.push_back(*value);
    };
    add(ttft, metrics.ttft_ms);
    add(tpot, metrics.tpot_ms);
    add(e2e, metrics.e2e_ms);
    add(speed, metrics.output_speed_tps);
    add(output_latency, metrics.output_latency_ms);
    add(input_rate, metrics.input_throughput_tps);
    add(output_rate, metrics.output_throughput_tps);
    add(audio_rate, metrics.audio_throughput_bps);
    for (uint32_t gap_us : record->itl_us) itl.add(gap_us);
    input_tokens.push_back(static_cast<double>(record->input_tokens));
    // Embeddings and rerank generate nothing: no output count (absent, not zero).
    if (record->output_source != CountSource::none) output_tokens.push_back(static_cast<double>(record->output_tokens));
    total_tokens.push_back(static_cast<double>(record->input_tokens + record->output_tokens));
    summary.total_input_tokens += record->input_tokens;
    summary.total_output_tokens += record->output_tokens;
    summary.total_input_chars += record->input_chars;
    summary.total_output_chars += record->output_chars;
    summary.total_audio_bytes += record->audio_bytes;
    summary.total_images += record->images;
  }

  summary.ttft_ms = compute_statistics(std::move(ttft));
  summary.tpot_ms = compute_statistics(std::move(tpot));
  summary.itl_ms = itl.statistics_ms();
  summary.e2e_ms = compute_statistics(std::move(e2e));
  summary.output_speed_tps = compute_statistics(std::move(speed));
  summary.output_latency_ms = compute_statistics(std::move(output_latency));
  summary.input_throughput_tps = compute_statistics(std::move(input_rate));
  summary.output_throughput_tps = compute_statistics(std::move(output_rate));
  summary.input_tokens = compute_statistics(std::move(input_tokens));
  summary.output_tokens = compute_statistics(std::move(output_tokens));
  summary.total_tokens = compute_statistics(std::move(total_tokens));
  summary.audio_throughput_bps = compute_statistics(std::move(audio_rate));
  summary.client_read_delay_ms = compute_statistics(std::move(read_delay));
  summary.client_send_lag_ms = compute_statistics(std::move(send_lag));
  summary.client_lateness_ms = compute_statistics(std::move(lateness));
  if (run.open_loop()) {
    arrival_statistics(records, summary);
    summary.max_in_flight = max_in_flight(records);
  }

  if (run.slo && !records.empty()) {
    summary.slo_attainment = static_cast<double>(summary.requests_meeting_slo) / static_cast<double>(records.size());
  }
  if (last_end > first_start) {
    summary.goodput_requests_per_s = static_cast<double>(summary.requests_meeting_slo) / (static_cast<double>(last_end - first_start) / 1e9);
    summary.duration_s = static_cast<double>(last_end - first_start) / 1e9;
    summary.requests_per_s = static_cast<double>(summary.requests_ok) / summary.duration_s;
    summary.input_tokens_per_s = static_cast<double>(summary.total_input_tokens) / summary.duration_s;
    summary.output_tokens_per_s = static_cast<double>(summary.total_output_tokens) / summary.duration_s;
    summary.total_tokens_per_s =
        static_cast<double>(summary.total_input_tokens + summary.total_output_tokens) / summary.duration_s;
    summary.audio_bytes_per_s = static_cast<double>(summary.total_audio_bytes) / summary.duration_s;
    summary.images_per_s = static_cast<double>(summary.total_images) / summary.duration_s;
  }
  return summary;
}

}  // namespace genai::metrics
