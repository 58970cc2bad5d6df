// The Thrift compact protocol as Parquet uses it:
// github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md
#include "workload/thrift_compact.h"

namespace genai::workload {
namespace {

// Real footers nest a handful of levels; the limit keeps a hostile one from exhausting the stack.
constexpr int kMaxNesting = 64;

int64_t zigzag_decode(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

}  // namespace

void ThriftCompactReader::fail(const std::string& message) {
  if (error_.empty()) error_ = message + " (at byte " + std::to_string(position_) + ")";
  position_ = bytes_.size();
}

bool ThriftCompactReader::expect(bool condition, const char* what) {
  if (!condition && !failed()) fail(std::string("expected ") + what);
  return condition && !failed();
}

bool ThriftCompactReader::enter_nested() {
  if (failed()) return false;
  if (depth_ >= kMaxNesting) {
    fail("Thrift structures nested too deeply");
    return false;
  }
  ++depth_;
  return true;
}

uint8_t ThriftCompactReader::read_byte() {
  if (position_ >= bytes_.size()) {
    fail("unexpected end of Thrift data");
    return 0;
  }
  return static_cast<uint8_t>(bytes_[position_++]);
}

uint64_t ThriftCompactReader::read_varint() {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const uint8_t byte = read_byte();
    if (failed()) return 0;
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  fail("Thrift varint longer than 10 bytes");
  return 0;
}

ThriftField ThriftCompactReader::next_field(int16_t& last_id) {
  const uint8_t header = read_byte();
  if (failed()) return {};
  ThriftField field;
  field.type = static_cast<ThriftType>(header & 0x0f);
  if (field.type == ThriftType::stop) return field;
  if (field.type > ThriftType::uuid) {
    fail("unknown Thrift type " + std::to_string(header & 0x0f));
    return {};
  }
  const int delta = header >> 4;
  // A delta of 0 means the id follows in full (ids that jump back or by more than 15).
  field.id = delta != 0 ? static_cast<int16_t>(last_id + delta) : static_cast<int16_t>(zigzag_decode(read_varint()));
  last_id = field.id;
  if (failed()) return {};
  return field;
}

size_t ThriftCompactReader::list_header(ThriftType& element_type) {
  const uint8_t header = read_byte();
  element_type = static_cast<ThriftType>(header & 0x0f);
  uint64_t size = header >> 4;
  if (size == 15) size = read_varint();
  if (failed()) return 0;
  // Every element takes at least one byte, so a size beyond what is left is a lie.
  if (size > bytes_.size() - position_) {
    fail("Thrift list of " + std::to_string(size) + " elements in " + std::to_string(bytes_.size() - position_) +
         " bytes");
    return 0;
  }
  return static_cast<size_t>(size);
}

int64_t ThriftCompactReader::read_integer(ThriftType type) {
  switch (type) {
    case ThriftType::byte: return static_cast<int8_t>(read_byte());
    case ThriftType::i16:
    case ThriftType::i32:
    case ThriftType::i64: return zigzag_decode(read_varint());
    default: expect(false, "an integer"); return 0;
  }
}

std::string_view ThriftCompactReader::read_binary(ThriftType type) {
  if (!expect(type == ThriftType::binary, "a string")) return {};
  const uint64_t size = read_varint();
  if (failed()) return {};
  if (size > bytes_.size() - position_) {
    fail("Thrift string of " + std::to_string(size) + " bytes runs past the end");
    return {};
  }
  const std::string_view value = bytes_.substr(position_, static_cast<size_t>(size));
  position_ += static_cast<size_t>(size);
  return value;
}

void ThriftCompactReader::skip_value(ThriftType type, bool in_collection) {
  switch (type) {
    case ThriftType::bool_true:
    case ThriftType::bool_false:
      if (in_collection) read_byte();  // a field's bool lives in its header
      return;
    case ThriftType::byte: read_byte(); return;
    case ThriftType::i16:
    case ThriftType::i32:
    case ThriftType::i64: read_varint(); return;
    case ThriftType::double_:
      for (int i = 0; i < 8; ++i) read_byte();
      return;
    case ThriftType::uuid:
      for (int i = 0; i < 16; ++i) read_byte();
      return;
    case ThriftType::binary: read_binary(type); return;
    case ThriftType::list:
    case ThriftType::set:
      read_list(type, [this](ThriftType element) { skip_element(element); });
      return;
    case ThriftType::map: {
      const uint64_t size = read_varint();
      if (size == 0 || failed()) return;
      const uint8_t types = read_byte();
      // Each entry takes at least two bytes.
      if (size > (bytes_.size() - position_) / 2) {
        fail("Thrift map larger than its data");
        return;
      }
      if (!enter_nested()) return;
      for (uint64_t i = 0; i < size && !failed(); ++i) {
        skip_value(static_cast<ThriftType>(types >> 4), true);
        skip_value(static_cast<ThriftType>(types & 0x0f), true);
      }
      --depth_;
      return;
    }
    case ThriftType::struct_:
      read_struct([this](const ThriftField& field) { skip(field); });
      return;
    case ThriftType::stop: break;
  }
  fail("unknown Thrift type " + std::to_string(static_cast<int>(type)));
}

}  // namespace genai::workload
