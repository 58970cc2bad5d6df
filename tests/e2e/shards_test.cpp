// --shard I/N and --start-at end to end: three shard processes at once against one server send,
// between them, exactly the requests one process sends for the same plan (the same indices, the
// same bodies, the same due times in an open loop), start at the common moment, and say so in
// shard.json; a shard not ready in time, and shard flags that cannot work, are refused in a line.
#include <gtest/gtest.h>
#include <time.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "e2e/fault_server.h"
#include "e2e/files.h"
#include "e2e/subprocess.h"

namespace genai::testing {
namespace {

namespace json = boost::json;

// A server that answers every request with a short stream and keeps each request's body.
struct BodyKeepingServer {
  BodyKeepingServer()
      : server([this](FaultConnection& connection) {
          while (connection.read_request() >= 0) {
            {
              std::lock_guard lock(mutex);
              bodies.insert(connection.last_request_body());
            }
            connection.write(chunked_sse_response(3));
          }
        }) {}
  std::multiset<std::string> taken() {
    std::lock_guard lock(mutex);
    return bodies;
  }
  std::mutex mutex;
  std::multiset<std::string> bodies;
  FaultServer server;
};

int64_t realtime_ns() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

std::vector<json::object> records_of(const std::string& experiment) {
  std::vector<json::object> records;
  for (const std::string& line : read_lines(experiment + "/records.jsonl")) records.push_back(json::parse(line).as_object());
  return records;
}

// Runs N shards of `plan` at once, each into folder/shard-I/x, starting two seconds from now.
void run_shards(int count, const std::string& base_url, const std::vector<std::string>& plan, const std::string& folder) {
  const std::string start_at = std::to_string(realtime_ns() + 2'000'000'000);
  std::vector<std::unique_ptr<Subprocess>> shards;
  for (int index = 0; index < count; ++index) {
    std::vector<std::string> arguments = {genai_bench_binary(), "benchmark", "--api-base", base_url, "--api-model-name", "m",
                                          "--no-ui", "--no-end-reports", "--shard",
                                          std::to_string(index) + "/" + std::to_string(count), "--start-at", start_at,
                                          "--output-dir", folder + "/shard-" + std::to_string(index), "--experiment-name", "x"};
    arguments.insert(arguments.end(), plan.begin(), plan.end());
    shards.push_back(std::make_unique<Subprocess>(arguments));
  }
  for (int index = 0; index < count; ++index) {
    ASSERT_EQ(shards[static_cast<size_t>(index)]->wait(), 0) << shards[static_cast<size_t>(index)]->output();
    const json::value shard = read_json_file(folder + "/shard-" + std::to_string(index) + "/x/shard.json");
    EXPECT_EQ(shard.at("index"), index);
    EXPECT_EQ(shard.at("count"), count);
    EXPECT_EQ(shard.at("status"), "completed");
    EXPECT_EQ(shard.at("start_at_ns").as_int64(), std::stoll(start_at));
    // The start lateness is reported (how much is the machine's business, not the test's).
    EXPECT_GE(shard.at("start_lateness_ms").to_number<double>(), 0.0);
    EXPECT_GE(shard.at("start_epoch_ns").as_int64(), std::stoll(start_at));
  }
}

TEST(Shards, ClosedLoopShardsTogetherSendWhatOneProcessSends) {
  const std::vector<std::string> plan = {"--traffic-scenario", "N(40,10)/(3,1)", "--num-concurrency", "6",
                                         "--max-requests-per-run", "31", "--max-time-per-run", "60s"};
  const std::string folder = make_temporary_folder();
  BodyKeepingServer whole;
  std::vector<std::string> one = {"benchmark", "--api-base", whole.server.base_url(), "--api-model-name", "m", "--no-ui",
                                  "--output-dir", folder + "/whole", "--experiment-name", "x"};
  one.insert(one.end(), plan.begin(), plan.end());
  const RunResult single = run_genai_bench(one);
  ASSERT_EQ(single.exit_code, 0) << single.output;

  BodyKeepingServer sharded;
  run_shards(3, sharded.server.base_url(), plan, folder);
  std::set<int64_t> indices;
  for (int index = 0; index < 3; ++index) {
    const auto records = records_of(folder + "/shard-" + std::to_string(index) + "/x");
    EXPECT_EQ(records.size(), index == 0 ? 11u : 10u);  // 31 requests: 11 + 10 + 10
    for (const json::object& record : records) {
      const int64_t request = record.at("request").as_int64();
      EXPECT_EQ(request % 3, index) << "shard " << index << " ran request " << request;
      EXPECT_TRUE(indices.insert(request).second) << "request " << request << " ran twice";
    }
  }
  ASSERT_EQ(indices.size(), 31u);
  EXPECT_EQ(*indices.rbegin(), 30);
  // Every body the one process sent, the shards sent: prompts depend on the request, not on N.
  EXPECT_EQ(sharded.taken(), whole.taken());
}

TEST(Shards, OpenLoopShardsKeepTheirArrivalsOfTheOneSchedule) {
  const std::vector<std::string> plan = {"--traffic-scenario", "D(30,2)", "--request-rate", "40", "--max-requests-per-run",
                                         "24", "--max-time-per-run", "60s"};
  const std::string folder = make_temporary_folder();
  BodyKeepingServer whole;
  std::vector<std::string> one = {"benchmark", "--api-base", whole.server.base_url(), "--api-model-name", "m", "--no-ui",
                                  "--shard", "0/1", "--output-dir", folder + "/whole", "--experiment-name", "x"};
  one.insert(one.end(), plan.begin(), plan.end());
  const RunResult single = run_genai_bench(one);
  ASSERT_EQ(single.exit_code, 0) << single.output;

  // Due time of each request from its run's start, in ms: the record's t_sched on the shard's
  // wall clock, minus the moment its run started.
  auto due_times = [](const std::string& experiment) {
    const json::value shard = read_json_file(experiment + "/shard.json");
    const int64_t run_start_from_zero = shard.at("start_epoch_ns").as_int64() - shard.at("records_zero_epoch_ns").as_int64();
    std::map<int64_t, double> due;
    for (const json::object& record : records_of(experiment)) {
      due[record.at("request").as_int64()] = static_cast<double>(record.at("t_sched_ns").as_int64() - run_start_from_zero) / 1e6;
    }
    return due;
  };
  const std::map<int64_t, double> expected = due_times(folder + "/whole/x");
  ASSERT_EQ(expected.size(), 24u);

  BodyKeepingServer sharded;
  run_shards(4, sharded.server.base_url(), plan, folder);
  std::map<int64_t, double> united;
  for (int index = 0; index < 4; ++index) {
    for (const auto& [request, due] : due_times(folder + "/shard-" + std::to_string(index) + "/x")) {
      EXPECT_EQ(request % 4, index);
      EXPECT_TRUE(united.emplace(request, due).second);
    }
  }
  ASSERT_EQ(united.size(), expected.size());
  for (const auto& [request, due] : expected) {
    // The same offset of the one Poisson schedule (gaps of 25 ms on average); only the two
    // clock readings that place each run's start differ.
    EXPECT_NEAR(united.at(request), due, 1.0) << "request " << request;
  }
  EXPECT_EQ(sharded.taken(), whole.taken());
}

TEST(Shards, ConversationsStayWholeOnOneShard) {
  const std::string folder = make_temporary_folder();
  BodyKeepingServer server;
  run_shards(3, server.server.base_url(),
             {"--traffic-scenario", "D(20,2)", "--num-concurrency", "3", "--turns", "3", "--max-requests-per-run", "18"},
             folder);
  std::map<int64_t, std::set<int64_t>> turns_by_session;
  for (int index = 0; index < 3; ++index) {
    for (const json::object& record : records_of(folder + "/shard-" + std::to_string(index) + "/x")) {
      const int64_t session = record.at("session").as_int64();
      EXPECT_EQ(session % 3, index) << "session " << session << " on shard " << index;
      turns_by_session[session].insert(record.at("turn").as_int64());
    }
  }
  ASSERT_EQ(turns_by_session.size(), 6u);  // 18 requests: 6 conversations of 3 turns
  for (const auto& [session, turns] : turns_by_session) EXPECT_EQ(turns, (std::set<int64_t>{0, 1, 2})) << session;
}

RunResult merge(const std::vector<std::string>& arguments) {
  std::vector<std::string> all = {"merge"};
  all.insert(all.end(), arguments.begin(), arguments.end());
  return run_genai_bench(all);
}

// merge: one experiment folder with every shard's records on the earliest shard's clock, its
// summary the one the records give (checked here against figures worked out from the shards'
// own files), each shard's account in shards.json; a missing, repeated or foreign shard is
// refused by name, and --allow-partial marks what it merges.
TEST(Shards, MergeJoinsTheShardsIntoOneExperimentAndRefusesAnIncompleteSet) {
  const std::string folder = make_temporary_folder();
  BodyKeepingServer server;
  run_shards(3, server.server.base_url(),
             {"--traffic-scenario", "N(40,10)/(3,1)", "--num-concurrency", "6", "--max-requests-per-run", "31"}, folder);
  const std::vector<std::string> shards = {folder + "/shard-0", folder + "/shard-1/x", folder + "/shard-2"};

  // What the merged summary must say, from the shards' records and shard.json alone.
  std::vector<double> ttft_ms;
  int64_t zero = INT64_MAX;
  for (int index = 0; index < 3; ++index) {
    zero = std::min(zero, read_json_file(folder + "/shard-" + std::to_string(index) + "/x/shard.json").at("records_zero_epoch_ns").as_int64());
  }
  int64_t first_start = INT64_MAX, last_end = INT64_MIN;
  for (int index = 0; index < 3; ++index) {
    const std::string experiment = folder + "/shard-" + std::to_string(index) + "/x";
    const int64_t offset = read_json_file(experiment + "/shard.json").at("records_zero_epoch_ns").as_int64() - zero;
    for (const json::object& record : records_of(experiment)) {
      ttft_ms.push_back(static_cast<double>(record.at("t_first_ns").as_int64() - record.at("t_start_ns").as_int64()) / 1e6);
      first_start = std::min(first_start, record.at("t_start_ns").as_int64() + offset);
      last_end = std::max(last_end, record.at("t_end_ns").as_int64() + offset);
    }
  }
  std::sort(ttft_ms.begin(), ttft_ms.end());
  ASSERT_EQ(ttft_ms.size(), 31u);

  const RunResult merged = merge({folder + "/merged", shards[0], shards[1], shards[2]});
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  EXPECT_NE(merged.output.find("Merged 31 records of 3 shards"), std::string::npos) << merged.output;
  const auto records = records_of(folder + "/merged");
  std::set<int64_t> indices;
  int64_t previous_end = INT64_MIN;
  for (const json::object& record : records) {
    indices.insert(record.at("request").as_int64());
    EXPECT_GE(record.at("t_end_ns").as_int64(), previous_end);  // in end-time order
    previous_end = record.at("t_end_ns").as_int64();
  }
  EXPECT_EQ(indices.size(), 31u);
  const json::object summary = read_json_file(folder + "/merged/summary.json").as_array().at(0).as_object();
  EXPECT_EQ(summary.at("requests").at("total"), 31);
  EXPECT_DOUBLE_EQ(summary.at("ttft_ms").at("p50").to_number<double>(), ttft_ms[15]);  // 31 values: the 16th
  EXPECT_DOUBLE_EQ(summary.at("ttft_ms").at("max").to_number<double>(), ttft_ms.back());
  EXPECT_NEAR(summary.at("duration_s").to_number<double>(), static_cast<double>(last_end - first_start) / 1e9, 1e-9);
  const json::value accounts = read_json_file(folder + "/merged/shards.json");
  ASSERT_EQ(accounts.at("shards").as_array().size(), 3u);
  EXPECT_EQ(accounts.at("shards").at(0).at("records"), 11);
  EXPECT_EQ(accounts.at("shards").at(1).at("records"), 10);
  EXPECT_FALSE(accounts.at("shards").at(2).at("summary").is_null());  // the shard's own summary, beside
  EXPECT_EQ(read_json_file(folder + "/merged/experiment.json").at("partial"), false);
  // The merged folder is a normal experiment folder: the reports are made from it.
  const RunResult report = run_genai_bench({"report", folder + "/merged"});
  EXPECT_EQ(report.exit_code, 0) << report.output;

  const RunResult missing = merge({folder + "/m2", shards[0], shards[2]});
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_NE(missing.output.find("shards missing of 3: 1 (not given)"), std::string::npos) << missing.output;
  const RunResult twice = merge({folder + "/m3", shards[0], shards[1], shards[0]});
  EXPECT_EQ(twice.exit_code, 1) << twice.output;
  EXPECT_NE(twice.output.find("shard 0 is given twice"), std::string::npos) << twice.output;
  std::string foreign = read_text(folder + "/shard-2/x/shard.json");
  const size_t hash = foreign.find("\"plan_sha256\": \"") + 16;
  foreign.replace(hash, 4, "0000");
  write_text(folder + "/shard-2/x/shard.json", foreign);
  const RunResult mixed = merge({folder + "/m4", shards[0], shards[1], shards[2]});
  EXPECT_EQ(mixed.exit_code, 1) << mixed.output;
  EXPECT_NE(mixed.output.find("a different plan (plan_sha256)"), std::string::npos) << mixed.output;

  const RunResult partial = merge({"--allow-partial", folder + "/partial", shards[0], shards[1]});
  ASSERT_EQ(partial.exit_code, 0) << partial.output;
  EXPECT_NE(partial.output.find("PARTIAL: shards 2 of 3 are missing"), std::string::npos) << partial.output;
  const json::value experiment = read_json_file(folder + "/partial/experiment.json");
  EXPECT_EQ(experiment.at("partial"), true);
  EXPECT_EQ(experiment.at("merged").at("missing_shards"), json::array({2}));
  EXPECT_EQ(records_of(folder + "/partial").size(), 21u);
}

TEST(Shards, AShardNotReadyInTimeStartsNothingAndSaysSo) {
  BodyKeepingServer server;
  const std::string folder = make_temporary_folder();
  const std::string an_hour_ago = std::to_string(realtime_ns() - 3'600'000'000'000);
  const RunResult late = run_genai_bench({"benchmark", "--api-base", server.server.base_url(), "--api-model-name", "m",
                                          "--traffic-scenario", "D(10,2)", "--num-concurrency", "2", "--max-requests-per-run",
                                          "4", "--shard", "1/2", "--start-at", an_hour_ago, "--output-dir", folder,
                                          "--experiment-name", "x", "--no-ui"});
  EXPECT_EQ(late.exit_code, 5) << late.output;
  EXPECT_NE(late.output.find("not ready by --start-at"), std::string::npos) << late.output;
  EXPECT_EQ(server.server.requests(), 0);
  const json::value shard = read_json_file(folder + "/x/shard.json");
  EXPECT_EQ(shard.at("status"), "missed_start");
  EXPECT_EQ(shard.at("exit_status"), 5);
}

TEST(Shards, ShardFlagsThatCannotWorkAreRefusedInALine) {
  const std::string folder = make_temporary_folder();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--shard", "3/3"}, "--shard 3/3: I must be a whole number from 0 to N-1 (2)"},
      {{"--shard", "auto/2"}, "neither JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) nor SLURM_PROCID (srun) is set"},
      {{"--shard", "0/3", "--num-concurrency", "2"}, "--shard 0/3: concurrency 2 cannot be shared by 3 shards"},
      {{"--start-at", "tomorrow"}, "--start-at 'tomorrow': not a time"},
  };
  for (const auto& [flags, expected] : cases) {
    std::vector<std::string> arguments = {"benchmark", "--output-dir", folder, "--no-ui", "--max-requests-per-run", "2"};
    arguments.insert(arguments.end(), flags.begin(), flags.end());
    const RunResult run = run_genai_bench(arguments);
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_NE(run.output.find(expected), std::string::npos) << run.output;
  }
}

}  // namespace
}  // namespace genai::testing
