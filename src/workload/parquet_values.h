// Turns a page's encoded values into what ParquetColumn holds: bytes for BYTE_ARRAY and
// FIXED_LEN_BYTE_ARRAY, text for numbers and booleans.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "workload/parquet_budget.h"
#include "workload/parquet_metadata.h"

namespace genai::workload {

// Appends the `count` values that `bytes` holds in `encoding` to `out`. Dictionary encodings look
// their indexes up in `dictionary` (nullptr when the chunk has none). Errors say what is wrong;
// the caller adds the column.
Status decode_parquet_values(const ParquetLeaf& leaf, int32_t encoding, std::string_view bytes, size_t count,
                             const std::vector<std::string>* dictionary, ParquetBudget& budget,
                             std::vector<std::string>& out);

}  // namespace genai::workload
