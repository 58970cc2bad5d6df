// `genai-bench merge OUT SHARD_DIR...`: the folders of a sharded experiment's shards (--shard I/N)
// joined into one normal experiment folder, as if one process had run the whole plan: the records
// on one clock (the earliest shard's zero) in end-time order, summarised by the same code as any
// run (every percentile exact), plus shards.json with each shard's own account side by side.
#pragma once

#include <CLI/App.hpp>
#include <string>
#include <vector>

namespace genai::app {

struct MergeFlags {
  std::string out;
  std::vector<std::string> shards;
  bool allow_partial = false;
};

void add_merge_flags(CLI::App& command, MergeFlags& flags);
int run_merge_command(const MergeFlags& flags);

}  // namespace genai::app
