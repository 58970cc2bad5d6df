#include "report/python_sheets.h"

#include <gtest/gtest.h>

namespace genai::report {
namespace {

metrics::RunSummary run(const std::string& scenario, int64_t users, double output_speed, double total_tokens_per_s,
                        double requests_per_s) {
  metrics::RunSummary summary;
  summary.run.scenario = scenario;
  summary.run.concurrency = users;
  summary.output_speed_tps.count = 10;
  summary.output_speed_tps.mean = output_speed;
  summary.total_tokens_per_s = total_tokens_per_s;
  summary.requests_per_s = requests_per_s;
  return summary;
}

// Values chosen by hand against Python's rule (excel_report.py, _create_summary_sheet_common).
TEST(PythonSummary, TheHighestLoadAboveTheSpeedTargetUntilMoreLoadBuysNothing) {
  LoadedExperiment experiment;
  experiment.experiment["task"] = "text-to-text";
  experiment.summaries = {
      // Listed first, but Python puts its named scenarios first: Scenario 4 comes after 2.
      // 1 user: 100 tok/s; 2 users: 103 and 1.02 req/s, both within 5%: Python stops at 1.
      run("D(2000,200)", 1, 30, 100, 1), run("D(2000,200)", 2, 30, 103, 1.02), run("D(2000,200)", 4, 30, 200, 2),
      // Output speed 50, 40, 20 (above 10) and throughput growing: 4 users; 8 users is too slow.
      run("D(100,100)", 1, 50, 100, 1), run("D(100,100)", 2, 40, 190, 2), run("D(100,100)", 4, 20, 400, 4),
      run("D(100,100)", 8, 5, 420, 4.2),
      // Never above 10 tokens/s: N/A.
      run("D(5,5)", 1, 9, 10, 1)};
  for (size_t i = 0; i < experiment.summaries.size(); ++i) experiment.summaries[i].run.run_index = static_cast<uint32_t>(i);
  const PythonSummary summary = python_summary(experiment, "mean");
  EXPECT_EQ(summary.load_header, "Concurrency at target speed (>10 tokens/s)");
  EXPECT_EQ(summary.value_header, "Total Throughput (tokens/min)");
  ASSERT_EQ(summary.rows.size(), 3u);
  EXPECT_EQ(summary.rows[0].use_case, "Scenario 2: Chatbot/Dialog D(100,100)");
  EXPECT_EQ(summary.rows[0].load, 4);
  EXPECT_EQ(summary.rows[0].value, 400 * 60);
  EXPECT_EQ(summary.rows[1].use_case, "Scenario 4: Typical RAG D(2000,200)");
  EXPECT_EQ(summary.rows[1].load, 1);
  EXPECT_EQ(summary.rows[1].value, 100 * 60);
  EXPECT_EQ(summary.rows[2].use_case, "D(5,5)");
  EXPECT_FALSE(summary.rows[2].load);
  EXPECT_FALSE(summary.rows[2].value);
}

// Embeddings: the server's total throughput against 100 tokens/s, over batch sizes.
TEST(PythonSummary, EmbeddingsUseTheServersThroughputOverBatchSizes) {
  LoadedExperiment experiment;
  experiment.experiment["task"] = "text-to-embeddings";
  experiment.summaries = {run("E(64)", 1, 0, 90, 1), run("E(64)", 1, 0, 150, 1), run("E(64)", 1, 0, 400, 3)};
  const int64_t sizes[] = {1, 8, 24};
  for (size_t i = 0; i < 3; ++i) {
    experiment.summaries[i].run.run_index = static_cast<uint32_t>(i);
    experiment.summaries[i].run.iteration_type = "batch_size";
    experiment.summaries[i].run.batch_size = sizes[i];
    experiment.summaries[i].output_speed_tps.count = 0;
  }
  const PythonSummary summary = python_summary(experiment, "mean");
  EXPECT_EQ(summary.load_header, "Batch Size at target throughput (>100 tokens/s)");
  ASSERT_EQ(summary.rows.size(), 1u);
  EXPECT_EQ(summary.rows[0].load, 24);
  EXPECT_EQ(summary.rows[0].value, 400 * 60);
}

}  // namespace
}  // namespace genai::report
