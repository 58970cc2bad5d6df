// Decompresses a Parquet page with its column chunk's codec: UNCOMPRESSED, SNAPPY, GZIP, ZSTD,
// LZ4_RAW, LZ4 (Hadoop framing, as arrow-rs and parquet-mr write it) and BROTLI. LZO is refused.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace genai::workload {

// The page's bytes decompressed into `out`, which must come to exactly `uncompressed_size`
// bytes (the page header's). Memory grows with the output actually produced, never ahead of it
// to a size a corrupt header claims.
Status decompress_parquet_page(int32_t codec, std::string_view compressed, size_t uncompressed_size, std::string& out);

}  // namespace genai::workload
