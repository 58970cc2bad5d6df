// The Parquet reader's parts against hand-computed bytes (Thrift compact protocol, the RLE /
// bit-packed hybrid, DELTA_BINARY_PACKED, PLAIN values) and a hand-built file, whole and
// corrupted. Files from a real writer are checked by tests/reference/parquet_reference_test.sh.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "workload/parquet_budget.h"
#include "workload/parquet_delta.h"
#include "workload/parquet_file.h"
#include "workload/parquet_levels.h"
#include "workload/parquet_reader.h"
#include "workload/parquet_values.h"
#include "workload/thrift_compact.h"

namespace genai::workload {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (const int value : values) out.push_back(static_cast<char>(value));
  return out;
}

// ---------------------------------------------------------------- Thrift compact protocol

TEST(ThriftCompactReader, ReadsFieldsAndSkipsEveryOtherType) {
  const std::string data = bytes({
      0x15, 0x0a,                    // 1: i32 5 (zigzag 10)
      0x18, 0x02, 'a', 'b',          // 2: binary "ab"
      0x29, 0x25, 0x02, 0x01,        // 4: list<i32> [1, -1]
      0x06, 0x28, 0xd8, 0x04,        // 20 (long form, zigzag 40): i64 300 (zigzag 600)
      0x11,                          // 21: bool true, in the header
      0x1c, 0x17, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0x00,  // 22: struct {1: double 1.5}
      0x1b, 0x01, 0x58, 0x02, 0x01, 'x',               // 23: map<i32, binary> {1: "x"}
      0x1a, 0x13, 0x07,              // 24: set<byte> {7}
      0x1d, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,  // 25: uuid
      0x13, 0xff,                    // 26: byte -1
      0x19, 0x11, 0x01,              // 27: list<bool> [true]
      0x12,                          // 28: bool false
      0x00});
  ThriftCompactReader reader(data);
  int64_t i32 = 0, i64 = 0, byte = 0;
  std::string binary;
  std::vector<int64_t> list;
  bool flag = false, flag_false = true;
  std::vector<int16_t> skipped;
  reader.read_struct([&](const ThriftField& field) {
    switch (field.id) {
      case 1: i32 = reader.read_integer(field.type); break;
      case 2: binary = std::string(reader.read_binary(field.type)); break;
      case 4: reader.read_list(field.type, [&](ThriftType type) { list.push_back(reader.read_integer(type)); }); break;
      case 20: i64 = reader.read_integer(field.type); break;
      case 21: flag = reader.read_bool(field); break;
      case 26: byte = reader.read_integer(field.type); break;
      case 28: flag_false = reader.read_bool(field); break;
      default: skipped.push_back(field.id); reader.skip(field);
    }
  });
  ASSERT_FALSE(reader.failed()) << reader.error();
  EXPECT_EQ(i32, 5);
  EXPECT_EQ(binary, "ab");
  EXPECT_EQ(list, (std::vector<int64_t>{1, -1}));
  EXPECT_EQ(i64, 300);
  EXPECT_TRUE(flag);
  EXPECT_EQ(byte, -1);
  EXPECT_FALSE(flag_false);
  EXPECT_EQ(skipped, (std::vector<int16_t>{22, 23, 24, 25, 27}));
  EXPECT_EQ(reader.position(), data.size());
}

// Skips a whole struct; true when it failed.
bool skip_fails(const std::string& data) {
  ThriftCompactReader reader(data);
  reader.read_struct([&](const ThriftField& field) { reader.skip(field); });
  return reader.failed();
}

TEST(ThriftCompactReader, MalformedInputFailsWithoutReadingPastTheEnd) {
  EXPECT_TRUE(skip_fails(bytes({0x15})));                      // value missing
  EXPECT_TRUE(skip_fails(bytes({0x18, 0x05, 'a'})));           // string longer than the data
  EXPECT_TRUE(skip_fails(bytes({0x19, 0xf5, 0xe8, 0x07, 1})));  // list of 1000 elements in 1 byte
  EXPECT_TRUE(skip_fails(bytes({0x1b, 0x7f, 0x55, 0x00})));    // map of 127 entries in 1 byte
  EXPECT_TRUE(skip_fails(bytes({0x16, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00})));  // 11-byte varint
  EXPECT_TRUE(skip_fails(bytes({0x1e, 0x00})));                // type 14 does not exist
  EXPECT_TRUE(skip_fails(bytes({0x15, 0x02})));                // no stop
  EXPECT_TRUE(skip_fails(std::string(200, '\x1c')));           // structs nested 200 deep
  EXPECT_FALSE(skip_fails(bytes({0x1c, 0x1c, 0x00, 0x00, 0x00})));
  // Reading a field as the wrong type is an error, not a misread.
  const std::string binary = bytes({0x18, 0x01, 'a', 0x00});
  ThriftCompactReader reader(binary);
  reader.read_struct([&](const ThriftField& field) { reader.read_integer(field.type); });
  EXPECT_TRUE(reader.failed());
}

// ---------------------------------------------------------------- levels

TEST(RleBitPackedHybrid, DecodesRunsAndBitPackedGroups) {
  // Run of 5 fours (header 5 << 1), then one bit-packed group (header 1 << 1 | 1) of 0..7 at
  // 3 bits: the example of Encodings.md, 10001000 11000110 11111010.
  const std::string data = bytes({0x0a, 0x04, 0x03, 0x88, 0xc6, 0xfa});
  std::vector<uint32_t> values;
  ASSERT_TRUE(decode_rle_bit_packed(data, 3, 13, values));
  EXPECT_EQ(values, (std::vector<uint32_t>{4, 4, 4, 4, 4, 0, 1, 2, 3, 4, 5, 6, 7}));
  values.clear();
  ASSERT_TRUE(decode_rle_bit_packed(data, 3, 7, values));  // stopping inside the group
  EXPECT_EQ(values, (std::vector<uint32_t>{4, 4, 4, 4, 4, 0, 1}));
  values.clear();
  EXPECT_FALSE(decode_rle_bit_packed(data, 3, 14, values));  // more than there are
  EXPECT_FALSE(decode_rle_bit_packed(data, 33, 1, values));
  EXPECT_FALSE(decode_rle_bit_packed(bytes({0x03, 0x88}), 3, 8, values));  // group cut short
  // A 2-byte run value (bit width 9): 0x0123 little-endian, twice.
  values.clear();
  ASSERT_TRUE(decode_rle_bit_packed(bytes({0x04, 0x23, 0x01}), 9, 2, values));
  EXPECT_EQ(values, (std::vector<uint32_t>{0x123, 0x123}));
  // A run of a billion costs nothing until values are asked for.
  values.clear();
  ASSERT_TRUE(decode_rle_bit_packed(bytes({0x80, 0xa8, 0xd6, 0xb9, 0x07, 0x01}), 1, 3, values));
  EXPECT_EQ(values, (std::vector<uint32_t>{1, 1, 1}));
}

TEST(RleBitPackedHybrid, LengthPrefixedAndDeprecatedBitPacked) {
  std::string_view data("\x02\x00\x00\x00\x03\x05rest", 10);
  std::vector<uint32_t> values;
  ASSERT_TRUE(decode_length_prefixed_rle(data, 1, 3, values));
  EXPECT_EQ(values, (std::vector<uint32_t>{1, 0, 1}));
  EXPECT_EQ(data, "rest");
  std::string_view truncated("\x09\x00\x00\x00\x03", 5);
  EXPECT_FALSE(decode_length_prefixed_rle(truncated, 1, 3, values));
  // BIT_PACKED levels, most significant bit first (Encodings.md): 0..7 at 3 bits.
  std::string msb = bytes({0x05, 0x39, 0x77});
  std::string_view view = msb;
  values.clear();
  ASSERT_TRUE(decode_msb_bit_packed(view, 3, 8, values));
  EXPECT_EQ(values, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_TRUE(view.empty());
  EXPECT_EQ(bit_width_of(0), 0);
  EXPECT_EQ(bit_width_of(1), 1);
  EXPECT_EQ(bit_width_of(2), 2);
  EXPECT_EQ(bit_width_of(3), 2);
}

// ---------------------------------------------------------------- delta encodings

TEST(DeltaBinaryPacked, DecodesTheSpecificationsExamples) {
  // 1..5: block 128, 4 miniblocks, 5 values, first 1 (zigzag 2), min delta 1, all widths 0.
  std::string first = bytes({0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0});
  std::string_view view = first;
  std::vector<int64_t> values;
  ASSERT_TRUE(decode_delta_binary_packed(view, 5, values));
  EXPECT_EQ(values, (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(view.empty());
  // 7, 5, 3, 1, 2, 3, 4, 5: min delta -2 (zigzag 3), deltas less it 0 0 0 3 3 3 3 at 2 bits in the
  // first miniblock (32 values, 8 bytes), the others not stored.
  std::string second = bytes({0x80, 0x01, 0x04, 0x08, 0x0e, 0x03, 2, 0, 0, 0, 0xc0, 0xff, 0, 0, 0, 0, 0, 0, 'x'});
  view = second;
  values.clear();
  ASSERT_TRUE(decode_delta_binary_packed(view, 8, values));
  EXPECT_EQ(values, (std::vector<int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
  EXPECT_EQ(view, "x");
  view = second;
  EXPECT_FALSE(decode_delta_binary_packed(view, 9, values));  // the header says 8
  std::string bad_block = bytes({0x81, 0x01, 0x04, 0x01, 0x00});  // block size 129
  view = bad_block;
  EXPECT_FALSE(decode_delta_binary_packed(view, 1, values));
}

TEST(DeltaByteArray, RebuildsValuesFromPrefixesAndSuffixes) {
  // "ab", "abc", "b": prefixes 0, 2, 0 and suffixes "ab", "c", "b" (lengths 2, 1, 1). Prefixes:
  // first 0, deltas 2, -2: min -2 (zigzag 3), less it 4, 0 at 3 bits (byte 0x04), 12-byte miniblock.
  const std::string prefixes = bytes({0x80, 0x01, 0x04, 0x03, 0x00, 0x03, 3, 0, 0, 0, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  // Lengths 2, 1, 1: first 2 (zigzag 4), deltas -1, 0: min -1 (zigzag 1), less it 0, 1 at 1 bit.
  const std::string lengths = bytes({0x80, 0x01, 0x04, 0x03, 0x04, 0x01, 1, 0, 0, 0, 0x02, 0, 0, 0});
  ParquetBudget budget(1 << 20);
  std::vector<std::string> values;
  ASSERT_TRUE(decode_delta_byte_array(prefixes + lengths + "abcb", 3, budget, values));
  EXPECT_EQ(values, (std::vector<std::string>{"ab", "abc", "b"}));
  values.clear();
  const std::string suffixes = lengths + "abcb";
  std::string_view view = suffixes;
  ASSERT_TRUE(decode_delta_length_byte_array(view, 3, budget, values));
  EXPECT_EQ(values, (std::vector<std::string>{"ab", "c", "b"}));
  values.clear();
  EXPECT_FALSE(decode_delta_byte_array(prefixes + lengths + "abc", 3, budget, values));  // suffix bytes missing
}

// ---------------------------------------------------------------- values

TEST(ParquetValues, PlainValuesBecomeBytesOrText) {
  ParquetBudget budget(1 << 20);
  std::vector<std::string> out;
  ParquetLeaf leaf;
  leaf.type = ParquetType::int32;
  ASSERT_TRUE(decode_parquet_values(leaf, parquet_encoding::plain, bytes({7, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff}), 2, nullptr,
                                    budget, out));
  leaf.type = ParquetType::boolean;
  ASSERT_TRUE(decode_parquet_values(leaf, parquet_encoding::plain, bytes({0x05}), 3, nullptr, budget, out));
  leaf.type = ParquetType::double_;
  ASSERT_TRUE(decode_parquet_values(leaf, parquet_encoding::plain, bytes({0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f}), 1,
                                    nullptr, budget, out));
  leaf.type = ParquetType::float_;
  ASSERT_TRUE(decode_parquet_values(leaf, parquet_encoding::plain, bytes({0x00, 0x00, 0xc0, 0x3f}), 1, nullptr, budget, out));
  leaf.type = ParquetType::byte_array;
  ASSERT_TRUE(decode_parquet_values(leaf, parquet_encoding::plain, bytes({2, 0, 0, 0, 'h', 'i', 0, 0, 0, 0}), 2, nullptr,
                                    budget, out));
  EXPECT_EQ(out, (std::vector<std::string>{"7", "-2", "true", "false", "true", "0.1", "1.5", "hi", ""}));
  EXPECT_FALSE(decode_parquet_values(leaf, parquet_encoding::plain, bytes({9, 0, 0, 0, 'h'}), 1, nullptr, budget, out));
  const std::vector<std::string> dictionary{"zero", "one"};
  out.clear();
  // Bit width 1, one bit-packed group: 1, 0, 1.
  ASSERT_TRUE(decode_parquet_values(leaf, parquet_encoding::rle_dictionary, bytes({1, 0x03, 0x05}), 3, &dictionary, budget, out));
  EXPECT_EQ(out, (std::vector<std::string>{"one", "zero", "one"}));
  const std::vector<std::string> small{"only"};
  EXPECT_FALSE(decode_parquet_values(leaf, parquet_encoding::rle_dictionary, bytes({1, 0x03, 0x05}), 3, &small, budget, out));
  const Status unsupported = decode_parquet_values(leaf, 1, "", 1, nullptr, budget, out);
  ASSERT_FALSE(unsupported);
  EXPECT_NE(unsupported.error().find("GROUP_VAR_INT"), std::string::npos);
}

TEST(ParquetValues, TheBudgetStopsAmplification) {
  // One dictionary entry of 1 KiB repeated a billion times by a 6-byte run.
  ParquetBudget budget(1 << 20);
  const std::vector<std::string> dictionary{std::string(1024, 'x')};
  std::vector<std::string> out;
  ParquetLeaf leaf;
  const Status status = decode_parquet_values(leaf, parquet_encoding::rle_dictionary, bytes({0, 0x80, 0xa8, 0xd6, 0xb9, 0x07, 0x00}),
                                              1000000000, &dictionary, budget, out);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().find("limit"), std::string::npos) << status.error();
}

// ---------------------------------------------------------------- whole files

// Writes the compact protocol, for building footers and page headers by hand.
class ThriftWriter {
 public:
  void i32(int16_t id, int64_t value) { integer(id, 5, value); }
  void i64(int16_t id, int64_t value) { integer(id, 6, value); }
  void binary(int16_t id, const std::string& value) {
    header(id, 8);
    varint(value.size());
    out_ += value;
  }
  void begin_struct(int16_t id) {
    header(id, 12);
    enter();
  }
  void end_struct() {
    out_.push_back(0);
    last_ = ids_.back();
    ids_.pop_back();
  }
  void begin_list(int16_t id, int element_type, size_t size) {
    header(id, 9);
    out_.push_back(static_cast<char>(size << 4 | element_type));
  }
  void begin_element() { enter(); }  // a struct in a list
  void element_string(const std::string& value) {
    varint(value.size());
    out_ += value;
  }
  void element_i32(int64_t value) { varint(zigzag(value)); }
  std::string finish() {
    out_.push_back(0);
    return out_;
  }

 private:
  static uint64_t zigzag(int64_t value) { return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63); }
  void enter() {
    ids_.push_back(last_);
    last_ = 0;
  }
  void header(int16_t id, int type) {
    out_.push_back(static_cast<char>((id - last_) << 4 | type));
    last_ = id;
  }
  void integer(int16_t id, int type, int64_t value) {
    header(id, type);
    varint(zigzag(value));
  }
  void varint(uint64_t value) {
    while (value >= 0x80) {
      out_.push_back(static_cast<char>(value | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
  }
  std::string out_;
  int16_t last_ = 0;
  std::vector<int16_t> ids_;
};

std::string data_page_v1(int32_t value_count, const std::string& body) {
  ThriftWriter page;
  page.i32(1, 0);  // DATA_PAGE
  page.i32(2, static_cast<int64_t>(body.size()));
  page.i32(3, static_cast<int64_t>(body.size()));
  page.begin_struct(5);
  page.i32(1, value_count);
  page.i32(2, 0);  // PLAIN
  page.i32(3, 3);  // RLE levels
  page.i32(4, 3);
  page.end_struct();
  return page.finish() + body;
}

struct Chunk {
  int type;
  int64_t offset;
  int64_t size;
  int64_t value_count;
};

// A file of a required INT32 column "x" and an optional BYTE_ARRAY column "s" in one row group
// of three rows: x = 7, 8, 9 and s = "a", null, "bc".
std::string hand_built_file(int64_t row_count = 3) {
  std::string file = "PAR1";
  const std::string x_page = data_page_v1(3, bytes({7, 0, 0, 0, 8, 0, 0, 0, 9, 0, 0, 0}));
  // Definition levels 1, 0, 1 (length-prefixed hybrid: one bit-packed group), then "a" and "bc".
  const std::string s_page = data_page_v1(3, bytes({2, 0, 0, 0, 0x03, 0x05, 1, 0, 0, 0, 'a', 2, 0, 0, 0, 'b', 'c'}));
  const std::vector<Chunk> chunks{{1, 4, static_cast<int64_t>(x_page.size()), 3},
                                  {6, 4 + static_cast<int64_t>(x_page.size()), static_cast<int64_t>(s_page.size()), 3}};
  file += x_page + s_page;

  ThriftWriter footer;
  footer.i32(1, 1);
  footer.begin_list(2, 12, 3);
  footer.begin_element();
  footer.binary(4, "schema");
  footer.i32(5, 2);
  footer.end_struct();
  footer.begin_element();
  footer.i32(1, 1);
  footer.i32(3, 0);
  footer.binary(4, "x");
  footer.end_struct();
  footer.begin_element();
  footer.i32(1, 6);
  footer.i32(3, 1);
  footer.binary(4, "s");
  footer.end_struct();
  footer.i64(3, row_count);
  footer.begin_list(4, 12, 1);
  footer.begin_element();
  footer.begin_list(1, 12, chunks.size());
  for (const Chunk& chunk : chunks) {
    footer.begin_element();
    footer.i64(2, chunk.offset);
    footer.begin_struct(3);
    footer.i32(1, chunk.type);
    footer.begin_list(2, 5, 1);
    footer.element_i32(0);
    footer.begin_list(3, 8, 1);
    footer.element_string(chunk.type == 1 ? "x" : "s");
    footer.i32(4, 0);  // UNCOMPRESSED
    footer.i64(5, chunk.value_count);
    footer.i64(6, chunk.size);
    footer.i64(7, chunk.size);
    footer.i64(9, chunk.offset);
    footer.end_struct();
    footer.end_struct();
  }
  footer.i64(2, 100);
  footer.i64(3, row_count);
  footer.end_struct();
  const std::string metadata = footer.finish();
  file += metadata;
  const auto size = static_cast<uint32_t>(metadata.size());
  for (int i = 0; i < 4; ++i) file.push_back(static_cast<char>(size >> (8 * i)));
  return file + "PAR1";
}

using Rows = std::vector<std::vector<std::string>>;

TEST(ParquetFile, ReadsAHandBuiltFile) {
  const std::string file = hand_built_file();
  auto leaves = parquet_leaf_columns_from_bytes(file);
  ASSERT_TRUE(leaves) << leaves.error();
  EXPECT_EQ(*leaves, (std::vector<std::string>{"x", "s"}));
  auto table = read_parquet_from_bytes(file, {"s", "x", "s"});
  ASSERT_TRUE(table) << table.error();
  EXPECT_EQ(table->row_count, 3u);
  ASSERT_EQ(table->columns.size(), 3u);
  EXPECT_EQ(table->columns[0].path, "s");
  EXPECT_EQ(table->columns[0].rows, (Rows{{"a"}, {}, {"bc"}}));
  EXPECT_EQ(table->columns[1].rows, (Rows{{"7"}, {"8"}, {"9"}}));
  EXPECT_EQ(table->columns[2].rows, table->columns[0].rows);
}

TEST(ParquetFile, ReadsFromAPathAndNamesTheFileInErrors) {
  const std::string path = (std::filesystem::temp_directory_path() / ("parquet_reader_test_" + std::to_string(getpid()) + ".parquet")).string();
  std::ofstream(path, std::ios::binary) << hand_built_file();
  auto table = read_parquet(path, {"x"});
  ASSERT_TRUE(table) << table.error();
  EXPECT_EQ(table->columns[0].rows, (Rows{{"7"}, {"8"}, {"9"}}));
  auto missing = read_parquet(path, {"question"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), path + ": no column 'question'; the columns are: x, s");
  std::remove(path.c_str());
  auto absent = parquet_leaf_columns(path);
  ASSERT_FALSE(absent);
  EXPECT_NE(absent.error().find(path), std::string::npos);
}

TEST(ParquetFile, RefusesWhatIsNotAParquetFile) {
  EXPECT_FALSE(read_parquet_from_bytes("", {}));
  EXPECT_FALSE(read_parquet_from_bytes("PAR1PAR1", {}));
  EXPECT_FALSE(read_parquet_from_bytes("PAR1\xff\xff\xff\x7fPAR1", {}));  // footer longer than the file
  const auto encrypted = read_parquet_from_bytes("PAR1xxxxxxxxPARE", {});
  ASSERT_FALSE(encrypted);
  EXPECT_NE(encrypted.error().find("encrypted"), std::string::npos);
}

TEST(ParquetFile, ARowCountThatDisagreesWithThePagesIsAnError) {
  auto table = read_parquet_from_bytes(hand_built_file(4), {"x"});
  ASSERT_FALSE(table);
  EXPECT_NE(table.error().find("rows"), std::string::npos) << table.error();
  // A footer claiming 2^40 rows is refused before anything is allocated for them.
  auto huge = read_parquet_from_bytes(hand_built_file(int64_t{1} << 40), {"x"});
  ASSERT_FALSE(huge);
  EXPECT_NE(huge.error().find("limit"), std::string::npos) << huge.error();
}

// Every truncation and every flipped bit of a valid file reads as a value or an error: never a
// crash, a hang or a read outside the file (the sanitized build checks the last).
TEST(ParquetFile, CorruptedFilesGiveErrorsNotCrashes) {
  const std::string file = hand_built_file();
  ParquetLimits limits;
  limits.max_decoded_bytes = 1 << 20;
  size_t errors = 0;
  for (size_t size = 0; size < file.size(); ++size) {
    errors += !read_parquet_from_bytes(std::string_view(file).substr(0, size), {"x", "s"}, limits);
  }
  EXPECT_EQ(errors, file.size());
  for (size_t position = 0; position < file.size(); ++position) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string corrupt = file;
      corrupt[position] = static_cast<char>(corrupt[position] ^ (1 << bit));
      auto table = read_parquet_from_bytes(corrupt, {"x", "s"}, limits);
      if (table) {
        EXPECT_EQ(table->columns.size(), 2u);
      }
      (void)parquet_leaf_columns_from_bytes(corrupt);
    }
  }
}

}  // namespace
}  // namespace genai::workload
