// Python genai-bench's plot layouts (presets and --plot-config JSON) as plot_config.h reads and
// checks them, and its field names as python_fields.h reads them from a run summary.
#include "report/plot_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>

#include "app/report_command.h"
#include "metrics/statistics.h"
#include "report/python_fields.h"
#include "support/temporary_file.h"

namespace genai::report {
namespace {

Result<PlotConfig> parse(const std::string& text) {
  return plot_config_from_json(boost::json::parse(text), "test", "--plot-config test.json");
}

TEST(PlotConfig, ThePresetsArePythonsLayouts) {
  ASSERT_EQ(plot_preset_names().size(), 5u);
  for (const std::string& name : plot_preset_names()) EXPECT_TRUE(plot_preset(name)) << name;
  auto standard = plot_preset("2x4_default");
  ASSERT_TRUE(standard);
  EXPECT_EQ(standard->rows, 2);
  EXPECT_EQ(standard->cols, 4);
  ASSERT_EQ(standard->plots.size(), 8u);
  EXPECT_EQ(standard->plots[1].title, "TTFT vs Output Throughput of Server");
  EXPECT_EQ(standard->plots[1].x_field, "mean_output_throughput_tokens_per_s");
  EXPECT_EQ(standard->plots[1].y_fields.at(0).field, "stats.ttft.mean");
  EXPECT_EQ(standard->plots[3].plot_type, "bar");
  EXPECT_EQ(standard->plots[7].row, 1);
  EXPECT_EQ(standard->plots[7].col, 3);
  EXPECT_EQ(standard->width_in, 32);
  auto multi = plot_preset("multi_line_latency");
  ASSERT_TRUE(multi);
  EXPECT_TRUE(multi->plots[0].multi_line);
  EXPECT_EQ(multi->plots[0].y_fields.size(), 3u);
  EXPECT_EQ(multi->plots[0].y_fields[1].linestyle, "--");
  EXPECT_EQ(multi->plots[1].y_scale, "log");
  EXPECT_FALSE(plot_preset("3x3"));
}

TEST(PlotConfig, RefusesWhatPythonRefusesInOneLineNamingThePlot) {
  const std::string plot = R"("title": "T", "x_field": "num_concurrency", "position": [0, 0])";
  EXPECT_TRUE(parse(R"({"plots": [{)" + plot + R"(, "y_field": "error_rate"}]})"));
  struct Case {
    std::string json, message;
  };
  const Case cases[] = {
      {R"({"plots": [{)" + plot + R"(, "y_field": "stats.ttft.p42"}]})", "plot 1 (\"T\"): unknown y_field 'stats.ttft.p42'"},
      {R"({"plots": [{)" + plot + R"(, "y_field": "error_rate", "y_fields": [{"field": "error_rate"}]}]})", "not both"},
      {R"({"plots": [{)" + plot + R"(}]})", "give \"y_field\""},
      {R"({"plots": [{)" + plot + R"(, "y_field": "error_rate", "plot_type": "pie"}]})", "line, scatter or bar"},
      {R"({"plots": [{)" + plot + R"(, "y_field": "error_rate", "y_scale": "symlog"}]})", "linear or log"},
      {R"({"layout": {"rows": 6}, "plots": [{)" + plot + R"(, "y_field": "error_rate"}]})", "\"rows\" must be from 1 to 5"},
      {R"({"plots": [{)" + plot + R"(, "y_field": "error_rate"}, {)" + plot + R"(, "y_field": "error_rate"}]})",
       "plot 2 (\"T\"): position [0, 0] is taken"},
      {R"({"plots": [{"title": "U", "x_field": "num_concurency", "y_field": "error_rate", "position": [0, 0]}]})",
       "unknown x_field 'num_concurency'"},
      {R"({"plots": [{"title": "V", "x_field": "num_concurrency", "y_fields": [{"field": "stats.tpot.p91"}], "position": [0, 0]}]})",
       "plot 1 (\"V\"): y_fields[0]: unknown field 'stats.tpot.p91'"},
      {R"({"layout": {"rows": 2}})", "\"plots\""},
  };
  for (const Case& c : cases) {
    auto config = parse(c.json);
    ASSERT_FALSE(config) << c.json;
    EXPECT_NE(config.error().find(c.message), std::string::npos) << config.error();
    EXPECT_EQ(config.error().rfind("--plot-config test.json: ", 0), 0u) << config.error();
    EXPECT_EQ(config.error().find('\n'), std::string::npos);
  }
}

TEST(PlotConfig, LabelsFollowTheTimeUnitAsPythonRelabelsThem) {
  EXPECT_EQ(label_in_unit("TTFT (s)", "ms"), "TTFT (ms)");
  EXPECT_EQ(label_in_unit("Latency (seconds) vs RPS", "ms"), "Latency (ms) vs RPS");
  EXPECT_EQ(label_in_unit("TTFT (ms)", "s"), "TTFT (s)");
  EXPECT_EQ(label_in_unit("Throughput (tokens/s)", "ms"), "Throughput (tokens/s)");
}

TEST(PythonFields, ValuesComeFromTheSummaryLatenciesInTheChosenUnit) {
  metrics::RunSummary run;
  run.run.scenario = "D(100,100)";
  run.run.concurrency = 8;
  run.requests_total = 10;
  run.requests_failed = 2;
  run.requests_ok = 8;
  run.requests_per_s = 4.5;
  run.ttft_ms = metrics::compute_statistics({100, 200, 300, 400, 500});  // p25 = 200 (rank 1)
  run.output_speed_tps = metrics::compute_statistics({10, 20});
  EXPECT_DOUBLE_EQ(*python_field_value(run, "stats.ttft.p25", 1e-3).number, 0.2);
  EXPECT_DOUBLE_EQ(*python_field_value(run, "stats.ttft.p75", 1.0).number, 400);
  EXPECT_DOUBLE_EQ(*python_field_value(run, "stats.ttft.sum", 1e-3).number, 1.5);
  EXPECT_DOUBLE_EQ(*python_field_value(run, "stats.output_inference_speed.mean", 1e-3).number, 15);  // not a time
  EXPECT_DOUBLE_EQ(*python_field_value(run, "error_rate", 1.0).number, 0.2);
  EXPECT_DOUBLE_EQ(*python_field_value(run, "num_concurrency", 1.0).number, 8);
  EXPECT_DOUBLE_EQ(*python_field_value(run, "batch_size", 1.0).number, 1);  // Python's default
  EXPECT_DOUBLE_EQ(*python_field_value(run, "requests_per_second", 1.0).number, 4.5);
  EXPECT_EQ(*python_field_value(run, "scenario", 1.0).text, "D(100,100)");
  EXPECT_FALSE(python_field_value(run, "stats.tpot.mean", 1.0).present());  // no request had one
  EXPECT_FALSE(python_field_value(run, "stats.audio_throughput.mean", 1.0).present());  // not text-to-speech
  EXPECT_FALSE(python_field_value(run, "stats.num_reasoning_tokens.mean", 1.0).present());  // not measured
  EXPECT_TRUE(is_python_field("stats.num_reasoning_tokens.p99"));
  EXPECT_FALSE(is_python_field("stats.ttft.p999"));
  EXPECT_TRUE(is_latency_field("stats.e2e_latency.mean"));
  EXPECT_FALSE(is_latency_field("requests_per_second"));
}

// What Python's benchmark leaves in the experiment folder, from a folder it wrote.
TEST(PythonEndOfExperiment, WritesTheSummaryWorkbookAndTheGridInPythonsNames) {
  namespace fs = std::filesystem;
  const fs::path fixture = fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "genai-bench-python";
  const fs::path folder = fs::temp_directory_path() / ("genai-bench-" + std::to_string(::getpid()) + "-end") / "my_experiment";
  fs::remove_all(folder.parent_path());
  fs::create_directories(folder.parent_path());
  fs::copy(fixture, folder, fs::copy_options::recursive);
  const bool gnuplot = std::system("command -v gnuplot >/dev/null") == 0;
  EXPECT_EQ(app::write_python_end_of_experiment_reports(folder.string() + "/", "mean", "s"), gnuplot);
  EXPECT_TRUE(fs::exists(folder / "my_experiment_summary.xlsx"));
  if (gnuplot) {
    EXPECT_GT(fs::file_size(folder / "traffic_scenario_combined_plots_2x4.png"), 1000u);
    EXPECT_TRUE(fs::exists(folder / "plots" / "traffic_scenario_combined_plots_2x4.gp"));
    EXPECT_TRUE(fs::exists(folder / "traffic_scenario_P99 E2E Latency per Request vs RPS.png"));
  }
  EXPECT_FALSE(app::write_python_end_of_experiment_reports(folder.string(), "p42", "s"));
  fs::remove_all(folder.parent_path());
}

}  // namespace
}  // namespace genai::report
