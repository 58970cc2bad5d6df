// A failed write of records.jsonl (here /dev/full: every write is ENOSPC, as on a full disk) is
// reported once, refuses later records, and counts what was lost.
#include "report/records_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/temporary_file.h"

namespace genai::report {
namespace {

metrics::RequestRecord record_number(uint64_t index) {
  metrics::RequestRecord record;
  record.request_index = index;
  record.t_sched_ns = record.t_start_ns = 0;
  record.t_end_ns = 1000;
  return record;
}

TEST(RecordsWriter, AFullDiskIsToldOnceAndLaterRecordsAreRefused) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  auto writer = RecordsWriter::open("/dev/full");
  ASSERT_TRUE(writer) << writer.error();
  int told = 0;
  std::string error;
  (*writer)->on_failure([&](const std::string& message) {
    ++told;
    error = message;
  });
  for (uint64_t i = 0; i < 3; ++i) (*writer)->append(record_number(i));
  EXPECT_EQ(told, 1);
  EXPECT_EQ(error, "No space left on device");
  EXPECT_EQ((*writer)->write_error(), "No space left on device");
  EXPECT_EQ((*writer)->records_lost(), 3u);
}

TEST(RecordsWriter, WholeLinesOnAWorkingDisk) {
  const std::string path = testing::write_temporary_file("records-writer.jsonl", "");
  {
    auto writer = RecordsWriter::open(path);
    ASSERT_TRUE(writer);
    for (uint64_t i = 0; i < 3; ++i) (*writer)->append(record_number(i));
    EXPECT_EQ((*writer)->records_lost(), 0u);
  }
  std::ifstream file(path);
  std::string line;
  int lines = 0;
  while (std::getline(file, line)) {
    EXPECT_NE(line.find("\"request\":" + std::to_string(lines)), std::string::npos) << line;
    ++lines;
  }
  EXPECT_EQ(lines, 3);
}

}  // namespace
}  // namespace genai::report
