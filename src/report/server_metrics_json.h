// summary.json's "server_metrics" of a run: per scraped URL, what the server said about itself
// (metrics/server_metrics_summary.h) and how far the client's TTFT and ITL are from the server's.
#pragma once

#include <boost/json/value.hpp>

#include "metrics/summary.h"

namespace genai::report {

// [{"url", "scrapes": {"ok", "failed", "first_error"}, "requests_running": {"mean", "max"}, ...,
//   "ttft_ms": {"observations", "p50", "p90", "p99", "mean"}, "itl_ms": {...}, "e2e_ms": {...},
//   "network_and_client_ms": {"ttft_p50", "ttft_mean", "itl_mean"}}]; what the server does not
// export is left out.
boost::json::value server_metrics_json(const metrics::RunSummary& summary);

}  // namespace genai::report
