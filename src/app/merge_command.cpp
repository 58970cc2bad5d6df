#include "app/merge_command.h"

#include <boost/json.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/exit_status.h"
#include "report/console_summary.h"
#include "report/experiment_files.h"
#include "report/experiment_folder.h"
#include "report/file_output.h"
#include "report/json_text.h"
#include "report/records_merge.h"
#include "report/shard_set.h"

namespace genai::app {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

int fail(const std::string& message, int status) {
  std::cerr << "genai-bench merge: " << message << "\n";
  return status;
}

// A shard's own summary.json (a list of run summaries), or null when it wrote none.
json::value own_summary(const std::string& folder) {
  std::ifstream file(folder + "/summary.json");
  if (!file) return nullptr;
  std::stringstream text;
  text << file.rdbuf();
  boost::system::error_code error;
  json::value value = json::parse(text.str(), error);
  return error ? json::value(nullptr) : value;
}

json::object shard_account(const report::ShardInput& input, int64_t earliest_start_ns, uint64_t records) {
  const report::ShardFile& shard = input.shard;
  json::object account;
  account["index"] = shard.index;
  account["folder"] = input.folder;
  account["host"] = shard.host;
  account["status"] = shard.status;
  account["exit_status"] = shard.exit_status;
  account["records"] = records;
  account["start_epoch_ns"] = shard.start_epoch_ns ? json::value(*shard.start_epoch_ns) : json::value(nullptr);
  // How long after the first shard this one started its first run: a late node shows here.
  account["start_after_first_ms"] =
      shard.start_epoch_ns ? json::value(static_cast<double>(*shard.start_epoch_ns - earliest_start_ns) / 1e6) : json::value(nullptr);
  account["start_lateness_ms"] = shard.start_lateness_ms ? json::value(*shard.start_lateness_ms) : json::value(nullptr);
  account["records_offset_ms"] = static_cast<double>(input.offset_ns) / 1e6;
  json::array addresses;
  for (const std::string& address : shard.local_ips) addresses.emplace_back(address);
  account["local_ips"] = std::move(addresses);
  account["summary"] = own_summary(input.folder);
  return account;
}

std::string milliseconds(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

}  // namespace

void add_merge_flags(CLI::App& command, MergeFlags& flags) {
  command.add_option("out", flags.out, "the merged experiment folder to write (must not be an experiment folder already)")
      ->required();
  command.add_option("shards", flags.shards,
                     "the shards' experiment folders (or the --output-dir of each, holding one), every shard once")
      ->required();
  command.add_flag("--allow-partial,--allow_partial", flags.allow_partial,
                   "merge what is there when shards are missing; the result is marked partial");
}

int run_merge_command(const MergeFlags& flags) {
  auto set = report::check_shard_set(flags.shards, flags.allow_partial);
  if (!set) return fail(set.error(), kExitSetupError);
  std::error_code error;
  if (fs::exists(fs::path(flags.out) / "experiment.json", error)) {
    return fail(flags.out + ": already an experiment folder; merge into a new one", kExitSetupError);
  }
  fs::create_directories(flags.out, error);
  if (error) return fail(flags.out + ": cannot be created: " + error.message(), kExitSetupError);

  // experiment.json: the first shard's (the plan is the same in all), saying it is a merge.
  const report::ShardInput& first = set->shards.front();
  auto experiment = report::read_json_object(first.folder + "/experiment.json");
  if (!experiment) return fail(experiment.error(), kExitSetupError);
  (*experiment)["folder"] = flags.out;
  (*experiment)["partial"] = set->partial();
  json::object merged;
  merged["shards"] = set->count;
  json::array from, missing;
  for (const report::ShardInput& input : set->shards) from.emplace_back(input.folder);
  for (uint32_t index : set->missing) missing.emplace_back(index);
  merged["from"] = std::move(from);
  merged["missing_shards"] = std::move(missing);
  merged["records_zero_epoch_ns"] = set->zero_epoch_ns;
  (*experiment)["merged"] = std::move(merged);
  if (auto status = report::write_file_atomically(flags.out + "/experiment.json", report::pretty_json(*experiment)); !status) {
    return fail(status.error(), kExitResultsNotWritten);
  }

  std::vector<report::RecordsToMerge> inputs;
  for (const report::ShardInput& input : set->shards) inputs.push_back({input.folder + "/records.jsonl", input.offset_ns});
  auto records = report::merge_records(inputs, flags.out + "/records.jsonl");
  if (!records) return fail(records.error(), kExitSetupError);
  for (const std::string& warning : records->warnings) std::cerr << "genai-bench merge: " << warning << "\n";

  // Summarised again from the merged folder alone, exactly as `genai-bench report` would.
  auto loaded = report::load_experiment_folder(flags.out);
  if (!loaded) return fail(loaded.error(), kExitSetupError);
  if (auto status = report::write_summary_json(loaded->summaries, flags.out); !status) return fail(status.error(), kExitResultsNotWritten);
  if (auto status = report::write_summary_csv(loaded->summaries, flags.out); !status) return fail(status.error(), kExitResultsNotWritten);

  int64_t earliest_start = INT64_MAX;
  for (const report::ShardInput& input : set->shards) earliest_start = std::min(earliest_start, *input.shard.start_epoch_ns);
  json::array accounts;
  std::cout << "shard  host                  status      records  start after first ms  start lateness ms\n";
  for (size_t i = 0; i < set->shards.size(); ++i) {
    const report::ShardInput& input = set->shards[i];
    json::object account = shard_account(input, earliest_start, records->per_input[i]);
    char line[256];
    std::snprintf(line, sizeof line, "%5u  %-20s  %-10s  %7llu  %20s  %17s\n", input.shard.index, input.shard.host.c_str(),
                  input.shard.status.c_str(), static_cast<unsigned long long>(records->per_input[i]),
                  milliseconds(static_cast<double>(*input.shard.start_epoch_ns - earliest_start) / 1e6).c_str(),
                  input.shard.start_lateness_ms ? milliseconds(*input.shard.start_lateness_ms).c_str() : "-");
    std::cout << line;
    accounts.push_back(std::move(account));
  }
  json::object shards_file;
  shards_file["count"] = set->count;
  json::array missing_list;
  for (uint32_t index : set->missing) missing_list.emplace_back(index);
  shards_file["missing"] = std::move(missing_list);
  shards_file["shards"] = std::move(accounts);
  if (auto status = report::write_file_atomically(flags.out + "/shards.json", report::pretty_json(shards_file)); !status) {
    return fail(status.error(), kExitResultsNotWritten);
  }
  std::cout << "\n" << report::console_summary_table(loaded->summaries) << "\n";
  if (set->partial()) {
    std::string list;
    for (uint32_t index : set->missing) list += (list.empty() ? "" : ", ") + std::to_string(index);
    std::cout << "PARTIAL: shards " << list << " of " << set->count
              << " are missing; experiment.json says \"partial\": true, and so does every report made from it\n";
  }
  std::cout << "Merged " << records->records << " records of " << set->shards.size() << " shards: " << flags.out << "\n";
  return kExitOk;
}

}  // namespace genai::app
