#include "report/records_merge.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "report/record_json.h"
#include "support/temporary_file.h"

namespace genai::report {
namespace {

metrics::RequestRecord ended_at(uint64_t request, int64_t t_end_ns) {
  metrics::RequestRecord record;
  record.request_index = request;
  record.t_start_ns = t_end_ns - 100;
  record.t_first_ns = t_end_ns - 50;
  record.t_end_ns = t_end_ns;
  record.http_status = 200;
  return record;
}

std::vector<metrics::RequestRecord> read_back(const std::string& path) {
  std::vector<metrics::RequestRecord> records;
  std::ifstream file(path);
  std::string line;
  while (std::getline(file, line)) records.push_back(*record_from_json_line(line));
  return records;
}

std::string out_path() {
  return (std::filesystem::temp_directory_path() / ("genai-bench-" + std::to_string(::getpid()) + "-merged.jsonl")).string();
}

// Two shards, the second's clock 1000 ns behind the first's; each file appended a little out of
// end-time order, as records are: the merge moves the second onto the first's clock and writes
// every record once, in end-time order, times shifted and nothing else changed.
TEST(RecordsMerge, ShiftsEachShardOntoOneClockAndWritesInEndTimeOrder) {
  const std::string first = testing::write_temporary_file(
      "shard-a.jsonl", record_to_json_line(ended_at(0, 5000)) + record_to_json_line(ended_at(3, 4000)) +
                           record_to_json_line(ended_at(6, 9000)));
  const std::string second = testing::write_temporary_file(
      "shard-b.jsonl", record_to_json_line(ended_at(1, 3500)) + record_to_json_line(ended_at(4, 3000)) +
                           record_to_json_line(ended_at(7, 9500)));
  auto merged = merge_records({{first, 0}, {second, 1000}}, out_path());
  ASSERT_TRUE(merged) << merged.error();
  EXPECT_EQ(merged->records, 6u);
  EXPECT_EQ(merged->per_input, (std::vector<uint64_t>{3, 3}));
  const auto records = read_back(out_path());
  std::vector<uint64_t> order;
  for (const auto& record : records) order.push_back(record.request_index);
  // End times on the merged clock: 0:5000 3:4000 6:9000 | 1:4500 4:4000 7:10500.
  EXPECT_EQ(order, (std::vector<uint64_t>{3, 4, 1, 0, 6, 7}));
  EXPECT_EQ(records[2].t_start_ns, 4400);  // request 1: 3400 + 1000
  EXPECT_EQ(records[2].t_first_ns, 4450);
  EXPECT_EQ(records[2].t_sched_ns, metrics::kNoTime);  // no time stays no time
}

TEST(RecordsMerge, ATornLastRecordIsLeftOutWithAWarningAndABadOneInTheMiddleIsAnError) {
  const std::string torn = testing::write_temporary_file("torn.jsonl", record_to_json_line(ended_at(0, 10)) + "{\"run\": 0, \"requ");
  auto merged = merge_records({{torn, 0}}, out_path());
  ASSERT_TRUE(merged) << merged.error();
  EXPECT_EQ(merged->records, 1u);
  ASSERT_EQ(merged->warnings.size(), 1u);
  EXPECT_NE(merged->warnings[0].find(torn + ":2: a torn last record"), std::string::npos) << merged->warnings[0];

  const std::string bad = testing::write_temporary_file("bad.jsonl", "not a record\n" + record_to_json_line(ended_at(0, 10)));
  auto refused = merge_records({{bad, 0}}, out_path());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rfind(bad + ":1: ", 0), 0u) << refused.error();
}

}  // namespace
}  // namespace genai::report
