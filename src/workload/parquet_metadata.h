// The parts of a Parquet file's Thrift metadata that reading columns needs: the schema as leaf
// columns (dotted path, physical type, maximum definition and repetition levels), the row groups'
// column chunks, and page headers. Field ids are those of parquet.thrift (apache/parquet-format).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace genai::workload {

// parquet.thrift enum values, kept as the integers the file holds: an unknown value must reach
// the error message as it is.
enum class ParquetType : int32_t {
  boolean = 0, int32 = 1, int64 = 2, int96 = 3, float_ = 4, double_ = 5, byte_array = 6, fixed_len_byte_array = 7,
};
namespace parquet_encoding {
constexpr int32_t plain = 0, plain_dictionary = 2, rle = 3, bit_packed = 4, delta_binary_packed = 5,
                  delta_length_byte_array = 6, delta_byte_array = 7, rle_dictionary = 8, byte_stream_split = 9;
}
namespace parquet_codec {
constexpr int32_t uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4_raw = 7;
}
namespace parquet_page {
constexpr int32_t data = 0, index = 1, dictionary = 2, data_v2 = 3;
}

std::string parquet_encoding_name(int32_t encoding);
std::string parquet_codec_name(int32_t codec);
std::string parquet_type_name(ParquetType type);

struct ParquetLeaf {
  std::string path;  // the names from the root's child down, joined with '.'
  ParquetType type = ParquetType::byte_array;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY's value size
  int max_definition_level = 0;
  int max_repetition_level = 0;
};

struct ParquetChunkMetadata {
  bool present = false;  // false when the chunk's metadata is encrypted or in another file
  int32_t codec = parquet_codec::uncompressed;
  int64_t value_count = 0;  // level entries: values, nulls and empty lists
  int64_t start_offset = 0;  // the dictionary page's, else the first data page's
  int64_t compressed_size = 0;
};

struct ParquetRowGroup {
  int64_t row_count = 0;
  std::vector<ParquetChunkMetadata> chunks;  // one per wanted leaf, in the order wanted
};

// Leaf columns of the footer's schema, in schema order.
Result<std::vector<ParquetLeaf>> parse_parquet_schema(std::string_view footer);

// The row groups, keeping the chunks of the leaves at `wanted_leaves` (indexes into the schema's
// leaves) only: the footer of a wide file holds many more than a caller reads.
Result<std::vector<ParquetRowGroup>> parse_parquet_row_groups(std::string_view footer, size_t leaf_count,
                                                              const std::vector<size_t>& wanted_leaves);

struct ParquetPageHeader {
  int32_t type = -1;
  int32_t uncompressed_size = 0;
  int32_t compressed_size = 0;
  int32_t value_count = 0;  // level entries in a data page; entries of a dictionary page
  int32_t encoding = parquet_encoding::plain;
  int32_t definition_level_encoding = parquet_encoding::rle;  // data page v1 only
  int32_t repetition_level_encoding = parquet_encoding::rle;
  // Data page v2: the level sections' sizes, stored uncompressed ahead of the values.
  int32_t null_count = 0;
  int32_t definition_levels_size = 0;
  int32_t repetition_levels_size = 0;
  bool values_compressed = true;
  size_t header_size = 0;  // bytes the Thrift header took
};

// The page header at the start of `bytes`.
Result<ParquetPageHeader> parse_parquet_page_header(std::string_view bytes);

}  // namespace genai::workload
