// Decodes one column chunk (one leaf column of one row group): walks its pages, decompresses
// them, decodes levels and values, and puts the values back into rows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "workload/parquet_budget.h"
#include "workload/parquet_metadata.h"

namespace genai::workload {

// Appends the chunk's `row_count` rows to `rows`: for each row, the leaf's values in order (none
// for a null or an empty list). `chunk_bytes` are the chunk's pages, from its first page on.
Status read_parquet_column_chunk(const ParquetLeaf& leaf, const ParquetChunkMetadata& chunk, std::string_view chunk_bytes,
                                 int64_t row_count, ParquetBudget& budget,
                                 std::vector<std::vector<std::string>>& rows);

}  // namespace genai::workload
