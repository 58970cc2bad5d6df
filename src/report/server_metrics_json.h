// summary.json's "server_metrics" of a run: per scraped URL, what the server said about itself
// (metrics/server_metrics_summary.h) and how far the client's TTFT and ITL are from the server's.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "metrics/summary.h"

namespace genai::report {

// [{"url", "scrapes": {"ok", "failed", "first_error"}, "requests_running": {"mean", "max"}, ...,
//   "ttft_ms": {"observations", "p50", "p90", "p99", "mean"}, "itl_ms": {...}, "e2e_ms": {...},
//   "network_and_client_ms": {"ttft_p50", "ttft_mean", "itl_mean"}}]; what the server does not
// export is left out.
boost::json::value server_metrics_json(const metrics::RunSummary& summary);

// The same array read back (network_and_client_ms is not kept: network_and_client() recomputes it
// from the client's statistics); what is missing or not a number stays absent.
std::vector<metrics::ServerMetricsSummary> server_metrics_from_json(const boost::json::value& array);

// Each run's "server_metrics" from SUMMARY_JSON_PATH into the summary of the same run_index: the
// records hold no scrapes, so re-summarising an experiment folder cannot restore them. Nothing
// when the file or the field is missing (a folder run without --server-metrics).
void restore_server_metrics(const std::string& summary_json_path, std::vector<metrics::RunSummary>& summaries);

}  // namespace genai::report
