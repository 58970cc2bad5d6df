// The shards' records.jsonl files merged into one, streamed: each shard's records moved onto the
// merged clock (their times + the shard's offset) and written in end-time order. Memory is a
// window of records per shard (records_merge.cpp), whatever the files' sizes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace genai::report {

struct RecordsToMerge {
  std::string path;       // a shard's records.jsonl
  int64_t offset_ns = 0;  // added to every time of its records
};

struct MergedRecords {
  uint64_t records = 0;
  std::vector<uint64_t> per_input;    // records taken from each input, in the inputs' order
  std::vector<std::string> warnings;  // torn last lines read past, one line each
};

// Errors name the file and line (a record that is not one, in the middle of a file).
Result<MergedRecords> merge_records(const std::vector<RecordsToMerge>& inputs, const std::string& out_path);

}  // namespace genai::report
