// Fuzzes the Parquet reader (workload/parquet_*: the Thrift footer, page headers, levels, every
// encoding and codec) with arbitrary files. Any input must give a table or an error: no crash,
// no read outside the file, no allocation beyond the reader's budget (kept small here, so a
// decompression or dictionary bomb fails fast instead of filling memory).
// Input: the file. The columns read are every leaf the footer names, so a mutated footer reaches
// the pages of each column.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "workload/parquet_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view file(reinterpret_cast<const char*>(data), size);
  auto leaves = genai::workload::parquet_leaf_columns_from_bytes(file);
  if (!leaves) return 0;
  genai::workload::ParquetLimits limits;
  limits.max_decoded_bytes = 64 << 20;
  auto table = genai::workload::read_parquet_from_bytes(file, *leaves, limits);
  if (!table) {
    FUZZ_CHECK(!table.error().empty(), "an error without a message");
    return 0;
  }
  FUZZ_CHECK(table->columns.size() == leaves->size(), "%zu columns read of %zu asked", table->columns.size(), leaves->size());
  for (size_t i = 0; i < leaves->size(); ++i) {
    FUZZ_CHECK(table->columns[i].path == (*leaves)[i], "column %zu is %s", i, table->columns[i].path.c_str());
    FUZZ_CHECK(table->columns[i].rows.size() == table->row_count, "column %s has %zu rows of %zu",
               table->columns[i].path.c_str(), table->columns[i].rows.size(), table->row_count);
  }
  return 0;
}
