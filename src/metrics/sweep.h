// --sweep: where the server saturates. A synchronous baseline (one user) and a throughput probe
// (many users) bound the request rates worth trying; open-loop runs at rates evenly spaced between
// them follow, and the knee is the highest rate the server still kept up with.
#pragma once

#include <optional>
#include <vector>

#include "metrics/summary.h"

namespace genai::metrics {

// The swept rates: `steps` rates from the baseline's to the probe's requests/s, both included.
std::vector<double> sweep_rates(double synchronous_rate, double max_rate, int steps);

struct SweepResult {
  double synchronous_rate = 0;  // requests/s with one user
  double max_rate = 0;          // requests/s of the throughput probe
  // The highest swept rate whose completed requests/s reached kKeptUp of the rate offered: past
  // it, requests queue faster than they finish.
  std::optional<double> knee_rate;
  // With an SLO: the highest swept rate at which at least `slo_attainment` of requests met it.
  std::optional<double> highest_rate_meeting_slo;
};

inline constexpr double kKeptUp = 0.9;

// `runs`: the baseline, the probe, then the open-loop runs in increasing rate.
SweepResult summarize_sweep(const std::vector<RunSummary>& runs, double slo_attainment);

}  // namespace genai::metrics
