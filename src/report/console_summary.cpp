#include "report/console_summary.h"

#include <algorithm>
#include <cstdio>

namespace genai::report {
namespace {

std::string cell(const metrics::Statistics& stats, double value) {
  if (stats.count == 0) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

std::string number(double value, const char* format = "%.1f") {
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// Open loop: requests started later than scheduled. The likely cause: the cap on requests in
// flight when it was reached, else the client's CPU (its loops also read bytes late), else the
// machine's scheduling.
std::string lateness_warning(const metrics::RunSummary& summary) {
  std::string cause;
  if (summary.run.concurrency > 0 && summary.max_in_flight >= summary.run.concurrency) {
    cause = "--max-concurrency " + std::to_string(summary.run.concurrency) +
            " was reached, so due requests waited for one to end";
  } else if (summary.client_read_delay_ms.count > 0 && summary.client_read_delay_ms.p99 > 1.0) {
    cause = "the client's event loops were busy (CPU): try more --threads";
  } else {
    cause = "the client did not get the CPU in time (other load on this machine?): try more --threads";
  }
  char line[320];
  std::snprintf(line, sizeof line, "warning: in %s @ %s requests started up to %.2f ms later than scheduled (p99): %s\n",
                summary.run.scenario.c_str(), summary.run.load_label().c_str(), summary.client_lateness_ms.p99,
                cause.c_str());
  return line;
}

// --server-metrics: per URL, the server's TTFT p50 beside the client's, or why there is none.
std::string server_metrics_lines(const metrics::RunSummary& summary) {
  std::string lines;
  for (const metrics::ServerMetricsSummary& server : summary.server_metrics) {
    std::string line = "server metrics in " + summary.run.scenario + " @ " + summary.run.load_label() + " from " + server.url + ": ";
    const metrics::NetworkAndClient difference = metrics::network_and_client(server, summary.ttft_ms, summary.itl_ms);
    if (server.scrapes_ok == 0) {
      line += "no scrape succeeded (" + server.first_error + ")";
    } else if (!server.ttft || !server.ttft->p50_ms) {
      line += "no server TTFT (no TTFT histogram, or no observations in the run)";
    } else {
      line += "TTFT p50 server " + number(*server.ttft->p50_ms) + " ms, client " +
              (summary.ttft_ms.count > 0 ? number(summary.ttft_ms.p50) + " ms" : std::string("-"));
      if (difference.ttft_p50_ms) line += ", network and client " + number(*difference.ttft_p50_ms) + " ms";
    }
    if (server.scrapes_ok > 0 && server.scrapes_failed > 0) {
      line += "; " + std::to_string(server.scrapes_failed) + " of " + std::to_string(server.scrapes_ok + server.scrapes_failed) +
              " scrapes failed";
    }
    lines += line + "\n";
  }
  return lines;
}

// "warning: in SCENARIO @ LOAD <before> X ms <after>" when the lag's p99 passes 1 ms; else nothing.
std::string client_lag_warning(const metrics::RunSummary& summary, const metrics::Statistics& lag, const char* before,
                               const char* after) {
  if (lag.count == 0 || lag.p99 <= 1.0) return {};
  char line[320];
  std::snprintf(line, sizeof line, "warning: in %s @ %s %s %.2f ms %s\n", summary.run.scenario.c_str(),
                summary.run.load_label().c_str(), before, lag.p99, after);
  return line;
}

}  // namespace

std::string console_summary_table(const std::vector<metrics::RunSummary>& summaries) {
  const std::vector<std::string> header = {"scenario",     "load",     "ok",       "failed",  "TTFT mean ms",
                                           "TTFT p99 ms",  "TPOT mean ms", "ITL mean ms", "E2E mean ms",
                                           "E2E p99 ms",   "out tok/s", "req/s"};
  std::vector<std::vector<std::string>> rows = {header};
  for (const auto& summary : summaries) {
    rows.push_back({summary.run.scenario, summary.run.load_label(), std::to_string(summary.requests_ok),
                    std::to_string(summary.requests_failed), cell(summary.ttft_ms, summary.ttft_ms.mean),
                    cell(summary.ttft_ms, summary.ttft_ms.p99), cell(summary.tpot_ms, summary.tpot_ms.mean),
                    cell(summary.itl_ms, summary.itl_ms.mean), cell(summary.e2e_ms, summary.e2e_ms.mean),
                    cell(summary.e2e_ms, summary.e2e_ms.p99), summary.output_tokens.count > 0 ? number(summary.output_tokens_per_s) : "-",
                    number(summary.requests_per_s, "%.2f")});
  }
  std::vector<size_t> widths(header.size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string table;
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t i = 0; i < rows[r].size(); ++i) {
      const std::string& text = rows[r][i];
      const std::string padding(widths[i] - text.size(), ' ');
      table += (i == 0 ? text + padding : "  " + padding + text);  // first column left, numbers right
    }
    table += "\n";
    if (r == 0) {
      size_t total = 0;
      for (size_t width : widths) total += width + 2;
      table += std::string(total - 2, '-') + "\n";
    }
  }
  for (const auto& summary : summaries) {
    // The client's own health: bytes that wait in the socket, or requests slow to leave, inflate
    // every latency measured.
    table += client_lag_warning(summary, summary.client_read_delay_ms, "the client read response bytes up to",
                                "after they arrived (p99); it may be the bottleneck: try more --threads");
    table += client_lag_warning(summary, summary.client_send_lag_ms, "it took up to",
                                "to write a request (p99): the client was busy (try more --threads) or the server did "
                                "not read them");
    if (summary.client_lateness_ms.count > 0 && summary.client_lateness_ms.p99 > 1.0) table += lateness_warning(summary);
  }
  for (const auto& summary : summaries) {
    if (!summary.run.slo) continue;
    char line[240];
    std::snprintf(line, sizeof line, "goodput in %s @ %s (%s): %.1f%% of requests met it, %.2f req/s\n",
                  summary.run.scenario.c_str(), summary.run.load_label().c_str(), summary.run.slo->describe().c_str(),
                  summary.slo_attainment * 100, summary.goodput_requests_per_s);
    table += line;
  }
  for (const auto& summary : summaries) table += server_metrics_lines(summary);
  for (const auto& summary : summaries) {
    if (summary.errors_by_kind.empty()) continue;
    table += "errors in " + summary.run.scenario + " @ " + summary.run.load_label() + ":";
    for (const auto& [kind, count] : summary.errors_by_kind) table += " " + kind + "=" + std::to_string(count);
    table += "\n";
    // The client's own limit, not the server's: say what lifts it.
    if (summary.errors_by_kind.contains("connect_eaddrnotavail")) {
      table += "hint: connect_eaddrnotavail: this machine had no local address and port left to connect from (one "
               "source address gives about 28,000 connections to one server port): give more source addresses "
               "with --local-ips, or check that each --local-ips address is this machine's\n";
    }
  }
  return table;
}

}  // namespace genai::report
