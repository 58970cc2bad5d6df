// Fuzzes the Prometheus text parser (metrics/prometheus_text): a /metrics page, then the
// histogram helpers on what it accepted.
// Input: the page's bytes.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "metrics/prometheus_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view page(reinterpret_cast<const char*>(data), size);
  auto families = genai::metrics::parse_prometheus_text(page);
  if (!families) {
    const std::string& message = families.error();
    FUZZ_CHECK(message.rfind("line ", 0) == 0, "an error without its line: %s", message.c_str());
    FUZZ_CHECK(message.find('\n') == std::string::npos, "an error on two lines: %s", message.c_str());
    const long line = std::strtol(message.c_str() + 5, nullptr, 10);
    const long lines = static_cast<long>(std::count(page.begin(), page.end(), '\n')) + 1;
    FUZZ_CHECK(line >= 1 && line <= lines, "line %ld of %ld", line, lines);
    return 0;
  }
  for (const genai::metrics::PrometheusFamily& family : *families) {
    FUZZ_CHECK(!family.name.empty(), "a family without a name");
    for (const genai::metrics::PrometheusSample& sample : family.samples) {
      FUZZ_CHECK(sample.name.rfind(family.name, 0) == 0, "sample %s in family %s", sample.name.c_str(),
                 family.name.c_str());
    }
    for (const genai::metrics::HistogramSeries& series : genai::metrics::histogram_series(family)) {
      for (double quantile : {0.0, 0.5, 0.99, 1.0}) (void)genai::metrics::histogram_quantile(quantile, series.buckets);
    }
  }
  return 0;
}
