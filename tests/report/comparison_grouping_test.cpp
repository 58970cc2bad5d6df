#include "report/comparison.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace genai::report {
namespace {

// An experiment in memory: its metadata as experiment.json (or Python's file) holds it, and one
// run per (scenario, concurrency), given out of load order on purpose.
LoadedExperiment experiment(const std::string& folder, const std::string& metadata_json,
                            const std::vector<std::pair<std::string, int64_t>>& runs) {
  LoadedExperiment loaded;
  loaded.folder = folder;
  loaded.experiment = boost::json::parse(metadata_json).as_object();
  for (const auto& [scenario, concurrency] : runs) {
    metrics::RunSummary summary;
    summary.run.scenario = scenario;
    summary.run.concurrency = concurrency;
    loaded.summaries.push_back(summary);
  }
  return loaded;
}

std::vector<LoadedExperiment> three_experiments() {
  std::vector<LoadedExperiment> experiments;
  experiments.push_back(experiment("runs/a/", R"({"server": {"version": "1.0", "gpu_type": "H100"}, "target": {"model": "m"}})",
                                   {{"D(1,1)", 8}, {"D(1,1)", 2}, {"D(9,9)", 1}}));
  experiments.push_back(experiment("runs/b", R"({"server": {"version": "1.0", "gpu_type": null}, "target": {"model": "m"}})",
                                   {{"D(1,1)", 4}}));
  // Python genai-bench's names, at the top level.
  experiments.push_back(experiment("runs/c", R"({"server_version": "2.0", "server_gpu_type": "A100", "model": "n"})",
                                   {{"D(9,9)", 16}}));
  return experiments;
}

TEST(ComparisonGrouping, AFigurePerScenarioALinePerExperimentInLoadOrder) {
  auto comparison = compare_experiments(three_experiments(), "server_version", {});
  ASSERT_TRUE(comparison) << comparison.error();
  ASSERT_EQ(comparison->figures.size(), 2u);
  const Comparison::Figure& first = comparison->figures[0];
  EXPECT_EQ(first.name, "D_1_1__group_by_server_version");
  ASSERT_EQ(first.lines.size(), 2u);
  // Two experiments share 1.0: their folders tell the lines apart.
  EXPECT_EQ(first.lines[0].label, "server_version: 1.0 (a)");
  EXPECT_EQ(first.lines[1].label, "server_version: 1.0 (b)");
  ASSERT_EQ(first.lines[0].runs.size(), 2u);
  EXPECT_EQ(first.lines[0].runs[0]->run.concurrency, 2);
  EXPECT_EQ(first.lines[0].runs[1]->run.concurrency, 8);
  const Comparison::Figure& second = comparison->figures[1];
  ASSERT_EQ(second.lines.size(), 2u);
  EXPECT_EQ(second.lines[0].label, "server_version: 1.0 (a)");
  EXPECT_EQ(second.lines[1].label, "server_version: 2.0");
  EXPECT_EQ(second.lines[1].group, "2.0");
}

TEST(ComparisonGrouping, MissingValuesAreNotRecordedAndUnknownKeysAreErrors) {
  auto by_gpu = compare_experiments(three_experiments(), "server_gpu_type", {});
  ASSERT_TRUE(by_gpu) << by_gpu.error();
  EXPECT_EQ(by_gpu->figures[0].lines[0].label, "server_gpu_type: H100");
  EXPECT_EQ(by_gpu->figures[0].lines[1].label, "server_gpu_type: (not recorded)");  // null counts as missing
  auto unknown = compare_experiments(three_experiments(), "colour", {});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("--group-key: no experiment records 'colour'"), std::string::npos);
}

TEST(ComparisonGrouping, TrafficScenarioIsOneFigureWithALinePerScenarioOfEachExperiment) {
  auto comparison = compare_experiments(three_experiments(), "traffic_scenario", {});
  ASSERT_TRUE(comparison) << comparison.error();
  ASSERT_EQ(comparison->figures.size(), 1u);
  std::vector<std::string> labels;
  for (const auto& line : comparison->figures[0].lines) labels.push_back(line.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"D(1,1) (a)", "D(9,9) (a)", "D(1,1) (b)", "D(9,9) (c)"}));
}

TEST(ComparisonGrouping, FiltersMatchEitherToolsNames) {
  auto filter = parse_filter_criteria("{'model': 'm', 'server_gpu_type': 'H100'}");  // Python's dict spelling
  ASSERT_TRUE(filter) << filter.error();
  auto comparison = compare_experiments(three_experiments(), "experiment_folder_name", *filter);
  ASSERT_TRUE(comparison) << comparison.error();
  ASSERT_EQ(comparison->experiments.size(), 1u);
  EXPECT_EQ(comparison->figures[0].lines[0].label, "experiment_folder_name: a");
  auto json_filter = parse_filter_criteria(R"({"server_version": "2.0"})");
  ASSERT_TRUE(json_filter);
  auto only_c = compare_experiments(three_experiments(), "model", *json_filter);
  ASSERT_TRUE(only_c);
  EXPECT_EQ(only_c->figures[0].lines[0].label, "model: n");
  EXPECT_FALSE(parse_filter_criteria("model=m"));
  EXPECT_FALSE(parse_filter_criteria("[1, 2]"));
}

}  // namespace
}  // namespace genai::report
