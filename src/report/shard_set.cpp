#include "report/shard_set.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace genai::report {

namespace fs = std::filesystem;

Result<std::string> find_shard_folder(const std::string& folder) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) return make_error(folder + ": no such folder");
  if (fs::exists(fs::path(folder) / "shard.json", error)) return folder;
  std::vector<std::string> inside;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (entry.is_directory() && fs::exists(entry.path() / "shard.json")) inside.push_back(entry.path().string());
  }
  if (inside.size() == 1) return inside.front();
  if (inside.empty()) return make_error(folder + ": no shard.json in it or in a folder inside it (was it run with --shard I/N?)");
  return make_error(folder + ": " + std::to_string(inside.size()) + " shard folders inside; give the one to merge");
}

Result<ShardSet> check_shard_set(const std::vector<std::string>& folders, bool allow_partial) {
  if (folders.empty()) return make_error("no shard folders given");
  std::map<uint32_t, ShardInput> by_index;
  const ShardInput* first = nullptr;
  ShardSet set;
  for (const std::string& given : folders) {
    auto folder = find_shard_folder(given);
    if (!folder) return make_error(folder.error());
    auto shard = read_shard_file(*folder);
    if (!shard) return make_error(shard.error());
    const std::string name = "shard " + std::to_string(shard->index) + "/" + std::to_string(shard->count) + " (" + *folder + ")";
    if (first != nullptr) {
      const ShardFile& reference = first->shard;
      const std::string against = " of shard " + std::to_string(reference.index) + " (" + first->folder + ")";
      if (shard->count != reference.count) {
        return make_error(name + ": one of " + std::to_string(shard->count) + " shards, not " + std::to_string(reference.count) + " as" + against);
      }
      if (shard->seed != reference.seed) {
        return make_error(name + ": seed " + std::to_string(shard->seed) + ", not " + std::to_string(reference.seed) + " as" + against);
      }
      if (shard->plan_sha256 != reference.plan_sha256) {
        return make_error(name + ": a different plan (plan_sha256) from that" + against +
                          ": the shards were not started with the same command");
      }
    }
    const uint32_t index = shard->index;
    if (by_index.count(index) != 0) {
      return make_error(name + ": shard " + std::to_string(index) + " is given twice (also " + by_index.at(index).folder + ")");
    }
    const auto placed = by_index.emplace(index, ShardInput{*folder, std::move(*shard), 0}).first;
    if (first == nullptr) first = &placed->second;  // the one the others are checked against
  }
  set.count = first->shard.count;
  for (uint32_t index = 0; index < set.count; ++index) {
    const auto found = by_index.find(index);
    // A shard that started nothing (not ready by --start-at, or stopped before its start) has no
    // records to give: for the merge it is missing.
    const bool started = found != by_index.end() && found->second.shard.start_epoch_ns.has_value();
    if (!started) set.missing.push_back(index);
    if (found != by_index.end() && started) set.shards.push_back(std::move(found->second));
  }
  if (set.shards.empty()) return make_error("none of the shards started a run: nothing to merge");
  if (set.partial() && !allow_partial) {
    std::string list;
    for (uint32_t index : set.missing) {
      const auto found = by_index.find(index);
      list += (list.empty() ? "" : ", ") + std::to_string(index) +
              (found == by_index.end() ? " (not given)" : " (" + found->second.folder + ": " + found->second.shard.status + ")");
    }
    return make_error("shards missing of " + std::to_string(set.count) + ": " + list +
                      "; give them, or merge the others with --allow-partial (the result is marked partial)");
  }
  set.zero_epoch_ns = std::min_element(set.shards.begin(), set.shards.end(), [](const ShardInput& a, const ShardInput& b) {
                        return a.shard.records_zero_epoch_ns < b.shard.records_zero_epoch_ns;
                      })->shard.records_zero_epoch_ns;
  for (ShardInput& input : set.shards) input.offset_ns = input.shard.records_zero_epoch_ns - set.zero_epoch_ns;
  return set;
}

}  // namespace genai::report
