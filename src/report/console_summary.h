// The table printed at the end of a benchmark: one row per run, the numbers people look at first.
#pragma once

#include <string>
#include <vector>

#include "metrics/summary.h"

namespace genai::report {

std::string console_summary_table(const std::vector<metrics::RunSummary>& summaries);

}  // namespace genai::report
