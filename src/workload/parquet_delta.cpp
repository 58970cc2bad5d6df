// DELTA_BINARY_PACKED: a header (block size, miniblocks per block, value count, first value),
// then blocks of a minimum delta and per-miniblock bit widths, each miniblock's deltas (less the
// minimum) bit-packed. The byte-array encodings are built on it.
#include "workload/parquet_delta.h"

#include <algorithm>

#include "workload/parquet_levels.h"

namespace genai::workload {
namespace {

bool read_varint(std::string_view& bytes, uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64 && !bytes.empty(); shift += 7) {
    const auto byte = static_cast<uint8_t>(bytes.front());
    bytes.remove_prefix(1);
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

uint64_t zigzag(uint64_t value) { return (value >> 1) ^ (~(value & 1) + 1); }

Error corrupt(const std::string& what) { return make_error("corrupt DELTA_BINARY_PACKED data: " + what); }

// One miniblock: `wanted` deltas of `bit_width` bits added on to `last`.
Status read_miniblock(std::string_view& bytes, int bit_width, size_t per_miniblock, size_t wanted, uint64_t min_delta,
                      uint64_t& last, std::vector<int64_t>& out) {
  if (bit_width > 64) return corrupt("bit width " + std::to_string(bit_width));
  const uint64_t bits_needed = static_cast<uint64_t>(wanted) * static_cast<uint64_t>(bit_width);
  if (bits_needed > static_cast<uint64_t>(bytes.size()) * 8) return corrupt("a miniblock runs past the end");
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  for (size_t i = 0; i < wanted; ++i) {
    last += min_delta + read_packed_bits(data, uint64_t{i} * bit_width, bit_width);
    out.push_back(static_cast<int64_t>(last));
  }
  // The last miniblock is padded to full size; tolerate writers that cut it short.
  bytes.remove_prefix(std::min(bytes.size(), per_miniblock * static_cast<size_t>(bit_width) / 8));
  return Ok{};
}

}  // namespace

Status decode_delta_binary_packed(std::string_view& bytes, size_t count, std::vector<int64_t>& out) {
  uint64_t block_size = 0, miniblock_count = 0, total = 0, first = 0;
  if (!read_varint(bytes, block_size) || !read_varint(bytes, miniblock_count) || !read_varint(bytes, total) ||
      !read_varint(bytes, first)) {
    return corrupt("the header runs past the end");
  }
  if (block_size == 0 || block_size % 128 != 0 || block_size > (1u << 20) || miniblock_count == 0 ||
      block_size % miniblock_count != 0 || (block_size / miniblock_count) % 32 != 0) {
    return corrupt("block size " + std::to_string(block_size) + " in " + std::to_string(miniblock_count) + " miniblocks");
  }
  if (total != count) return corrupt(std::to_string(total) + " values where " + std::to_string(count) + " are expected");
  const size_t per_miniblock = static_cast<size_t>(block_size / miniblock_count);
  out.reserve(out.size() + count);
  if (count == 0) return Ok{};
  uint64_t last = zigzag(first);
  out.push_back(static_cast<int64_t>(last));
  size_t left = count - 1;
  while (left > 0) {
    uint64_t min_delta = 0;
    if (!read_varint(bytes, min_delta)) return corrupt("a block header runs past the end");
    min_delta = zigzag(min_delta);
    if (bytes.size() < miniblock_count) return corrupt("the bit widths run past the end");
    const std::string_view widths = bytes.substr(0, static_cast<size_t>(miniblock_count));
    bytes.remove_prefix(static_cast<size_t>(miniblock_count));
    // Miniblocks after the last value are not stored at all.
    for (size_t miniblock = 0; miniblock < widths.size() && left > 0; ++miniblock) {
      const size_t wanted = std::min(left, per_miniblock);
      const Status status = read_miniblock(bytes, static_cast<uint8_t>(widths[miniblock]), per_miniblock, wanted,
                                           min_delta, last, out);
      if (!status) return status;
      left -= wanted;
    }
  }
  return Ok{};
}

Status decode_delta_length_byte_array(std::string_view& bytes, size_t count, ParquetBudget& budget,
                                      std::vector<std::string>& out) {
  std::vector<int64_t> lengths;
  if (Status status = decode_delta_binary_packed(bytes, count, lengths); !status) return status;
  for (const int64_t length : lengths) {
    if (length < 0 || static_cast<uint64_t>(length) > bytes.size()) {
      return make_error("corrupt DELTA_LENGTH_BYTE_ARRAY data: a value runs past the end");
    }
    if (!budget.charge(static_cast<uint64_t>(length))) return over_budget(budget);
    out.emplace_back(bytes.substr(0, static_cast<size_t>(length)));
    bytes.remove_prefix(static_cast<size_t>(length));
  }
  return Ok{};
}

Status decode_delta_byte_array(std::string_view bytes, size_t count, ParquetBudget& budget, std::vector<std::string>& out) {
  std::vector<int64_t> prefix_lengths;
  if (Status status = decode_delta_binary_packed(bytes, count, prefix_lengths); !status) return status;
  std::vector<std::string> suffixes;
  if (Status status = decode_delta_length_byte_array(bytes, count, budget, suffixes); !status) return status;
  std::string_view previous;
  const size_t first = out.size();
  out.reserve(first + count);  // `previous` views the last value: no reallocation may move it
  for (size_t i = 0; i < count; ++i) {
    const int64_t prefix = prefix_lengths[i];
    if (prefix < 0 || static_cast<uint64_t>(prefix) > previous.size()) {
      return make_error("corrupt DELTA_BYTE_ARRAY data: a prefix longer than the value before");
    }
    // The suffixes were charged already; the prefixes are the bytes a few bytes of file can multiply.
    if (!budget.charge(static_cast<uint64_t>(prefix))) return over_budget(budget);
    std::string value;
    value.reserve(static_cast<size_t>(prefix) + suffixes[i].size());
    value.append(previous.substr(0, static_cast<size_t>(prefix))).append(suffixes[i]);
    out.push_back(std::move(value));
    previous = out[first + i];
  }
  return Ok{};
}

}  // namespace genai::workload
