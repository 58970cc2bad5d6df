// Reading a Parquet file that is already in memory: what parquet_reader.h's functions do once the
// file is mapped, and what the fuzz target and unit tests call with bytes of their own.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "workload/parquet_reader.h"

namespace genai::workload {

struct ParquetLimits {
  // Memory the decoded columns may take (values, rows, levels; see parquet_budget.h). A dataset's
  // prompts are far less; a file that decodes to more is refused rather than exhausting memory.
  uint64_t max_decoded_bytes = uint64_t{4} << 30;
};

// Errors here do not name the file; the callers of parquet_reader.h add it.
Result<std::vector<std::string>> parquet_leaf_columns_from_bytes(std::string_view file);
Result<ParquetTable> read_parquet_from_bytes(std::string_view file, const std::vector<std::string>& columns,
                                             const ParquetLimits& limits = {});

}  // namespace genai::workload
