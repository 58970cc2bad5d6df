// The RLE / bit-packed hybrid: a varint header whose low bit says what follows, either a value
// repeated (header >> 1) times in ceil(bit_width / 8) little-endian bytes, or (header >> 1)
// groups of 8 values packed least significant bit first.
#include "workload/parquet_levels.h"

#include <algorithm>
#include <string>

namespace genai::workload {
namespace {

bool read_varint(std::string_view bytes, size_t& position, uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64 && position < bytes.size(); shift += 7) {
    const auto byte = static_cast<uint8_t>(bytes[position++]);
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

}  // namespace

uint64_t read_packed_bits(const uint8_t* data, uint64_t bit_offset, int bit_width) {
  if (bit_width == 0) return 0;
  const uint8_t* first = data + bit_offset / 8;
  const int shift = static_cast<int>(bit_offset % 8);
  const int bytes_spanned = (shift + bit_width + 7) / 8;  // at most 9
  uint64_t value = 0;
  for (int i = 0; i < std::min(bytes_spanned, 8); ++i) value |= static_cast<uint64_t>(first[i]) << (8 * i);
  value >>= shift;
  if (bytes_spanned == 9) value |= static_cast<uint64_t>(first[8]) << (64 - shift);
  return bit_width == 64 ? value : value & ((uint64_t{1} << bit_width) - 1);
}

int bit_width_of(uint32_t max_value) {
  int width = 0;
  while (max_value >> width != 0) ++width;
  return width;
}

Status decode_rle_bit_packed(std::string_view bytes, int bit_width, size_t count, std::vector<uint32_t>& out) {
  if (bit_width < 0 || bit_width > 32) return make_error("RLE bit width " + std::to_string(bit_width) + " is over 32");
  const size_t value_bytes = static_cast<size_t>(bit_width + 7) / 8;
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t position = 0;
  size_t left = count;
  while (left > 0) {
    uint64_t header = 0;
    if (!read_varint(bytes, position, header)) return make_error("RLE data ends before its " + std::to_string(count) + " values");
    const uint64_t run = header >> 1;
    if ((header & 1) == 0) {  // one value repeated
      if (bytes.size() - position < value_bytes) return make_error("RLE run value runs past the end");
      uint32_t value = 0;
      for (size_t i = 0; i < value_bytes; ++i) value |= static_cast<uint32_t>(data[position + i]) << (8 * i);
      position += value_bytes;
      const size_t taken = static_cast<size_t>(std::min<uint64_t>(run, left));
      out.insert(out.end(), taken, value);
      left -= taken;
      continue;
    }
    // Bit-packed groups: the last run may be cut short by the end of the data, as long as the
    // values still wanted are there.
    const uint64_t run_values = run * 8;
    const size_t taken = static_cast<size_t>(std::min<uint64_t>(run_values, left));
    const uint64_t bits_available = static_cast<uint64_t>(bytes.size() - position) * 8;
    if (static_cast<uint64_t>(taken) * static_cast<uint64_t>(bit_width) > bits_available) {
      return make_error("bit-packed run runs past the end");
    }
    for (size_t i = 0; i < taken; ++i) {
      out.push_back(static_cast<uint32_t>(read_packed_bits(data + position, uint64_t{i} * bit_width, bit_width)));
    }
    left -= taken;
    position += static_cast<size_t>(std::min<uint64_t>(run * static_cast<uint64_t>(bit_width), bytes.size() - position));
  }
  return Ok{};
}

Status decode_length_prefixed_rle(std::string_view& bytes, int bit_width, size_t count, std::vector<uint32_t>& out) {
  if (bytes.size() < 4) return make_error("RLE length prefix runs past the end");
  uint32_t size = 0;
  for (int i = 0; i < 4; ++i) size |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[static_cast<size_t>(i)])) << (8 * i);
  if (size > bytes.size() - 4) return make_error("RLE data of " + std::to_string(size) + " bytes runs past the end");
  const Status status = decode_rle_bit_packed(bytes.substr(4, size), bit_width, count, out);
  bytes.remove_prefix(4 + size);
  return status;
}

Status decode_msb_bit_packed(std::string_view& bytes, int bit_width, size_t count, std::vector<uint32_t>& out) {
  if (bit_width < 0 || bit_width > 32) return make_error("bit width " + std::to_string(bit_width) + " is over 32");
  const uint64_t size = (static_cast<uint64_t>(count) * static_cast<uint64_t>(bit_width) + 7) / 8;
  if (size > bytes.size()) return make_error("bit-packed levels run past the end");
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  uint64_t bit = 0;
  for (size_t i = 0; i < count; ++i) {
    uint32_t value = 0;
    for (int b = 0; b < bit_width; ++b, ++bit) value = (value << 1) | ((data[bit / 8] >> (7 - bit % 8)) & 1);
    out.push_back(value);
  }
  bytes.remove_prefix(static_cast<size_t>(size));
  return Ok{};
}

}  // namespace genai::workload
