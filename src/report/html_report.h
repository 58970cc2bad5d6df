// The HTML report: one self-contained file (no network, no scripts, no external fonts or images)
// with the experiment's metadata, the summary table, the SVG plots inline, a section per run with
// its percentiles, and its errors by kind with an example message each (already masked in the
// records). Built from the loaded folder and the plots written beside it.
#pragma once

#include <string>

#include "common/result.h"
#include "report/experiment_folder.h"

namespace genai::report {

// `plots_dir`: where write_plots put the SVGs (missing ones are left out, with a note).
// `time_unit` (ms or s): the unit of latencies in the tables.
Status write_html_report(const LoadedExperiment& experiment, const std::string& plots_dir, const std::string& path,
                         const std::string& percentile, const std::string& time_unit = "ms");

// Experiments compared (report --group-key): the experiments with their group values and server
// descriptions, then per figure its inline SVG (from `plots_dir`) and a table of its lines' runs.
struct Comparison;
Status write_comparison_html(const Comparison& comparison, const std::string& plots_dir, const std::string& path,
                             const std::string& percentile, const std::string& time_unit = "ms");

// Text for HTML element content and attribute values.
std::string html_escape(std::string_view text);

}  // namespace genai::report
