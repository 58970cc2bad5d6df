// Plots of an experiment (gnuplot): one PNG and one SVG from the same script, 1600 x 900, with the
// .gp scripts and .dat files kept beside them in PLOTS_DIR so a user can restyle and re-run them.
// experiment.{png,svg}: across runs, a 2 x 4 grid (output throughput against TTFT, TPOT and E2E,
// per-request output speed, requests/s, error rate, and TTFT and TPOT percentiles, each against
// concurrency or rate). run_N.{png,svg}: one run's TTFT, E2E and token-count histograms, CDFs of
// TTFT, TPOT and E2E, output tokens/s and requests/s over time, and p50/p90/p99 per metric.
// Comparisons of experiments (comparison.h) are drawn with the same grid.
#pragma once

#include <string>

#include "common/result.h"
#include "report/experiment_folder.h"

namespace genai::report {

// Writes the scripts and data, then runs gnuplot. Fails with one line when gnuplot is missing or
// fails (the scripts and data are written all the same).
// `time_unit` (ms or s) is the unit of latencies on every axis.
Status write_plots(const LoadedExperiment& experiment, const std::string& plots_dir, const std::string& percentile,
                   const std::string& time_unit = "ms");

// Experiments compared (report --group-key): FIGURE.{png,svg,gp,dat} in `dir` for each of the
// comparison's figures, the same 2 x 4 grid with a line per group.
struct Comparison;
Status write_comparison_plots(const Comparison& comparison, const std::string& dir, const std::string& percentile,
                              const std::string& time_unit = "ms");

}  // namespace genai::report
