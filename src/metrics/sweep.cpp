#include "metrics/sweep.h"

namespace genai::metrics {

std::vector<double> sweep_rates(double synchronous_rate, double max_rate, int steps) {
  std::vector<double> rates;
  if (steps < 2 || max_rate <= synchronous_rate) {
    rates.push_back(max_rate > 0 ? max_rate : synchronous_rate);
    return rates;
  }
  for (int i = 0; i < steps; ++i) {
    rates.push_back(synchronous_rate + (max_rate - synchronous_rate) * i / (steps - 1));
  }
  return rates;
}

SweepResult summarize_sweep(const std::vector<RunSummary>& runs, double slo_attainment) {
  SweepResult result;
  if (runs.size() < 2) return result;
  result.synchronous_rate = runs[0].requests_per_s;
  result.max_rate = runs[1].requests_per_s;
  bool kept_up_so_far = true;
  for (size_t i = 2; i < runs.size(); ++i) {
    const RunSummary& run = runs[i];
    const double offered = run.run.request_rate;
    // The knee: the last rate of the unbroken run of rates the server kept up with.
    kept_up_so_far = kept_up_so_far && run.requests_per_s >= kKeptUp * offered;
    if (kept_up_so_far) result.knee_rate = offered;
    if (run.run.slo && run.requests_total > 0 && run.slo_attainment >= slo_attainment) {
      result.highest_rate_meeting_slo = offered;
    }
  }
  return result;
}

}  // namespace genai::metrics
