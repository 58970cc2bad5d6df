#include "metrics/calibration.h"

#include <map>

namespace genai::metrics {

std::string calibration_request_id(uint32_t run_index, uint64_t request_index) {
  return std::to_string(run_index) + "." + std::to_string(request_index);
}

namespace {

struct RunErrors {
  uint64_t requests = 0, paired = 0;
  std::vector<double> ttft, itl, e2e, lateness;
};

constexpr double kNsPerMs = 1e6;

}  // namespace

std::vector<CalibrationRun> calibrate_runs(const std::vector<RequestRecord>& records,
                                           const std::unordered_map<std::string, ServerWrites>& writes_by_id,
                                           int64_t origin_ns) {
  std::map<uint32_t, RunErrors> by_run;
  for (const RequestRecord& record : records) {
    RunErrors& run = by_run[record.run_index];
    if (!record.ok() || !record.has_first_token()) continue;
    ++run.requests;
    const auto found = writes_by_id.find(calibration_request_id(record.run_index, record.request_index));
    if (found == writes_by_id.end()) continue;
    const ServerWrites& writes = found->second;
    if (writes.written_ns.size() != record.itl_us.size() + 1) continue;
    ++run.paired;
    run.ttft.push_back(static_cast<double>(origin_ns + record.t_first_ns - writes.written_ns.front()) / kNsPerMs);
    run.e2e.push_back(static_cast<double>(origin_ns + record.t_end_ns - writes.written_ns.back()) / kNsPerMs);
    for (size_t i = 0; i < record.itl_us.size(); ++i) {
      const double server_gap_us = static_cast<double>(writes.written_ns[i + 1] - writes.written_ns[i]) / 1e3;
      run.itl.push_back((static_cast<double>(record.itl_us[i]) - server_gap_us) / 1e3);
    }
    for (size_t i = 0; i < writes.written_ns.size(); ++i) {
      run.lateness.push_back(static_cast<double>(writes.written_ns[i] - writes.due_ns[i]) / kNsPerMs);
    }
  }
  std::vector<CalibrationRun> runs;
  for (auto& [index, errors] : by_run) {
    CalibrationRun run;
    run.run_index = index;
    run.requests = errors.requests;
    run.paired = errors.paired;
    run.ttft_error_ms = compute_statistics(std::move(errors.ttft));
    run.itl_error_ms = compute_statistics(std::move(errors.itl));
    run.e2e_error_ms = compute_statistics(std::move(errors.e2e));
    run.mock_lateness_ms = compute_statistics(std::move(errors.lateness));
    runs.push_back(std::move(run));
  }
  return runs;
}

}  // namespace genai::metrics
