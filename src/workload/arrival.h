// When open-loop requests are due: inter-arrival gaps at a mean rate, as vLLM's and SGLang's
// bench scripts draw them. Poisson: exponential gaps (coefficient of variation 1); gamma with
// shape k ("burstiness"): gaps of the same mean with CV 1/sqrt(k) (k < 1 burstier, k > 1
// smoother, k = 1 Poisson); constant (or deterministic): every 1/rate; normal and uniform, the
// delay distributions of the Rust rewrite's --scenario: gaps of mean 1/rate drawn from a normal
// of standard deviation spread/rate (negative draws count as 0), or uniformly within
// (1 +- spread)/rate. Seeded, so a rerun has the same schedule.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace genai::workload {

struct Arrival {
  enum class Kind { constant, poisson, gamma, normal, uniform };
  Kind kind = Kind::poisson;
  double rate = 1;        // requests per second, > 0
  double burstiness = 1;  // gamma's shape k, > 0
  // normal: the gaps' standard deviation, uniform: their half-width, as fractions of the mean gap.
  double spread = 0.5;

  // "poisson", "gamma(k=0.5)", "constant", "normal(sd=0.5)", "uniform(+-1)".
  std::string describe() const;
};

Result<Arrival::Kind> parse_arrival_kind(const std::string& text);

// The due time of each of `count` requests, in nanoseconds from the run's start: the first at 0,
// then the drawn gaps added up.
std::vector<int64_t> arrival_offsets_ns(const Arrival& arrival, uint64_t count, uint64_t seed);

}  // namespace genai::workload
