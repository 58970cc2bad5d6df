// Parquet's RLE / bit-packed hybrid (Encodings.md, "Run Length Encoding / Bit-Packing Hybrid"):
// definition and repetition levels, dictionary indexes and RLE booleans are all stored in it.
// Also the deprecated BIT_PACKED level encoding, and the little-endian bit unpacking the delta
// encodings share.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace genai::workload {

// Decodes `count` values of `bit_width` bits (0..32) from a hybrid stream without a length prefix,
// appending them to `out`. Runs that go on past `count` are fine (the last bit-packed group is
// padded to 8 values); running out of data before `count` values is an error.
Status decode_rle_bit_packed(std::string_view bytes, int bit_width, size_t count, std::vector<uint32_t>& out);

// The hybrid stream preceded by its 4-byte little-endian length, as levels in data page v1 and
// RLE booleans are stored. Advances `bytes` past it.
Status decode_length_prefixed_rle(std::string_view& bytes, int bit_width, size_t count, std::vector<uint32_t>& out);

// The deprecated BIT_PACKED levels: `count` values packed from the most significant bit down, no
// length prefix. Advances `bytes` past them.
Status decode_msb_bit_packed(std::string_view& bytes, int bit_width, size_t count, std::vector<uint32_t>& out);

// The `bit_width` (0..64) bits at `bit_offset` of `data`, least significant bit first. The caller
// has checked that they lie within the data.
uint64_t read_packed_bits(const uint8_t* data, uint64_t bit_offset, int bit_width);

// Bits needed for values 0..max_value: a level's width in the hybrid encoding.
int bit_width_of(uint32_t max_value);

}  // namespace genai::workload
