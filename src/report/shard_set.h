// The shards `genai-bench merge` is given, checked to be one experiment: each folder a shard's
// (shard.json), the same count N, seed and plan (plan_sha256), no index twice, none missing (or,
// with allow_partial, the missing ones named), and each shard's records' place on one clock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "report/shard_file.h"

namespace genai::report {

struct ShardInput {
  std::string folder;  // the shard's experiment folder (holding shard.json)
  ShardFile shard;
  int64_t offset_ns = 0;  // added to its records' times: its records' zero minus the merged zero
};

struct ShardSet {
  std::vector<ShardInput> shards;  // by index, the ones present
  uint32_t count = 0;              // N
  std::vector<uint32_t> missing;   // indices not given, or given but with no run started
  int64_t zero_epoch_ns = 0;       // the merged records' zero: the earliest shard's, Unix ns
  bool partial() const { return !missing.empty(); }
};

// A folder may be the shard's experiment folder or the --output-dir holding it (exactly one
// experiment folder with a shard.json inside). Errors are one line naming the folder or shard.
Result<std::string> find_shard_folder(const std::string& folder);
Result<ShardSet> check_shard_set(const std::vector<std::string>& folders, bool allow_partial);

}  // namespace genai::report
