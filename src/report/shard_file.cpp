#include "report/shard_file.h"

#include <boost/json.hpp>

#include "report/experiment_folder.h"
#include "report/file_output.h"
#include "report/json_text.h"

namespace genai::report {

namespace json = boost::json;

namespace {

json::value optional_number(const std::optional<int64_t>& value) { return value ? json::value(*value) : json::value(nullptr); }

}  // namespace

Status write_shard_file(const ShardFile& shard, const std::string& folder) {
  json::object object;
  object["index"] = shard.index;
  object["count"] = shard.count;
  object["seed"] = shard.seed;
  object["plan_sha256"] = shard.plan_sha256;
  object["start_at_ns"] = optional_number(shard.start_at_ns);
  object["records_zero_epoch_ns"] = shard.records_zero_epoch_ns;
  object["start_epoch_ns"] = optional_number(shard.start_epoch_ns);
  object["start_lateness_ms"] = shard.start_lateness_ms ? json::value(*shard.start_lateness_ms) : json::value(nullptr);
  object["host"] = shard.host;
  json::array addresses;
  for (const std::string& address : shard.local_ips) addresses.emplace_back(address);
  object["local_ips"] = std::move(addresses);
  object["status"] = shard.status;
  object["exit_status"] = shard.exit_status;
  object["version"] = shard.version;
  return write_file_atomically(folder + "/shard.json", pretty_json(object));
}

Result<ShardFile> read_shard_file(const std::string& folder) {
  const std::string path = folder + "/shard.json";
  auto read = read_json_object(path);
  if (!read) return make_error(read.error() + " (not a shard's folder? shards are written with --shard I/N)");
  const json::object& object = *read;
  ShardFile shard;
  try {
    auto integer = [&](const char* key) { return json::value_to<int64_t>(object.at(key)); };
    auto optional_integer = [&](const char* key) -> std::optional<int64_t> {
      const json::value* found = object.if_contains(key);
      if (found == nullptr || found->is_null()) return std::nullopt;
      return json::value_to<int64_t>(*found);
    };
    const int64_t index = integer("index"), count = integer("count");
    if (count < 1 || index < 0 || index >= count) return make_error(path + ": index " + std::to_string(index) + " of " + std::to_string(count) + " shards");
    shard.index = static_cast<uint32_t>(index);
    shard.count = static_cast<uint32_t>(count);
    shard.seed = json::value_to<uint64_t>(object.at("seed"));
    shard.plan_sha256 = json::value_to<std::string>(object.at("plan_sha256"));
    shard.start_at_ns = optional_integer("start_at_ns");
    shard.records_zero_epoch_ns = integer("records_zero_epoch_ns");
    shard.start_epoch_ns = optional_integer("start_epoch_ns");
    if (const json::value* lateness = object.if_contains("start_lateness_ms"); lateness != nullptr && !lateness->is_null()) {
      shard.start_lateness_ms = json::value_to<double>(*lateness);
    }
    shard.host = json::value_to<std::string>(object.at("host"));
    shard.local_ips = json::value_to<std::vector<std::string>>(object.at("local_ips"));
    shard.status = json::value_to<std::string>(object.at("status"));
    shard.exit_status = static_cast<int>(integer("exit_status"));
    if (const json::value* version = object.if_contains("version"); version != nullptr && version->is_string()) {
      shard.version = json::value_to<std::string>(*version);
    }
  } catch (const std::exception& failure) {
    return make_error(path + ": a field is missing or of the wrong type (" + failure.what() + ")");
  }
  return shard;
}

}  // namespace genai::report
