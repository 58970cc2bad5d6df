// Python genai-bench's report options on `excel` and `plot`: --excel-name NAME writes NAME.xlsx,
// every --metric-percentile it offers, --metrics-time-unit s|ms, its sheets (Appendix, Aggregated
// Metrics for Each Run), and `plot --preset / --plot-config / --list-fields / --validate-only`.
// Values are checked against independent truth: the statistics in the Python tool's own files
// (tests/fixtures/genai-bench-python) and our summary.json.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

const std::string kPythonFixture = std::string(GENAI_TESTS_DIR) + "/fixtures/genai-bench-python";
const std::string kConfigs = std::string(GENAI_TESTS_DIR) + "/fixtures/plot-configs";

bool gnuplot_available() { return std::system("command -v gnuplot >/dev/null") == 0; }

std::string python_copy() {
  const std::string folder = make_temporary_folder() + "/python";
  fs::copy(kPythonFixture, folder);
  return folder;
}

// Python's statistic of TTFT (in seconds) in the fixture's one run.
double python_ttft_s(const std::string& statistic) {
  const json::value run = read_json_file(kPythonFixture + "/D_100_100_text-to-text_num_concurrency_1_time_30s.json");
  return run.at("aggregated_metrics").at("stats").at("ttft").at(statistic).to_number<double>();
}

// One experiment of ours, D(20,10) at concurrency 1 and 2, benchmarked once against the mock.
const std::string& our_experiment() {
  static const std::string folder = [] {
    const std::string root = make_temporary_folder();
    const RunResult run = run_genai_bench({"benchmark", "--traffic-scenario", "D(20,10)", "--num-concurrency", "1", "2",
                                           "--max-requests-per-run", "6", "--output-dir", root, "--experiment-name",
                                           "run", "--no-ui"});
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return root + "/run";
  }();
  return folder;
}

size_t line_count(const std::string& text) {
  size_t lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

bool is_png(const std::string& path) {
  std::error_code error;
  if (!fs::exists(path, error) || fs::file_size(path, error) < 100) return false;
  return read_text(path).rfind("\x89PNG", 0) == 0;
}

// The first data row's y value (column 2) of the .dat block whose header names these fields.
double first_y(const std::string& dat_path, const std::string& fields) {
  std::istringstream lines(read_text(dat_path));
  std::string line;
  bool in_block = false;
  while (std::getline(lines, line)) {
    if (line.rfind("#", 0) == 0) {
      in_block = line.find(fields) != std::string::npos;
      continue;
    }
    if (in_block && !line.empty()) {
      std::istringstream row(line);
      double x = 0, y = 0;
      row >> x >> y;
      return y;
    }
  }
  ADD_FAILURE() << "no block for " << fields << " in " << dat_path;
  return 0;
}

TEST(PythonReports, ExcelNameGetsXlsxAndTheTimeUnitScalesEveryLatency) {
  if (!openpyxl_available()) GTEST_SKIP() << "python3-openpyxl is needed (scripts/install-deps.sh installs it)";
  const std::string folder = python_copy();
  const RunResult run = run_genai_bench({"excel", "--experiment-folder", folder, "--excel-name", "history",
                                         "--metric-percentile", "p25", "--metrics-time-unit", "S"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_FALSE(fs::exists(folder + "/history"));
  const json::value book = read_workbook(folder + "/history.xlsx");
  const json::array& summary = book.at("rows").at("Summary").as_array();
  EXPECT_EQ(summary.at(0).as_array().at(14).as_string(), "TTFT p25 (s)");
  EXPECT_NEAR(summary.at(1).as_array().at(14).to_number<double>(), python_ttft_s("p25"), 1e-12);
  const json::array& ttft = book.at("rows").at("Percentiles").as_array().at(1).as_array();
  EXPECT_EQ(ttft.at(4).as_string(), "s");
  EXPECT_NEAR(ttft.at(6).to_number<double>(), python_ttft_s("mean"), 1e-12);

  // Python's Appendix: its columns, GPU COUNTxTYPE, the run at the chosen statistic in seconds.
  const json::array& appendix = book.at("rows").at("Appendix").as_array();
  EXPECT_EQ(json::serialize(appendix.at(0)),
            R"x(["GPU Type","Use Case","Concurrency","TTFT (s)","Output Inference Speed per Request (tokens/s)",)x"
            R"x("Output Throughput of Server (tokens/s)","End-to-End Latency per Request (s)","Request Throughput (RPS)",)x"
            R"x("Total Throughput (Input + Output) of Server (tokens/s)"])x");
  EXPECT_EQ(appendix.at(1).as_array().at(0).as_string(), "4xH100");
  EXPECT_EQ(appendix.at(1).as_array().at(1).as_string(), "D(100,100)");
  EXPECT_EQ(appendix.at(1).as_array().at(2).to_number<int>(), 1);
  EXPECT_NEAR(appendix.at(1).as_array().at(3).to_number<double>(), python_ttft_s("p25"), 1e-12);
  EXPECT_NEAR(appendix.at(1).as_array().at(6).to_number<double>(), 1.8210531300865114, 1e-12);  // E2E p25

  const json::array& aggregated = book.at("rows").at("Aggregated Metrics for Each Run").as_array();
  const json::array& headers = aggregated.at(0).as_array();
  const auto ttft_column = std::find(headers.begin(), headers.end(), json::value("ttft (s)"));
  ASSERT_NE(ttft_column, headers.end());
  const json::value stats = json::parse(aggregated.at(1).as_array().at(static_cast<size_t>(ttft_column - headers.begin())).as_string());
  EXPECT_NEAR(stats.at("p75").to_number<double>(), python_ttft_s("p75"), 1e-12);

  // Without the flag: milliseconds, and a name that has .xlsx keeps it.
  const RunResult ms = run_genai_bench({"excel", "--experiment-folder", folder, "--excel-name", "in_ms.xlsx",
                                        "--metric-percentile", "p25"});
  ASSERT_EQ(ms.exit_code, 0) << ms.output;
  const json::value ms_book = read_workbook(folder + "/in_ms.xlsx");
  EXPECT_NEAR(ms_book.at("rows").at("Summary").as_array().at(1).as_array().at(14).to_number<double>(),
              python_ttft_s("p25") * 1000, 1e-9);
}

TEST(PythonReports, EveryPercentilePythonOffersIsAcceptedAndShown) {
  if (!openpyxl_available()) GTEST_SKIP() << "python3-openpyxl is needed (scripts/install-deps.sh installs it)";
  const std::string folder = python_copy();
  for (const std::string p : {"mean", "p25", "p50", "p75", "p90", "p95", "p99"}) {
    const RunResult run = run_genai_bench({"excel", "--experiment-folder", folder, "--excel-name", p,
                                           "--metric-percentile", p, "--metrics-time-unit", "ms"});
    ASSERT_EQ(run.exit_code, 0) << p << ": " << run.output;
    const json::value book = read_workbook(folder + "/" + p + ".xlsx");
    EXPECT_NEAR(book.at("rows").at("Summary").as_array().at(1).as_array().at(14).to_number<double>(),
                python_ttft_s(p) * 1000, 1e-9) << p;
  }
  const RunResult unit = run_genai_bench({"excel", "--experiment-folder", folder, "--excel-name", "x",
                                          "--metrics-time-unit", "us"});
  EXPECT_NE(unit.exit_code, 0);
  EXPECT_NE(unit.output.find("--metrics-time-unit: 'us' is not s or ms"), std::string::npos) << unit.output;
  for (const std::string command : {"report", "plot"}) {
    std::vector<std::string> arguments = {command};
    if (command == "report") {
      arguments.push_back(folder);
    } else {
      arguments.insert(arguments.end(), {"--experiments-folder", folder});
    }
    arguments.insert(arguments.end(), {"--metric-percentile", "p42"});
    const RunResult bad = run_genai_bench(arguments);
    EXPECT_NE(bad.exit_code, 0) << command;
    EXPECT_NE(bad.output.find("p25, p50, p75"), std::string::npos) << command << ": " << bad.output;
  }
}

TEST(PythonReports, EveryPresetDrawsItsPanelsWithPythonsFileNames) {
  if (!gnuplot_available()) GTEST_SKIP() << "gnuplot is needed (scripts/install-deps.sh installs it)";
  const std::string& folder = our_experiment();
  struct Expected {
    std::string preset, grid;
    std::vector<std::string> in_script;
  };
  const Expected presets[] = {
      {"2x4_default", "2x4", {"layout 2,4", "TTFT vs Output Throughput of Server", "P99 E2E Latency per Request (ms)",
                              "Error Rates by HTTP Status vs Concurrency", "with boxes"}},
      {"2x4_tts", "2x4", {"layout 2,4", "TTFB vs RPS", "TTFB (ms)", "no run has stats.audio_throughput.mean"}},
      {"simple_2x2", "2x2", {"layout 2,2", "RPS vs Error Rate", "Concurrency vs TTFT", "Ttft (MEAN)", "with points"}},
      {"multi_line_latency", "2x2", {"layout 2,2", "P90 Latency", "lc rgb \"orange\" dt 2", "set logscale y",
                                     "Time to First Token (ms) (log scale)"}},
  };
  for (const Expected& expected : presets) {
    const RunResult run = run_genai_bench({"plot", "--experiments-folder", folder, "--preset", expected.preset});
    ASSERT_EQ(run.exit_code, 0) << expected.preset << ": " << run.output;
    const std::string name = "traffic_scenario_combined_plots_" + expected.grid;
    EXPECT_TRUE(is_png(folder + "/" + name + ".png")) << expected.preset;
    EXPECT_TRUE(fs::exists(folder + "/" + name + ".svg")) << expected.preset;
    const std::string script = read_text(folder + "/plots/" + name + ".gp");
    for (const std::string& text : expected.in_script) {
      EXPECT_NE(script.find(text), std::string::npos) << expected.preset << " lacks " << text;
    }
  }
  // Each panel alone too, named as Python names it.
  EXPECT_TRUE(is_png(folder + "/traffic_scenario_TTFT vs Output Throughput of Server.png"));
  // Group key none: Python's single-scenario analysis, one figure per scenario.
  const RunResult single = run_genai_bench({"plot", "--experiments-folder", folder, "--preset",
                                            "single_scenario_analysis", "--group-key", "none"});
  ASSERT_EQ(single.exit_code, 0) << single.output;
  EXPECT_TRUE(is_png(folder + "/single_analysis_D20_10_combined_plots_2x2.png"));
  EXPECT_NE(read_text(folder + "/plots/single_analysis_D20_10_combined_plots_2x2.gp").find("Latency Percentiles vs RPS"),
            std::string::npos);
}

TEST(PythonReports, PlottedValuesAreTheSummaryInTheChosenUnit) {
  if (!gnuplot_available()) GTEST_SKIP() << "gnuplot is needed (scripts/install-deps.sh installs it)";
  const std::string& folder = our_experiment();
  const json::array summaries = read_json_file(folder + "/summary.json").as_array();
  const double ttft_mean_ms = summaries.at(0).at("ttft_ms").at("mean").to_number<double>();
  for (const std::string unit : {"s", "ms"}) {
    const RunResult run = run_genai_bench({"plot", "--experiments-folder", folder, "--preset", "simple_2x2",
                                           "--metrics-time-unit", unit});
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const double y = first_y(folder + "/plots/traffic_scenario_combined_plots_2x2.dat", "num_concurrency stats.ttft.mean");
    const double expected = unit == "s" ? ttft_mean_ms / 1000 : ttft_mean_ms;
    EXPECT_NEAR(y, expected, expected * 1e-5) << unit;
  }
}

TEST(PythonReports, APlotConfigNamingAnUnknownFieldIsRefusedInOneLine) {
  const std::string& folder = our_experiment();
  const std::string dir = make_temporary_folder();
  write_text(dir + "/bad_field.json", R"({"layout": {"rows": 1, "cols": 2}, "plots": [
    {"title": "Fine", "x_field": "num_concurrency", "y_field": "stats.ttft.mean", "position": [0, 0]},
    {"title": "Typo", "x_field": "requests_per_second", "y_field": "stats.ttft.p42", "position": [0, 1]}]})");
  const RunResult run = run_genai_bench({"plot", "--experiments-folder", folder, "--plot-config", dir + "/bad_field.json"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_EQ(line_count(run.output), 1u) << run.output;
  EXPECT_NE(run.output.find(dir + "/bad_field.json: plot 2 (\"Typo\"): unknown y_field 'stats.ttft.p42'"),
            std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(folder + "/traffic_scenario_combined_plots_1x2.png"));

  write_text(dir + "/broken.json", "{\"plots\": [");
  const RunResult broken = run_genai_bench({"plot", "--experiments-folder", folder, "--plot-config", dir + "/broken.json"});
  EXPECT_NE(broken.exit_code, 0);
  EXPECT_EQ(line_count(broken.output), 1u) << broken.output;
  EXPECT_NE(broken.output.find(dir + "/broken.json"), std::string::npos) << broken.output;

  write_text(dir + "/overlap.json", R"({"layout": {"rows": 1, "cols": 1}, "plots": [
    {"title": "A", "x_field": "num_concurrency", "y_field": "error_rate", "position": [0, 0]},
    {"title": "B", "x_field": "num_concurrency", "y_field": "error_rate", "position": [0, 1]}]})");
  const RunResult overlap = run_genai_bench({"plot", "--experiments-folder", folder, "--plot-config", dir + "/overlap.json"});
  EXPECT_NE(overlap.exit_code, 0);
  EXPECT_NE(overlap.output.find("plot 2 (\"B\"): position [0, 1] is outside the 1 x 1 layout"), std::string::npos)
      << overlap.output;

  const RunResult missing = run_genai_bench({"plot", "--experiments-folder", folder, "--plot-config", dir + "/none.json"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.output.find(dir + "/none.json: no such file"), std::string::npos) << missing.output;
}

TEST(PythonReports, ListFieldsPrintsTheFieldsWithTheirValuesAndExits) {
  const std::string& folder = our_experiment();
  const RunResult run = run_genai_bench({"plot", "--experiments-folder", folder, "--list-fields"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string field : {"num_concurrency", "requests_per_second", "error_rate",
                                  "mean_output_throughput_tokens_per_s", "stats.ttft.mean", "stats.e2e_latency.p75",
                                  "stats.output_inference_speed.p25", "stats.num_output_tokens.mean"}) {
    EXPECT_NE(run.output.find("  " + field + " "), std::string::npos) << field << "\n" << run.output;
  }
  EXPECT_EQ(run.output.find("audio_throughput"), std::string::npos);  // no audio in a text run
  // D(20,10) asks for 10 output tokens; the mock gives what is asked.
  EXPECT_NE(run.output.find("stats.num_output_tokens.mean"), std::string::npos);
}

TEST(PythonReports, ValidateOnlyChecksWithoutDrawing) {
  const std::string& folder = our_experiment();
  const std::string out = make_temporary_folder();
  // Python's own example configs are valid as they are.
  for (const std::string config : {"comprehensive_multi_line", "custom_2x2", "multi_line_latency", "performance_focused"}) {
    const RunResult run = run_genai_bench({"plot", "--experiments-folder", folder, "--plot-config",
                                           kConfigs + "/" + config + ".json", "--validate-only", "--comparison-dir", out});
    EXPECT_EQ(run.exit_code, 0) << config << ": " << run.output;
    EXPECT_NE(run.output.find("valid"), std::string::npos) << run.output;
  }
  const RunResult preset = run_genai_bench({"plot", "--experiments-folder", folder, "--preset", "2x4_default",
                                            "--validate-only", "--comparison-dir", out, "--verbose"});
  EXPECT_EQ(preset.exit_code, 0) << preset.output;
  EXPECT_NE(preset.output.find("stats.e2e_latency.p99"), std::string::npos) << preset.output;  // --verbose: the panels
  // A field of Python's schema that these runs have no value for: non-zero, naming it.
  const RunResult tts = run_genai_bench({"plot", "--experiments-folder", folder, "--preset", "2x4_tts",
                                         "--validate-only", "--comparison-dir", out});
  EXPECT_NE(tts.exit_code, 0);
  EXPECT_NE(tts.output.find("stats.audio_throughput.mean"), std::string::npos) << tts.output;
  EXPECT_TRUE(fs::is_empty(out)) << "--validate-only drew something";
}

}  // namespace
}  // namespace genai::testing
