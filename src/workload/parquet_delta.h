// The delta encodings of Parquet (Encodings.md): DELTA_BINARY_PACKED integers,
// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY strings, which data page v2 writers choose.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "workload/parquet_budget.h"

namespace genai::workload {

// Exactly `count` integers (the stream's header must say so), wrapping like the writer's
// arithmetic: an INT32 column's values are the low 32 bits. Advances `bytes` past the stream.
Status decode_delta_binary_packed(std::string_view& bytes, size_t count, std::vector<int64_t>& out);

// Lengths (delta binary packed), then the values' bytes one after another. The budget is charged
// for the values' bytes; their count is the caller's to charge.
Status decode_delta_length_byte_array(std::string_view& bytes, size_t count, ParquetBudget& budget,
                                      std::vector<std::string>& out);

// Each value shares a prefix with the one before: prefix lengths (delta binary packed), then the
// suffixes (delta length byte array).
Status decode_delta_byte_array(std::string_view bytes, size_t count, ParquetBudget& budget, std::vector<std::string>& out);

}  // namespace genai::workload
