// Experiments compared by a metadata key (report / plot --group-key): two experiments against the
// built-in mock told apart by --server-version and by the TTFT the mock was told to inject, plus a
// folder the Python genai-bench wrote. The workbook is read back with openpyxl; each line's TTFT
// must be the injected one and equal its own experiment's summary.json.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>

#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

size_t count_of(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

// Two experiments (server versions 0.1 with a 10 ms TTFT, 0.2 with 40 ms) and the Python folder.
std::string make_experiments() {
  const std::string folder = make_temporary_folder() + "/experiments";
  for (const auto& [version, ttft] : {std::pair{"0.1", "10"}, std::pair{"0.2", "40"}}) {
    const RunResult run = run_genai_bench({"benchmark", "--traffic-scenario", "D(20,10)", "--num-concurrency", "1", "2",
                                           "--max-requests-per-run", "8", "--output-dir", folder, "--experiment-name",
                                           std::string("v") + version, "--server-engine", "vLLM", "--server-version",
                                           version, "--server-gpu-type", "H100", "--mock-ttft-ms", ttft, "--no-ui"});
    EXPECT_EQ(run.exit_code, 0) << run.output;
  }
  std::filesystem::copy(std::string(GENAI_TESTS_DIR) + "/fixtures/genai-bench-python", folder + "/python");
  return folder;
}

TEST(Comparison, GroupsExperimentsByServerVersionInPlotsWorkbookAndPage) {
  if (!openpyxl_available() ||
      std::system("command -v gnuplot >/dev/null") != 0) {
    GTEST_SKIP() << "python3-openpyxl and gnuplot are needed (scripts/install-deps.sh installs them)";
  }
  const std::string folder = make_experiments();
  const RunResult run = run_genai_bench({"report", folder, "--group-key", "server_version"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("Comparing 3 experiments by server_version"), std::string::npos) << run.output;
  const std::string out = folder + "/comparison_by_server_version";

  const json::value book = read_workbook(out + "/comparison.xlsx");
  EXPECT_EQ(json::serialize(book.at("sheets")), R"(["Comparison","Experiments"])");
  const json::array& rows = book.at("rows").at("Comparison").as_array();
  ASSERT_EQ(rows.size(), 1u + 1 + 2 + 2);  // header; the Python folder's one run; two runs of each of ours
  EXPECT_EQ(rows[0].as_array()[0].as_string(), "server_version");
  EXPECT_EQ(rows[0].as_array()[16].as_string(), "TTFT mean (ms)");
  int ours = 0;
  for (size_t row = 1; row < rows.size(); ++row) {
    const json::array& cells = rows[row].as_array();
    if (cells[1] == "python") {
      EXPECT_EQ(cells[0].as_string(), "v0.6.0");  // from its experiment_metadata.json
      EXPECT_EQ(cells[3].as_string(), "D(100,100)");
      EXPECT_NEAR(cells[16].to_number<double>(), 0.05235532717779279 * 1000, 1e-9);
      continue;
    }
    ++ours;
    const bool first = cells[0] == "0.1";
    EXPECT_EQ(cells[1].as_string(), first ? "v0.1" : "v0.2");
    const double ttft = cells[16].to_number<double>();
    const double injected = first ? 10 : 40;
    EXPECT_GE(ttft, injected);
    EXPECT_LT(ttft, injected + 8);
    // The same number as the experiment's own summary.json (run 0 ran at concurrency 1, run 1 at 2).
    const json::array summaries = read_json_file(folder + "/" + std::string(cells[1].as_string()) + "/summary.json").as_array();
    const size_t run_index = cells[5].to_number<int>() == 1 ? 0 : 1;
    EXPECT_NEAR(ttft, summaries[run_index].at("ttft_ms").at("mean").to_number<double>(), 1e-9);
  }
  EXPECT_EQ(ours, 4);
  const json::array& experiments = book.at("rows").at("Experiments").as_array();
  ASSERT_EQ(experiments.size(), 4u);  // header and the three, by folder name
  EXPECT_EQ(experiments[1].as_array()[0], "python");
  EXPECT_EQ(experiments[1].as_array()[5], "SGLang");
  EXPECT_EQ(experiments[2].as_array()[0], "v0.1");
  EXPECT_EQ(experiments[2].as_array()[5], "vLLM");  // --server-engine
  EXPECT_EQ(experiments[2].as_array()[6], "0.1");   // --server-version
  EXPECT_EQ(experiments[2].as_array()[7], "H100");  // --server-gpu-type
  // Recorded under both tools' names: ours, and the Python tool's metadata file.
  EXPECT_EQ(read_json_file(folder + "/v0.2/experiment.json").at("server").at("version"), "0.2");
  const json::value python_metadata = read_json_file(folder + "/v0.2/experiment_metadata.json");
  EXPECT_EQ(python_metadata.at("server_version"), "0.2");
  EXPECT_EQ(python_metadata.at("server_engine"), "vLLM");
  EXPECT_TRUE(python_metadata.at("server_gpu_count").is_null());  // not given

  // One figure per traffic scenario, a data block per experiment that ran it.
  const std::string figure = out + "/D_20_10__group_by_server_version";
  EXPECT_EQ(count_of(read_text(figure + ".dat"), "\n\n\n"), 1u);  // two blocks
  const std::string script = read_text(figure + ".gp");
  EXPECT_NE(script.find("title \"server_version: 0.1\""), std::string::npos);
  EXPECT_NE(script.find("title \"server_version: 0.2\""), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(figure + ".png"));
  EXPECT_TRUE(std::filesystem::exists(out + "/D_100_100__group_by_server_version.svg"));

  const std::string check = folder + "/check.out";
  const std::string command = "/usr/bin/python3 " + std::string(GENAI_TESTS_DIR) + "/e2e/readers/check_html.py " + out +
                              "/comparison.html > " + check + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << read_text(check);
  int svgs = 0, table_rows = 0;
  ASSERT_EQ(std::sscanf(read_text(check).c_str(), "%d %d", &svgs, &table_rows), 2) << read_text(check);
  EXPECT_EQ(svgs, 2);  // the two scenarios' figures
}

TEST(Comparison, PlotFiltersExperimentsAndGroupsByTrafficScenario) {
  if (std::system("command -v gnuplot >/dev/null") != 0) GTEST_SKIP() << "gnuplot is needed (scripts/install-deps.sh installs it)";
  const std::string folder = make_experiments();
  const std::string out = folder + "/../only_v2";
  const RunResult run = run_genai_bench({"plot", "--experiments-folder", folder, "--group-key", "traffic_scenario",
                                         "--filter-criteria", "{'server_version': '0.2'}", "--comparison-dir", out});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("Comparing 1 experiments by traffic_scenario"), std::string::npos) << run.output;
  const std::string data = read_text(out + "/by_traffic_scenario.dat");
  EXPECT_EQ(count_of(data, "\n\n\n"), 0u);  // one block: v0.2's one scenario
  EXPECT_EQ(count_of(data, "\n") - 1, 2u);  // its two runs, after the header
  EXPECT_NE(read_text(out + "/by_traffic_scenario.gp").find("title \"D(20,10)\""), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(out + "/comparison.xlsx"));  // plot writes the plots only
}

// Without --group-key, a folder of experiments stands for each one: each gets its own reports.
TEST(Comparison, ReportOnAFolderOfExperimentsReportsEachOne) {
  if (std::system("command -v gnuplot >/dev/null") != 0) GTEST_SKIP() << "gnuplot is needed (scripts/install-deps.sh installs it)";
  const std::string folder = make_experiments();
  const RunResult run = run_genai_bench({"report", folder});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string experiment : {"python", "v0.1", "v0.2"}) {
    EXPECT_TRUE(std::filesystem::exists(folder + "/" + experiment + "/report.xlsx")) << experiment;
    EXPECT_TRUE(std::filesystem::exists(folder + "/" + experiment + "/report.html")) << experiment;
    EXPECT_TRUE(std::filesystem::exists(folder + "/" + experiment + "/plots/experiment.svg")) << experiment;
  }
  EXPECT_FALSE(std::filesystem::exists(folder + "/report.html"));
}

TEST(Comparison, BadKeysFiltersAndFoldersAreOneLineErrors) {
  const std::string folder = make_experiments();
  std::filesystem::create_directories(folder + "/../broken");
  std::filesystem::create_directories(folder + "/../empty");
  write_text(folder + "/../broken/experiment.json", "{\"runs\": [");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"report", folder, "--group-key", "gpu_colour"}, "--group-key: no experiment records 'gpu_colour'"},
      {{"report", folder, "--group-key", "model", "--filter-criteria", "{\"server_engine\": \"TGI\"}"},
       "--filter-criteria: no experiment matches"},
      {{"report", folder, "--group-key", "model", "--filter-criteria", "server_engine=TGI"},
       "--filter-criteria: expected an object"},
      {{"report", folder + "/../broken", "--group-key", "model"}, "../broken/experiment.json: not a JSON object"},
      {{"report", folder + "/../empty", "--group-key", "model"}, "is not an experiment folder and holds none"},
      {{"report", folder, "--filter-criteria", "{}"}, "--filter-criteria and --comparison-dir go with --group-key"},
  };
  for (const auto& [arguments, expected] : cases) {
    const RunResult run = run_genai_bench(arguments);
    EXPECT_NE(run.exit_code, 0) << arguments[1];
    EXPECT_NE(run.output.find(expected), std::string::npos) << expected << "\n" << run.output;
    EXPECT_EQ(count_of(run.output, "\n"), 1u) << run.output;
  }
}

}  // namespace
}  // namespace genai::testing
