// shard.json: what one shard of a sharded experiment (--shard I/N) says about itself, beside its
// experiment folder, so `genai-bench merge` can check that the shards belong together (same
// count, seed and plan), rebase their records onto one clock, and show a late or failed shard.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace genai::report {

struct ShardFile {
  uint32_t index = 0;
  uint32_t count = 1;
  uint64_t seed = 0;
  // SHA-256 of the plan without the shard flags and the output folder (app/shard_plan.h): shards
  // of one experiment have the same.
  std::string plan_sha256;
  std::optional<int64_t> start_at_ns;        // --start-at, Unix ns
  // The wall-clock (realtime, Unix ns) moment the records' times count from: a record's t_start_ns
  // is at records_zero_epoch_ns + t_start_ns.
  int64_t records_zero_epoch_ns = 0;
  std::optional<int64_t> start_epoch_ns;     // when the first run's clock started, Unix ns
  std::optional<double> start_lateness_ms;   // start_epoch - start_at (--start-at only)
  std::string host;
  std::vector<std::string> local_ips;
  // "completed", "missed_start" (not ready by --start-at + --start-grace), "interrupted",
  // "no_request_succeeded", "results_not_written" or "running" (the process did not end: killed).
  std::string status = "running";
  int exit_status = 0;
  std::string version;
};

Status write_shard_file(const ShardFile& shard, const std::string& folder);
// A one-line error names the file and what is wrong with it.
Result<ShardFile> read_shard_file(const std::string& folder);

}  // namespace genai::report
