// Test-only: prints Parquet columns as genai-bench's reader sees them, for
// parquet_reference_test.sh to compare with what the writers were given.
// Usage: parquet_dump FILE COLUMN...   one block per column: "column PATH", then one line per row,
//                                      a JSON array of the row's values in hex (values are bytes)
//        parquet_dump --leaves FILE    the leaf columns' dotted paths, one a line
#include <cstdio>
#include <string>
#include <vector>

#include "workload/parquet_reader.h"

namespace {

std::string hex(const std::string& bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(bytes.size() * 2);
  for (const unsigned char byte : bytes) {
    text.push_back(kDigits[byte >> 4]);
    text.push_back(kDigits[byte & 15]);
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::string(argv[1]) == "--leaves") {
    auto leaves = genai::workload::parquet_leaf_columns(argv[2]);
    if (!leaves) {
      std::fprintf(stderr, "%s\n", leaves.error().c_str());
      return 1;
    }
    for (const std::string& leaf : *leaves) std::printf("%s\n", leaf.c_str());
    return 0;
  }
  if (argc < 2) {
    std::fprintf(stderr, "usage: parquet_dump FILE COLUMN... | parquet_dump --leaves FILE\n");
    return 2;
  }
  const std::vector<std::string> columns(argv + 2, argv + argc);
  auto table = genai::workload::read_parquet(argv[1], columns);
  if (!table) {
    std::fprintf(stderr, "%s\n", table.error().c_str());
    return 1;
  }
  std::string out;
  for (const genai::workload::ParquetColumn& column : table->columns) {
    out += "column " + column.path + "\n";
    for (const std::vector<std::string>& row : column.rows) {
      out += "[";
      for (size_t i = 0; i < row.size(); ++i) out += (i > 0 ? ",\"" : "\"") + hex(row[i]) + "\"";
      out += "]\n";
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
