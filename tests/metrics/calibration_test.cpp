#include "metrics/calibration.h"

#include <gtest/gtest.h>

namespace genai::metrics {
namespace {

constexpr int64_t kOrigin = 5'000'000'000;  // the experiment's start on the steady clock

// A request of run 0 started 1 ms into the experiment; the server wrote its 3 content events at
// 101, 121 and 141 ms (absolute: origin + those), each due 0.5 ms earlier. The client saw them
// at 101.02, 121.05 and 141.03 ms: TTFT error 0.02 ms, E2E error 0.03 ms; its gaps 20.03 and
// 19.98 ms against the server's 20 and 20: ITL errors 0.03 and -0.02 ms; lateness 0.5 ms each.
TEST(Calibration, ClientMinusServerForTheSameEvents) {
  RequestRecord record;
  record.run_index = 0;
  record.request_index = 7;
  record.t_start_ns = 1'000'000;
  record.t_first_ns = 101'020'000;
  record.itl_us = {20'030, 19'980};
  record.t_end_ns = 141'030'000;
  ServerWrites writes;
  writes.written_ns = {kOrigin + 101'000'000, kOrigin + 121'000'000, kOrigin + 141'000'000};
  for (int64_t written : writes.written_ns) writes.due_ns.push_back(written - 500'000);
  // Another request of run 1 the server never logged, and one of run 1 with a content count that
  // does not match (paired by neither).
  RequestRecord unlogged = record;
  unlogged.run_index = 1;
  RequestRecord mismatched = record;
  mismatched.run_index = 1;
  mismatched.request_index = 8;
  ServerWrites two_writes = writes;
  two_writes.written_ns.pop_back();
  two_writes.due_ns.pop_back();
  const std::unordered_map<std::string, ServerWrites> by_id = {{"0.7", writes}, {"1.8", two_writes}};

  const std::vector<CalibrationRun> runs = calibrate_runs({record, unlogged, mismatched}, by_id, kOrigin);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].paired, 1u);
  EXPECT_NEAR(runs[0].ttft_error_ms.max, 0.02, 1e-9);
  EXPECT_NEAR(runs[0].e2e_error_ms.max, 0.03, 1e-9);
  EXPECT_EQ(runs[0].itl_error_ms.count, 2u);
  EXPECT_NEAR(runs[0].itl_error_ms.max, 0.03, 1e-9);
  EXPECT_NEAR(runs[0].itl_error_ms.min, -0.02, 1e-9);
  EXPECT_NEAR(runs[0].mock_lateness_ms.mean, 0.5, 1e-9);
  EXPECT_EQ(runs[1].requests, 2u);
  EXPECT_EQ(runs[1].paired, 0u);
  EXPECT_EQ(runs[1].ttft_error_ms.count, 0u);
}

TEST(Calibration, RequestIdsAreRunDotRequest) { EXPECT_EQ(calibration_request_id(3, 41), "3.41"); }

}  // namespace
}  // namespace genai::metrics
