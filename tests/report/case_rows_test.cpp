#include "report/case_rows.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

namespace genai::report {
namespace {

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(line);
  return lines;
}

TEST(CaseRows, ThroughputIsThousandOverTpotTimesConcurrency) {
  EXPECT_DOUBLE_EQ(case_throughput_tps(20, 8), 400);
  EXPECT_DOUBLE_EQ(case_throughput_tps(0, 8), 0);
}

TEST(CaseRows, CsvHeaderOnceThenAppendedRows) {
  const std::string path = (std::filesystem::temp_directory_path() / "genai-bench-rows.csv").string();
  std::filesystem::remove(path);
  CaseRow row{"2026-11-22T10:00:00Z", "llama, 8B", 128, 64, 3, 8, 45.5, 20, 400};
  ASSERT_TRUE(append_case_row(path, "csv", row));
  ASSERT_TRUE(append_case_row(path, "csv", row));
  const auto lines = lines_of(path);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "@timestamp,model,input_tokens,output_tokens,runs,num_concurrent_requests,TTFT (ms),TPOT (ms),"
                      "Throughput (TPS)");
  EXPECT_EQ(lines[1], "2026-11-22T10:00:00Z,\"llama, 8B\",128,64,3,8,45.5,20,400");
  std::filesystem::remove(path);
}

TEST(CaseRows, JsonLinesUseTheSameNames) {
  const std::string path = (std::filesystem::temp_directory_path() / "genai-bench-rows.jsonl").string();
  std::filesystem::remove(path);
  ASSERT_TRUE(append_case_row(path, "jsonl", {"t", "m", 1, 2, 3, 4, 5.5, 6, 666.5}));
  const auto lines = lines_of(path);
  ASSERT_EQ(lines.size(), 1u);
  const auto row = boost::json::parse(lines[0]).as_object();
  EXPECT_EQ(row.at("@timestamp").as_string(), "t");
  EXPECT_EQ(row.at("num_concurrent_requests").as_int64(), 4);
  EXPECT_DOUBLE_EQ(row.at("TTFT (ms)").as_double(), 5.5);
  EXPECT_DOUBLE_EQ(row.at("Throughput (TPS)").as_double(), 666.5);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace genai::report
