#include "report/statistics_json.h"

#include <boost/json.hpp>

namespace genai::report {

boost::json::value statistics_json(const metrics::Statistics& stats) {
  boost::json::object object;
  object["count"] = stats.count;
  auto put = [&](const char* key, double value) {
    if (stats.count == 0) object[key] = nullptr;
    else object[key] = value;
  };
  put("mean", stats.mean);
  put("std", stats.std);
  put("min", stats.min);
  put("max", stats.max);
  put("p50", stats.p50);
  put("p90", stats.p90);
  put("p95", stats.p95);
  put("p99", stats.p99);
  put("p999", stats.p999);
  return object;
}

boost::json::value genai_bench_statistics_json(const metrics::Statistics& stats, double scale) {
  boost::json::object object;
  auto put = [&](const char* key, double value) {
    if (stats.count == 0) object[key] = nullptr;
    else object[key] = value * scale;
  };
  put("min", stats.min);
  put("max", stats.max);
  put("mean", stats.mean);
  put("stddev", stats.std);
  put("sum", stats.sum);
  put("p25", stats.p25);
  put("p50", stats.p50);
  put("p75", stats.p75);
  put("p90", stats.p90);
  put("p95", stats.p95);
  put("p99", stats.p99);
  return object;
}

}  // namespace genai::report
