// Service-level objectives (--slo ttft:200ms,tpot:50ms,e2e:10s, any subset) and whether a request
// met them: goodput counts the requests that met every one given.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "metrics/record.h"

namespace genai::metrics {

struct Slo {
  std::optional<double> ttft_ms, tpot_ms, e2e_ms;

  bool any() const { return ttft_ms || tpot_ms || e2e_ms; }
  // "ttft<=200ms, tpot<=50ms": as the console and summary.json say it.
  std::string describe() const;
  // A failed request meets none. A request with no TPOT (one output token) meets a TPOT limit:
  // there was no second token to be slow.
  bool met_by(const RequestRecord& record) const;
};

// "ttft:200ms,tpot:50ms,e2e:10s"; a plain number is milliseconds. Errors name the flag and part.
Result<Slo> parse_slo(std::string_view text);

}  // namespace genai::metrics
