// The "Server metrics" figure of the plots and the HTML report (gnuplot, as plots.h draws the
// others): PLOTS_DIR/server_metrics.{gp,dat,png,svg}, a 2 x 2 grid over seconds since the
// experiment's start with a line per scraped URL: requests running and waiting, KV-cache usage,
// generation tokens/s, and the server's TTFT p50 and p99 per scrape interval beside the client's
// TTFT p50 of each run. Drawn only for folders whose server_metrics.jsonl has pages.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "report/experiment_folder.h"
#include "report/server_metrics_series.h"

namespace genai::report {

// The script and data for `series` (nothing when it is empty), its script's name appended to
// `scripts` for run_gnuplot. `time_unit` (ms or s): the unit of the TTFT axis.
Status write_server_metrics_plot(const std::vector<ServerMetricsSeries>& series,
                                 const std::vector<metrics::RunSummary>& summaries, const std::string& plots_dir,
                                 const std::string& time_unit, std::vector<std::string>& scripts);

// The same from the experiment's folder (read_server_metrics_series).
Status write_server_metrics_plot(const LoadedExperiment& experiment, const std::string& plots_dir,
                                 const std::string& time_unit, std::vector<std::string>& scripts);

}  // namespace genai::report
