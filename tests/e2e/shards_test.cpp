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
