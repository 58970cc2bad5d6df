#include "report/python_experiment.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace genai::report {
namespace {

// A Python genai-bench folder of one run: TTFT 0.02 s (or 20 ms), one request, in `unit`.
std::string python_folder(const std::string& unit, bool unit_in_run_file) {
  const std::string folder = std::filesystem::temp_directory_path().string() + "/python_unit_" + unit +
                             (unit_in_run_file ? "_run" : "_meta") + "_" + std::to_string(::getpid());
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  const std::string value = unit == "ms" ? "20" : "0.02";
  std::ofstream(folder + "/experiment_metadata.json")
      << "{\"traffic_scenario\": [\"D(100,100)\"], \"iteration_type\": \"num_concurrency\""
      << (unit_in_run_file ? "" : ", \"metrics_time_unit\": \"" + unit + "\"") << "}";
  std::ofstream(folder + "/D100_100_text-to-text_num_concurrency_1_time_3s.json")
      << "{\"aggregated_metrics\": {\"scenario\": \"D(100,100)\", \"num_concurrency\": 1, \"num_requests\": 1,"
      << " \"num_error_requests\": 0, \"num_completed_requests\": 1, \"requests_per_minute\": 60,"
      << " \"stats\": {\"ttft\": {\"mean\": " << value << ", \"p50\": " << value << "}}},"
      << (unit_in_run_file ? " \"_time_unit\": \"" + unit + "\"," : "")
      << " \"individual_request_metrics\": [{\"ttft\": " << value << ", \"e2e_latency\": " << value << "}]}";
  return folder;
}

// Python writes latencies in its --metrics-time-unit, said in the run file or the metadata.
TEST(PythonExperiment, LatenciesAreReadInTheUnitTheFolderSays) {
  for (const std::string unit : {"s", "ms"}) {
    for (bool in_run_file : {true, false}) {
      auto loaded = load_python_experiment_folder(python_folder(unit, in_run_file));
      ASSERT_TRUE(loaded) << loaded.error();
      ASSERT_EQ(loaded->summaries.size(), 1u);
      EXPECT_DOUBLE_EQ(loaded->summaries[0].ttft_ms.mean, 20) << unit << in_run_file;
      EXPECT_DOUBLE_EQ(loaded->summaries[0].ttft_ms.p50, 20) << unit << in_run_file;
      ASSERT_EQ(loaded->records[0].size(), 1u);
      EXPECT_EQ(loaded->records[0][0].t_first_ns, 20'000'000) << unit << in_run_file;
      std::filesystem::remove_all(loaded->folder);
    }
  }
}

}  // namespace
}  // namespace genai::report
