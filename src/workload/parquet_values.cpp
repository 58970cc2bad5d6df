// One function per encoding. Numbers become the text a reader of the dataset would write: decimal
// integers, and for FLOAT and DOUBLE the shortest text that reads back as the same value.
#include "workload/parquet_values.h"

#include <charconv>
#include <cstring>

#include "workload/parquet_delta.h"
#include "workload/parquet_levels.h"

namespace genai::workload {
namespace {

template <class Number>
std::string number_text(Number value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

template <class Number>
Number load(const char* bytes) {  // Parquet is little-endian, as is every machine we build for
  Number value;
  std::memcpy(&value, bytes, sizeof value);
  return value;
}

// A fixed-size value's text (or bytes) from its `size` bytes.
std::string fixed_value_text(ParquetType type, const char* bytes, size_t size) {
  switch (type) {
    case ParquetType::int32: return number_text(load<int32_t>(bytes));
    case ParquetType::int64: return number_text(load<int64_t>(bytes));
    case ParquetType::float_: return number_text(load<float>(bytes));
    case ParquetType::double_: return number_text(load<double>(bytes));
    default: return std::string(bytes, size);
  }
}

// Bytes per value of the fixed-size types; 0 for BOOLEAN (bits) and BYTE_ARRAY (length-prefixed).
size_t fixed_size(const ParquetLeaf& leaf) {
  switch (leaf.type) {
    case ParquetType::int32:
    case ParquetType::float_: return 4;
    case ParquetType::int64:
    case ParquetType::double_: return 8;
    case ParquetType::int96: return 12;
    case ParquetType::fixed_len_byte_array: return static_cast<size_t>(leaf.type_length);
    default: return 0;
  }
}

// Each value's overhead was charged with the count, up front; its bytes are charged here.
Status append(ParquetBudget& budget, std::vector<std::string>& out, std::string value) {
  if (!budget.charge(value.size())) return over_budget(budget);
  out.push_back(std::move(value));
  return Ok{};
}

Status decode_plain(const ParquetLeaf& leaf, std::string_view bytes, size_t count, ParquetBudget& budget,
                    std::vector<std::string>& out) {
  if (leaf.type == ParquetType::boolean) {
    if (count > bytes.size() * 8) return make_error("PLAIN booleans run past the end of the page");
    for (size_t i = 0; i < count; ++i) {
      const bool bit = (static_cast<uint8_t>(bytes[i / 8]) >> (i % 8)) & 1;
      if (Status status = append(budget, out, bit ? "true" : "false"); !status) return status;
    }
    return Ok{};
  }
  if (leaf.type == ParquetType::byte_array) {
    for (size_t i = 0; i < count; ++i) {
      if (bytes.size() < 4) return make_error("PLAIN byte arrays run past the end of the page");
      const uint32_t length = load<uint32_t>(bytes.data());
      if (length > bytes.size() - 4) return make_error("a PLAIN byte array runs past the end of the page");
      if (Status status = append(budget, out, std::string(bytes.substr(4, length))); !status) return status;
      bytes.remove_prefix(4 + static_cast<size_t>(length));
    }
    return Ok{};
  }
  if (leaf.type == ParquetType::int96) return make_error("INT96 (legacy timestamps) is not supported");
  const size_t size = fixed_size(leaf);
  if (size != 0 && count > bytes.size() / size) return make_error("PLAIN values run past the end of the page");
  for (size_t i = 0; i < count; ++i) {
    if (Status status = append(budget, out, fixed_value_text(leaf.type, bytes.data() + i * size, size)); !status) {
      return status;
    }
  }
  return Ok{};
}

Status decode_dictionary_indexes(std::string_view bytes, size_t count, const std::vector<std::string>* dictionary,
                                 ParquetBudget& budget, std::vector<std::string>& out) {
  if (dictionary == nullptr) return make_error("dictionary-encoded values without a dictionary page");
  if (bytes.empty()) return make_error("dictionary indexes without their bit width");
  std::vector<uint32_t> indexes;
  indexes.reserve(count);
  const Status status = decode_rle_bit_packed(bytes.substr(1), static_cast<uint8_t>(bytes[0]), count, indexes);
  if (!status) return make_error("dictionary indexes: " + status.error());
  for (const uint32_t index : indexes) {
    if (index >= dictionary->size()) {
      return make_error("dictionary index " + std::to_string(index) + " of a dictionary of " +
                        std::to_string(dictionary->size()));
    }
    const std::string& value = (*dictionary)[index];
    if (!budget.charge(value.size())) return over_budget(budget);
    out.push_back(value);
  }
  return Ok{};
}

Status decode_rle_booleans(std::string_view bytes, size_t count, ParquetBudget& budget, std::vector<std::string>& out) {
  std::vector<uint32_t> bits;
  bits.reserve(count);
  if (Status status = decode_length_prefixed_rle(bytes, 1, count, bits); !status) return make_error("RLE booleans: " + status.error());
  for (const uint32_t bit : bits) {
    if (Status status = append(budget, out, bit != 0 ? "true" : "false"); !status) return status;
  }
  return Ok{};
}

// The k-th bytes of all values, then the (k+1)-th, ...: value i's byte k is at k * stride + i.
Status decode_byte_stream_split(const ParquetLeaf& leaf, std::string_view bytes, size_t count, ParquetBudget& budget,
                                std::vector<std::string>& out) {
  const size_t size = fixed_size(leaf);
  if (size == 0 || leaf.type == ParquetType::int96) {
    return make_error("BYTE_STREAM_SPLIT for " + parquet_type_name(leaf.type));
  }
  const size_t stride = bytes.size() / size;
  if (stride < count) return make_error("BYTE_STREAM_SPLIT values run past the end of the page");
  std::string value(size, '\0');
  for (size_t i = 0; i < count; ++i) {
    for (size_t k = 0; k < size; ++k) value[k] = bytes[k * stride + i];
    if (Status status = append(budget, out, fixed_value_text(leaf.type, value.data(), size)); !status) return status;
  }
  return Ok{};
}

Status decode_delta_integers(const ParquetLeaf& leaf, std::string_view bytes, size_t count, ParquetBudget& budget,
                             std::vector<std::string>& out) {
  if (leaf.type != ParquetType::int32 && leaf.type != ParquetType::int64) {
    return make_error("DELTA_BINARY_PACKED for " + parquet_type_name(leaf.type));
  }
  std::vector<int64_t> numbers;
  if (Status status = decode_delta_binary_packed(bytes, count, numbers); !status) return status;
  for (const int64_t number : numbers) {
    std::string text = leaf.type == ParquetType::int32 ? number_text(static_cast<int32_t>(number)) : number_text(number);
    if (Status status = append(budget, out, std::move(text)); !status) return status;
  }
  return Ok{};
}

}  // namespace

Status decode_parquet_values(const ParquetLeaf& leaf, int32_t encoding, std::string_view bytes, size_t count,
                             const std::vector<std::string>* dictionary, ParquetBudget& budget,
                             std::vector<std::string>& out) {
  // Charged before anything is decoded: a count from a corrupt header must not size a vector.
  if (count > budget.limit() / kValueOverheadBytes || !budget.charge(count * kValueOverheadBytes)) {
    return over_budget(budget);
  }
  const bool byte_array = leaf.type == ParquetType::byte_array;
  switch (encoding) {
    case parquet_encoding::plain: return decode_plain(leaf, bytes, count, budget, out);
    case parquet_encoding::plain_dictionary:
    case parquet_encoding::rle_dictionary: return decode_dictionary_indexes(bytes, count, dictionary, budget, out);
    case parquet_encoding::rle:
      if (leaf.type != ParquetType::boolean) break;
      return decode_rle_booleans(bytes, count, budget, out);
    case parquet_encoding::delta_binary_packed: return decode_delta_integers(leaf, bytes, count, budget, out);
    case parquet_encoding::delta_length_byte_array:
      if (!byte_array) break;
      return decode_delta_length_byte_array(bytes, count, budget, out);
    case parquet_encoding::delta_byte_array:
      if (!byte_array && leaf.type != ParquetType::fixed_len_byte_array) break;
      return decode_delta_byte_array(bytes, count, budget, out);
    case parquet_encoding::byte_stream_split: return decode_byte_stream_split(leaf, bytes, count, budget, out);
    default: return make_error("unsupported encoding " + parquet_encoding_name(encoding));
  }
  return make_error("encoding " + parquet_encoding_name(encoding) + " for " + parquet_type_name(leaf.type));
}

}  // namespace genai::workload
