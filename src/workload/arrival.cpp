#include "workload/arrival.h"

#include <random>

#include "workload/random.h"

namespace genai::workload {

std::string Arrival::describe() const {
  switch (kind) {
    case Kind::constant: return "constant";
    case Kind::poisson: return "poisson";
    case Kind::gamma: {
      char text[48];
      std::snprintf(text, sizeof text, "gamma(k=%g)", burstiness);
      return text;
    }
  }
  return "poisson";
}

Result<Arrival::Kind> parse_arrival_kind(const std::string& text) {
  if (text == "constant") return Arrival::Kind::constant;
  if (text == "poisson") return Arrival::Kind::poisson;
  if (text == "gamma") return Arrival::Kind::gamma;
  return make_error("--arrival: '" + text + "' is not constant, poisson or gamma");
}

std::vector<int64_t> arrival_offsets_ns(const Arrival& arrival, uint64_t count, uint64_t seed) {
  std::vector<int64_t> offsets;
  offsets.reserve(count);
  const double mean_gap_s = 1.0 / arrival.rate;
  Random random(seed);
  std::exponential_distribution<double> exponential(arrival.rate);
  // Shape k and scale mean/k: mean 1/rate, variance mean^2/k.
  std::gamma_distribution<double> gamma(arrival.burstiness, mean_gap_s / arrival.burstiness);
  double at_s = 0;
  for (uint64_t i = 0; i < count; ++i) {
    offsets.push_back(static_cast<int64_t>(at_s * 1e9 + 0.5));
    switch (arrival.kind) {
      case Arrival::Kind::constant: at_s = static_cast<double>(i + 1) * mean_gap_s; break;
      case Arrival::Kind::poisson: at_s += exponential(random); break;
      case Arrival::Kind::gamma: at_s += gamma(random); break;
    }
  }
  return offsets;
}

}  // namespace genai::workload
