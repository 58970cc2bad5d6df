// Reads the Thrift compact protocol, the encoding of a Parquet file's footer and page headers.
// Bounds-checked: a read past the end or a malformed value sets a sticky error and every later
// read returns nothing, so parsers loop over fields without checking each step and test
// `failed()` once at the end; loops always end because a failed reader reports no more fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace genai::workload {

// The wire types of the compact protocol (the low nibble of a field header).
enum class ThriftType : uint8_t {
  stop = 0, bool_true = 1, bool_false = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double_ = 7,
  binary = 8, list = 9, set = 10, map = 11, struct_ = 12, uuid = 13,
};

struct ThriftField {
  int16_t id = 0;
  ThriftType type = ThriftType::stop;
};

class ThriftCompactReader {
 public:
  explicit ThriftCompactReader(std::string_view bytes) : bytes_(bytes) {}

  // Calls on_field(field) for each field of the struct that starts here; on_field must consume
  // the field's value (read_* or skip). Nested structs are read by calling read_struct again.
  template <class OnField>
  void read_struct(OnField&& on_field) {
    if (!enter_nested()) return;
    int16_t last_id = 0;
    for (ThriftField field = next_field(last_id); field.type != ThriftType::stop; field = next_field(last_id)) {
      on_field(field);
    }
    --depth_;
  }

  // Calls on_element(element_type) once per element of the list (or set) that starts here.
  template <class OnElement>
  void read_list(ThriftType type, OnElement&& on_element) {
    if (!expect(type == ThriftType::list || type == ThriftType::set, "a list")) return;
    ThriftType element_type;
    const size_t size = list_header(element_type);
    if (!enter_nested()) return;
    for (size_t i = 0; i < size && !failed(); ++i) on_element(element_type);
    --depth_;
  }

  // Integers of any width (i8, i16, i32, i64) as the field or list element `type` holds them.
  int64_t read_integer(ThriftType type);
  // A field's bool is in its header; a list's bool elements are one byte each.
  bool read_bool(const ThriftField& field) const { return field.type == ThriftType::bool_true; }
  // Binary and string values; the view points into the reader's bytes.
  std::string_view read_binary(ThriftType type);
  void skip(const ThriftField& field) { skip_value(field.type, /*in_collection=*/false); }
  void skip_element(ThriftType type) { skip_value(type, /*in_collection=*/true); }

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  // Sets the error (the first one wins), for the parsers on top to report what they expected.
  void fail(const std::string& message);
  size_t position() const { return position_; }

 private:
  ThriftField next_field(int16_t& last_id);
  size_t list_header(ThriftType& element_type);
  void skip_value(ThriftType type, bool in_collection);
  bool enter_nested();
  bool expect(bool condition, const char* what);
  uint8_t read_byte();
  uint64_t read_varint();

  std::string_view bytes_;
  size_t position_ = 0;
  int depth_ = 0;
  std::string error_;
};

}  // namespace genai::workload
