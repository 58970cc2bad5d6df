// Reads columns of a Parquet file: the format the Hugging Face Hub stores most datasets in (and
// converts every other one to, on its refs/convert/parquet branch). Only what prompt datasets
// need: leaf columns by their dotted path, values as bytes (strings, binary image bytes) or as
// text (numbers, booleans), lists of them per row.
// Hand-written: Debian 12 packages no Parquet library (Apache Arrow is not in it); the format's
// Thrift footer, page headers and encodings are specified at github.com/apache/parquet-format.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace genai::workload {

struct ParquetColumn {
  std::string path;  // dotted, as asked: "question", "image.bytes", "messages.list.element.content"
  // One entry per row: the row's values of this leaf in order. A plain column has one value, or
  // none where it is null; a leaf inside a list has as many as the row's list holds.
  std::vector<std::vector<std::string>> rows;
};

struct ParquetTable {
  size_t row_count = 0;
  std::vector<ParquetColumn> columns;  // in the order asked for
};

// The dotted paths of every leaf column, in schema order (to choose columns, and to name what
// is there when a column asked for is not).
Result<std::vector<std::string>> parquet_leaf_columns(const std::string& path);

// Reads the named leaf columns of every row group. BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY values are
// their bytes; INT32, INT64 and BOOLEAN values are decimal text / "true" "false"; FLOAT and
// DOUBLE the shortest text that reads back the same. Errors are one line naming the file and what
// is wrong or unsupported (a column that is not there lists those that are).
// Reads what pyarrow, arrow-rs and parquet-mr write: data pages v1 and v2; PLAIN, dictionary,
// RLE booleans, the DELTA_* and BYTE_STREAM_SPLIT encodings; uncompressed, SNAPPY, GZIP, ZSTD,
// LZ4_RAW, LZ4 and BROTLI pages. Refused with an error: INT96 columns, LZO, encrypted files, and
// columns that would decode to more than 4 GiB (a corrupt or hostile file cannot exhaust memory).
Result<ParquetTable> read_parquet(const std::string& path, const std::vector<std::string>& columns);

}  // namespace genai::workload
