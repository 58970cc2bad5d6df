#include "metrics/slo.h"

#include <cstdio>

#include "common/duration.h"
#include "metrics/request_metrics.h"

namespace genai::metrics {
namespace {

std::string milliseconds_text(double ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%gms", ms);
  return text;
}

}  // namespace

std::string Slo::describe() const {
  std::string text;
  auto add = [&](const char* name, const std::optional<double>& limit) {
    if (!limit) return;
    if (!text.empty()) text += ", ";
    text += std::string(name) + "<=" + milliseconds_text(*limit);
  };
  add("ttft", ttft_ms);
  add("tpot", tpot_ms);
  add("e2e", e2e_ms);
  return text;
}

bool Slo::met_by(const RequestRecord& record) const {
  if (!record.ok()) return false;
  const RequestMetrics metrics = derive_request_metrics(record);
  if (ttft_ms && (!metrics.ttft_ms || *metrics.ttft_ms > *ttft_ms)) return false;
  if (tpot_ms && metrics.tpot_ms && *metrics.tpot_ms > *tpot_ms) return false;
  if (e2e_ms && (!metrics.e2e_ms || *metrics.e2e_ms > *e2e_ms)) return false;
  return true;
}

Result<Slo> parse_slo(std::string_view text) {
  Slo slo;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const size_t colon = part.find(':');
    if (colon == std::string_view::npos) {
      return make_error("--slo: '" + std::string(part) + "' is not METRIC:LIMIT (for example ttft:200ms)");
    }
    const std::string_view name = part.substr(0, colon);
    auto limit = parse_duration(part.substr(colon + 1), DefaultUnit::milliseconds);
    if (!limit || limit->count() <= 0) {
      return make_error("--slo: '" + std::string(part) + "': the limit must be a positive duration such as 200ms or 5s");
    }
    const double ms = static_cast<double>(limit->count()) / 1e6;
    if (name == "ttft") slo.ttft_ms = ms;
    else if (name == "tpot") slo.tpot_ms = ms;
    else if (name == "e2e") slo.e2e_ms = ms;
    else return make_error("--slo: '" + std::string(name) + "' is not ttft, tpot or e2e");
  }
  if (!slo.any()) return make_error("--slo: give at least one of ttft, tpot, e2e");
  return slo;
}

}  // namespace genai::metrics
