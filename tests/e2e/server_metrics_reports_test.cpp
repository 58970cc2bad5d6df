// The reports of a --server-metrics experiment: the HTML report's "Server metrics" section with its
// over-time figure, and the workbook's Server Metrics sheet (a row per run and URL whose values are
// summary.json's) and Server Metrics Over Time sheet, all rebuilt from the folder alone. A folder
// without the scrapes gets none of them.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <set>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

// summary.json's value at PATH (e.g. {"ttft_ms", "p50"}) in a server object: null when absent.
json::value summary_value(const json::object& server, const std::vector<const char*>& path) {
  const json::value* value = nullptr;
  const json::object* object = &server;
  for (const char* key : path) {
    value = object == nullptr ? nullptr : object->if_contains(key);
    object = value != nullptr && value->is_object() ? &value->as_object() : nullptr;
  }
  return value == nullptr ? json::value(nullptr) : *value;
}

void expect_cell(const json::value& cell, const json::value& expected, const std::string& column) {
  if (expected.is_null()) {
    EXPECT_TRUE(cell.is_null()) << column << ": " << json::serialize(cell);
  } else {
    ASSERT_TRUE(cell.is_number()) << column << ": " << json::serialize(cell);
    EXPECT_NEAR(cell.to_number<double>(), expected.to_number<double>(), 1e-9) << column;
  }
}

std::string html_check(const std::string& folder, const std::string& html) {
  const std::string out = folder + "/check.out";
  const std::string command = "/usr/bin/python3 " + std::string(GENAI_TESTS_DIR) + "/e2e/readers/check_html.py " + html +
                              " > " + out + " 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << read_text(out);
  return read_text(out);
}

TEST(ServerMetricsReports, HtmlSectionAndWorkbookSheetsFromTheFolder) {
  if (std::system("command -v gnuplot >/dev/null") != 0 || !openpyxl_available()) {
    GTEST_SKIP() << "gnuplot and python3-openpyxl are needed (scripts/install-deps.sh installs them)";
  }
  // Two servers scraped: the one under load, and an idle one whose TTFT histogram stays empty.
  MockProcess mock({"--ttft-ms", "80", "--itl-ms", "10"});
  MockProcess idle({"--ttft-ms", "5", "--itl-ms", "1"});
  const std::string loaded_url = mock.base_url() + "/metrics", idle_url = idle.base_url() + "/metrics";
  const std::string folder = make_temporary_folder();
  const RunResult run = run_genai_bench({"benchmark", "--api-base", mock.base_url(), "--api-model-name", "m",
                                         "--traffic-scenario", "D(100,20)", "--num-concurrency", "2,4",
                                         "--max-requests-per-run", "8", "--server-metrics", loaded_url,
                                         "--server-metrics", idle_url, "--server-metrics-interval", "200ms",
                                         "--output-dir", folder, "--experiment-name", "scraped", "--html", "--excel",
                                         "--no-ui"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string experiment = folder + "/scraped";

  // The HTML report: the section, and its figure inline beside the three it always has.
  const std::string html = read_text(experiment + "/report.html");
  EXPECT_NE(html.find("<h2>Server metrics</h2>"), std::string::npos);
  int svgs = 0, rows = 0;
  ASSERT_EQ(std::sscanf(html_check(folder, experiment + "/report.html").c_str(), "%d %d", &svgs, &rows), 2);
  EXPECT_EQ(svgs, 4);  // runs compared, each of the two runs, server metrics
  const std::string script = read_text(experiment + "/plots/server_metrics.gp");
  for (const std::string title : {"Requests running and waiting", "KV-cache usage", "Generation tokens per second",
                                  "Server TTFT per scrape interval"}) {
    EXPECT_NE(script.find("set title \"" + title + "\""), std::string::npos) << title;
  }
  EXPECT_NE(script.find(loaded_url + " p50"), std::string::npos) << script;
  EXPECT_NE(script.find("client TTFT p50 (per run)"), std::string::npos) << script;
  EXPECT_EQ(script.find(idle_url + " p50"), std::string::npos) << "the idle server's TTFT has no observation";
  EXPECT_TRUE(std::filesystem::exists(experiment + "/plots/server_metrics.png"));

  // The workbook: both sheets after ours, before Python genai-bench's.
  const json::value book = read_workbook(experiment + "/report.xlsx");
  EXPECT_EQ(json::serialize(book.at("sheets")),
            R"(["Summary","Raw Data","Percentiles","Experiment Metadata","Charts","Server Metrics","Server Metrics Over Time","Appendix","Aggregated Metrics for Each Run"])");
  const json::array& sheet = book.at("rows").at("Server Metrics").as_array();
  ASSERT_EQ(sheet.size(), 1u + 2 * 2);  // header, then each run's two URLs
  EXPECT_EQ(sheet[0].as_array()[12], "Server TTFT p50 (ms)");
  // Each column and where summary.json has its value.
  const std::vector<std::pair<size_t, std::vector<const char*>>> columns = {
      {4, {"requests_running", "mean"}},  {5, {"requests_running", "max"}},  {6, {"requests_waiting", "mean"}},
      {7, {"requests_waiting", "max"}},   {8, {"kv_cache_usage", "mean"}},   {9, {"kv_cache_usage", "max"}},
      {10, {"prefix_cache_hit_rate"}},    {11, {"generation_tokens_per_s"}}, {12, {"ttft_ms", "p50"}},
      {13, {"ttft_ms", "p90"}},           {14, {"ttft_ms", "p99"}},          {15, {"ttft_ms", "mean"}},
      {16, {"itl_ms", "p50"}},            {17, {"itl_ms", "p99"}},           {18, {"itl_ms", "mean"}},
      {19, {"e2e_ms", "p50"}},            {20, {"e2e_ms", "p99"}},           {21, {"e2e_ms", "mean"}},
      {22, {"network_and_client_ms", "ttft_p50"}}, {23, {"network_and_client_ms", "ttft_mean"}},
      {24, {"network_and_client_ms", "itl_mean"}}};
  const json::array summaries = read_json_file(experiment + "/summary.json").as_array();
  size_t row = 1;
  for (const json::value& summary : summaries) {
    for (const json::value& server : summary.at("server_metrics").as_array()) {
      const json::array& cells = sheet.at(row++).as_array();
      SCOPED_TRACE(json::serialize(cells));
      EXPECT_EQ(cells[0], server.at("url"));
      EXPECT_EQ(cells[1].to_number<int64_t>(), summary.at("run_index").to_number<int64_t>());
      EXPECT_EQ(cells[2], summary.at("scenario"));
      for (const auto& [column, path] : columns) {
        expect_cell(cells[column], summary_value(server.as_object(), path),
                    std::string(sheet[0].as_array()[column].as_string()));
      }
    }
  }
  EXPECT_FALSE(sheet[1].as_array()[12].is_null()) << "the loaded server's TTFT";
  EXPECT_TRUE(sheet[2].as_array()[12].is_null()) << "the idle server has no TTFT observation";

  // Over time: every URL and run, each series by its name, at times since the experiment's start.
  const json::array& points = book.at("rows").at("Server Metrics Over Time").as_array();
  EXPECT_EQ(json::serialize(points[0]), R"(["t_s","URL","Run","Series","Value"])");
  std::set<std::string> urls_and_runs, series;
  for (size_t i = 1; i < points.size(); ++i) {
    const json::array& point = points[i].as_array();
    EXPECT_GE(point[0].to_number<double>(), 0);
    EXPECT_LT(point[0].to_number<double>(), 60);
    urls_and_runs.insert(std::string(point[1].as_string()) + " " + std::to_string(point[2].to_number<int64_t>()));
    series.insert(std::string(point[3].as_string()));
  }
  EXPECT_EQ(urls_and_runs, (std::set<std::string>{loaded_url + " 0", loaded_url + " 1", idle_url + " 0", idle_url + " 1"}));
  EXPECT_EQ(series, (std::set<std::string>{"requests_running", "requests_waiting", "kv_cache_usage",
                                           "generation_tokens_per_s", "ttft_p50_ms", "ttft_p99_ms"}));

  // Rebuilt from a copy: the same sheets.
  const std::string copy = folder + "/copy";
  std::filesystem::copy(experiment, copy, std::filesystem::copy_options::recursive);
  std::filesystem::remove_all(copy + "/plots");
  std::filesystem::remove(copy + "/report.xlsx");
  std::filesystem::remove(copy + "/report.html");
  const RunResult rebuilt = run_genai_bench({"report", copy});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.output;
  const json::value again = read_workbook(copy + "/report.xlsx");
  for (const char* name : {"Server Metrics", "Server Metrics Over Time"}) {
    EXPECT_EQ(json::serialize(again.at("rows").at(name)), json::serialize(book.at("rows").at(name))) << name;
  }
  EXPECT_EQ(read_text(copy + "/plots/server_metrics.dat"), read_text(experiment + "/plots/server_metrics.dat"));

  // Without the scrapes (an older folder): no section, no figure, no sheet, and no error.
  const std::string old = folder + "/old";
  std::filesystem::copy(experiment, old, std::filesystem::copy_options::recursive);
  std::filesystem::remove_all(old + "/plots");
  std::filesystem::remove(old + "/server_metrics.jsonl");
  json::array stripped = summaries;
  for (json::value& summary : stripped) summary.as_object().erase("server_metrics");
  write_text(old + "/summary.json", json::serialize(stripped));
  const RunResult old_report = run_genai_bench({"report", old});
  ASSERT_EQ(old_report.exit_code, 0) << old_report.output;
  EXPECT_EQ(read_text(old + "/report.html").find("Server metrics"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(old + "/plots/server_metrics.gp"));
  EXPECT_EQ(json::serialize(read_workbook(old + "/report.xlsx").at("sheets")),
            R"(["Summary","Raw Data","Percentiles","Experiment Metadata","Charts","Appendix","Aggregated Metrics for Each Run"])");
}

}  // namespace
}  // namespace genai::testing
