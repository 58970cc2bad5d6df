// The rows the YAML-driven tool's users already parse: one per (case, concurrency), with
//   @timestamp,model,input_tokens,output_tokens,runs,num_concurrent_requests,TTFT (ms),TPOT (ms),Throughput (TPS)
// as CSV (header written when the file is new) or JSON Lines; appended, so a file is a history.
// Throughput (TPS) = 1000 / TPOT_ms * num_concurrent_requests, as that tool defines it.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"

namespace genai::report {

struct CaseRow {
  std::string timestamp;  // ISO 8601 UTC
  std::string model;
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  int64_t runs = 0;
  int64_t num_concurrent_requests = 0;
  double ttft_ms = 0;     // mean over every request of every run
  double tpot_ms = 0;     // likewise
  double throughput_tps = 0;
};

double case_throughput_tps(double tpot_ms, int64_t num_concurrent_requests);
Status append_case_row(const std::string& path, const std::string& format, const CaseRow& row);

}  // namespace genai::report
