// The JSON shapes of statistics shared by every writer: ours (ms, with p999) and Python
// genai-bench's (seconds, stddev, p25/p75).
#pragma once

#include <boost/json/value.hpp>

#include "metrics/statistics.h"

namespace genai::report {

// {count, mean, std, min, max, p50, p90, p95, p99, p999}; values are null when count is 0.
boost::json::value statistics_json(const metrics::Statistics& stats);
// Python genai-bench's {min, max, mean, stddev, sum, p25, p50, p75, p90, p95, p99}, each value
// multiplied by `scale` (1e-3 turns our milliseconds into its seconds).
boost::json::value genai_bench_statistics_json(const metrics::Statistics& stats, double scale);

}  // namespace genai::report
