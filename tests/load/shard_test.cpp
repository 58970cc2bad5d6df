#include "load/shard.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "load/open_loop.h"
#include "load/request_feed.h"
#include "support/load_fixture.h"

namespace genai::load {
namespace {

EnvironmentLookup environment(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const char* name) -> const char* {
    const auto found = values.find(name);
    return found == values.end() ? nullptr : found->second.c_str();
  };
}

TEST(Shard, ParsesAnIndexOrTakesItFromKubernetesOrSlurm) {
  const auto none = environment({});
  auto given = parse_shard("2/3", none);
  ASSERT_TRUE(given) << given.error();
  EXPECT_EQ(given->index, 2u);
  EXPECT_EQ(given->count, 3u);

  auto kubernetes = parse_shard("auto/4", environment({{"JOB_COMPLETION_INDEX", "3"}, {"SLURM_PROCID", "1"}}));
  ASSERT_TRUE(kubernetes) << kubernetes.error();
  EXPECT_EQ(kubernetes->index, 3u);  // the Indexed Job's index comes first
  auto slurm = parse_shard("auto/4", environment({{"SLURM_PROCID", "1"}}));
  ASSERT_TRUE(slurm) << slurm.error();
  EXPECT_EQ(slurm->index, 1u);

  const auto neither = parse_shard("auto/4", none);
  ASSERT_FALSE(neither);
  EXPECT_NE(neither.error().find("JOB_COMPLETION_INDEX"), std::string::npos) << neither.error();
  EXPECT_NE(neither.error().find("SLURM_PROCID"), std::string::npos) << neither.error();
  const auto beyond = parse_shard("auto/4", environment({{"JOB_COMPLETION_INDEX", "4"}}));
  ASSERT_FALSE(beyond);
  EXPECT_NE(beyond.error().find("not below N=4"), std::string::npos) << beyond.error();
  for (const char* bad : {"3/3", "1/0", "x/2", "1", "-1/2", "1/2/3", "auto/", "/2", "1/ 2"}) {
    const auto refused = parse_shard(bad, none);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().rfind("--shard ", 0), 0u) << refused.error();
    EXPECT_EQ(refused.error().find('\n'), std::string::npos);
  }
}

TEST(Shard, IntegerQuantitiesSplitSoThePartsSumExactly) {
  for (uint32_t count = 1; count <= 7; ++count) {
    for (uint64_t quantity : {0u, 1u, 2u, 6u, 7u, 8u, 100u, 1001u}) {
      uint64_t sum = 0, smallest = UINT64_MAX, largest = 0;
      std::set<uint64_t> items;
      for (uint32_t index = 0; index < count; ++index) {
        const Shard shard{index, count};
        const uint64_t part = shard.part_of(quantity);
        sum += part;
        smallest = std::min(smallest, part);
        largest = std::max(largest, part);
        for (uint64_t local = 0; local < part; ++local) {
          ASSERT_TRUE(shard.owns(shard.global(local)));
          ASSERT_TRUE(items.insert(shard.global(local)).second) << "item given twice";
        }
      }
      EXPECT_EQ(sum, quantity) << quantity << " over " << count;
      EXPECT_LE(largest - smallest, 1u);  // as even as integers allow
      ASSERT_EQ(items.size(), quantity);
      if (quantity > 0) {
        EXPECT_EQ(*items.rbegin(), quantity - 1);  // exactly the items 0 .. Q-1
      }
    }
  }
}

using Fixture = testing::LoadFixture;

// What one shard's feed hands out: index -> (due time, request bytes).
std::map<uint64_t, std::pair<int64_t, std::string>> shard_requests(Fixture& fixture, Shard shard) {
  fixture.plan.shard = shard;
  const std::vector<int64_t> schedule = open_loop_schedule(fixture.plan, fixture.target);
  RequestFeed feed(fixture.target, fixture.plan, fixture.plan.first_request_index, schedule.size(), 16, false);
  std::map<uint64_t, std::pair<int64_t, std::string>> taken;
  while (auto next = feed.next()) {
    EXPECT_TRUE(shard.owns(next->index - fixture.plan.first_request_index));
    const int64_t due = schedule.at(next->index - fixture.plan.first_request_index);
    EXPECT_TRUE(taken.emplace(next->index, std::make_pair(due, next->request.bytes)).second);
  }
  return taken;
}

// The unsharded open-loop run's requests (indices, due times, bytes) are exactly the union of the
// shards' for every N, and a request's prompt is the same whatever N is.
TEST(Shard, TheShardsOpenLoopSchedulesTogetherAreTheUnshardedOne) {
  for (uint64_t seed : {42u, 7u, 123456789u}) {
    Fixture fixture;
    fixture.target.seed = seed;
    fixture.plan.run_index = 2;
    fixture.plan.first_request_index = 500;
    fixture.plan.max_requests = 203;
    fixture.plan.arrival = workload::Arrival{};
    fixture.plan.arrival->rate = 50;
    const auto whole = shard_requests(fixture, Shard{});
    ASSERT_EQ(whole.size(), 203u);
    for (uint32_t count = 1; count <= 7; ++count) {
      std::map<uint64_t, std::pair<int64_t, std::string>> united;
      for (uint32_t index = 0; index < count; ++index) {
        const auto part = shard_requests(fixture, Shard{index, count});
        EXPECT_EQ(part.size(), (Shard{index, count}.part_of(203)));
        for (const auto& [request, due_and_bytes] : part) ASSERT_TRUE(united.emplace(request, due_and_bytes).second);
      }
      EXPECT_EQ(united, whole) << "seed " << seed << ", N " << count;
    }
  }
}

}  // namespace
}  // namespace genai::load
