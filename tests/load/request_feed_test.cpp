#include "load/request_feed.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <thread>

#include "support/load_fixture.h"

namespace genai::load {
namespace {

using Fixture = testing::LoadFixture;

// Four users drain the feed at once: every index of the budget comes out exactly once, each
// request the same bytes prepare_request builds for that index (so a rerun sends the same).
void expect_each_index_once(bool background) {
  Fixture fixture;
  constexpr uint64_t kFirst = 1000, kCount = 500;
  fixture.plan.run_index = 3;
  RequestFeed feed(fixture.target, fixture.plan, kFirst, kCount, 32, background);
  std::mutex mutex;
  std::vector<RequestFeed::Next> taken;
  std::vector<std::thread> users;
  for (int user = 0; user < 4; ++user) {
    users.emplace_back([&] {
      while (auto next = feed.next()) {
        std::lock_guard lock(mutex);
        taken.push_back(std::move(*next));
      }
    });
  }
  for (auto& user : users) user.join();
  ASSERT_EQ(taken.size(), kCount);
  std::sort(taken.begin(), taken.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
  for (uint64_t i = 0; i < kCount; ++i) {
    ASSERT_EQ(taken[i].index, kFirst + i);
    EXPECT_EQ(taken[i].request.bytes, prepare_request(fixture.target, fixture.plan, kFirst + i).bytes);
  }
  EXPECT_FALSE(feed.next());
}

TEST(RequestFeed, BuiltAheadEveryRequestComesOutOnceAndAsPrepared) { expect_each_index_once(true); }
TEST(RequestFeed, BuiltByUsersEveryRequestComesOutOnceAndAsPrepared) { expect_each_index_once(false); }

TEST(RequestFeed, AFullQueueLeavesUsersNothingToBuild) {
  Fixture fixture;
  RequestFeed feed(fixture.target, fixture.plan, 0, 100, 100, true);
  feed.wait_until_full();
  int taken = 0;
  while (feed.next()) ++taken;
  EXPECT_EQ(taken, 100);
  EXPECT_EQ(feed.built_by_users(), 0u);
}

TEST(RequestFeed, ATimeBoundRunStopsCleanlyWithRequestsLeftInTheQueue) {
  Fixture fixture;
  RequestFeed feed(fixture.target, fixture.plan, 0, UINT64_MAX, 16, true);
  feed.wait_until_full();
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(feed.next());
}  // the destructor stops the producer, which is waiting for room

// Shared prefixes go first as a system message, taken in turn by request index.
TEST(PrepareRequest, SharedPrefixesAreSystemMessagesTakenInTurn) {
  Fixture fixture;
  fixture.target.shared_prefixes = {{"PREFIX-ZERO", 3}, {"PREFIX-ONE", 3}};
  for (uint64_t index : {0u, 1u, 2u, 5u}) {
    const PreparedRequest request = prepare_request(fixture.target, fixture.plan, index);
    const std::string expected = index % 2 == 0 ? "PREFIX-ZERO" : "PREFIX-ONE";
    const std::string other = index % 2 == 0 ? "PREFIX-ONE" : "PREFIX-ZERO";
    EXPECT_NE(request.bytes.find("\"messages\":[{\"role\":\"system\",\"content\":\"" + expected + "\"},{\"role\":\"user\""),
              std::string::npos) << request.bytes;
    EXPECT_EQ(request.bytes.find(other), std::string::npos);
    const PreparedRequest plain = prepare_request(Fixture().target, fixture.plan, index);
    EXPECT_EQ(request.estimated_input_tokens, plain.estimated_input_tokens + 3);
  }
}

}  // namespace
}  // namespace genai::load
