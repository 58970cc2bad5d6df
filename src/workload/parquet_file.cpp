// The file's layout: "PAR1", the column chunks, the Thrift footer, its 4-byte little-endian
// length, "PAR1". Finds the columns asked for and reads their chunks row group by row group.
#include "workload/parquet_file.h"

#include <algorithm>
#include <cstring>

#include "workload/parquet_budget.h"
#include "workload/parquet_column_chunk.h"
#include "workload/parquet_metadata.h"

namespace genai::workload {
namespace {

constexpr std::string_view kMagic = "PAR1";

Result<std::string_view> find_footer(std::string_view file) {
  if (file.size() < 12 || file.substr(0, 4) != kMagic) {
    if (file.size() >= 4 && file.substr(file.size() - 4) == "PARE") {
      return make_error("encrypted Parquet files are not supported");
    }
    return make_error("not a Parquet file (no PAR1 at its start)");
  }
  if (file.substr(file.size() - 4) == "PARE") return make_error("encrypted Parquet files are not supported");
  if (file.substr(file.size() - 4) != kMagic) return make_error("truncated Parquet file (no PAR1 at its end)");
  uint32_t footer_size = 0;
  std::memcpy(&footer_size, file.data() + file.size() - 8, 4);
  if (footer_size > file.size() - 12) return make_error("corrupt footer length " + std::to_string(footer_size));
  return file.substr(file.size() - 8 - footer_size, footer_size);
}

std::string list_of(const std::vector<ParquetLeaf>& leaves) {
  std::string text;
  for (const ParquetLeaf& leaf : leaves) text += (text.empty() ? "" : ", ") + leaf.path;
  return text.empty() ? "none" : text;
}

// Indexes into `leaves` of the columns asked for.
Result<std::vector<size_t>> resolve_columns(const std::vector<ParquetLeaf>& leaves, const std::vector<std::string>& columns) {
  std::vector<size_t> indexes;
  for (const std::string& column : columns) {
    const auto found = std::find_if(leaves.begin(), leaves.end(), [&](const ParquetLeaf& leaf) { return leaf.path == column; });
    if (found == leaves.end()) return make_error("no column '" + column + "'; the columns are: " + list_of(leaves));
    indexes.push_back(static_cast<size_t>(found - leaves.begin()));
  }
  return indexes;
}

Status check_leaf_supported(const ParquetLeaf& leaf) {
  if (leaf.type == ParquetType::int96) return make_error("INT96 values (legacy timestamps) are not supported");
  return Ok{};
}

}  // namespace

Result<std::vector<std::string>> parquet_leaf_columns_from_bytes(std::string_view file) {
  auto footer = find_footer(file);
  if (!footer) return make_error(footer.error());
  auto leaves = parse_parquet_schema(*footer);
  if (!leaves) return make_error(leaves.error());
  std::vector<std::string> paths;
  for (ParquetLeaf& leaf : *leaves) paths.push_back(std::move(leaf.path));
  return paths;
}

Result<ParquetTable> read_parquet_from_bytes(std::string_view file, const std::vector<std::string>& columns,
                                             const ParquetLimits& limits) {
  auto footer = find_footer(file);
  if (!footer) return make_error(footer.error());
  auto leaves = parse_parquet_schema(*footer);
  if (!leaves) return make_error(leaves.error());
  auto asked = resolve_columns(*leaves, columns);
  if (!asked) return make_error(asked.error());
  // A column asked for twice is read once.
  std::vector<size_t> wanted = *asked;
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  auto row_groups = parse_parquet_row_groups(*footer, leaves->size(), wanted);
  if (!row_groups) return make_error(row_groups.error());

  ParquetBudget budget(limits.max_decoded_bytes);
  const uint64_t row_cost = kRowOverheadBytes * std::max<uint64_t>(wanted.size(), 1);
  uint64_t row_count = 0;
  for (const ParquetRowGroup& group : *row_groups) {
    const auto rows = static_cast<uint64_t>(group.row_count);
    if (rows > budget.limit() / row_cost || !budget.charge(rows * row_cost)) return over_budget(budget);
    row_count += rows;
  }
  // Column chunks lie between the leading magic and the footer.
  const std::string_view data = file.substr(0, file.size() - 8 - footer->size());
  std::vector<ParquetColumn> read(wanted.size());
  for (size_t slot = 0; slot < wanted.size(); ++slot) {
    const ParquetLeaf& leaf = (*leaves)[wanted[slot]];
    read[slot].path = leaf.path;
    if (Status status = check_leaf_supported(leaf); !status) return make_error("column '" + leaf.path + "': " + status.error());
    read[slot].rows.reserve(static_cast<size_t>(row_count));
    for (size_t group_index = 0; group_index < row_groups->size(); ++group_index) {
      const ParquetRowGroup& group = (*row_groups)[group_index];
      const ParquetChunkMetadata& chunk = group.chunks[slot];
      const std::string where = "column '" + leaf.path + "', row group " + std::to_string(group_index + 1) + ": ";
      if (!chunk.present) return make_error(where + "its data is encrypted or in another file (not supported)");
      if (chunk.start_offset < 4 || chunk.compressed_size < 0 ||
          static_cast<uint64_t>(chunk.start_offset) > data.size() ||
          static_cast<uint64_t>(chunk.compressed_size) > data.size() - static_cast<uint64_t>(chunk.start_offset)) {
        return make_error(where + "its pages lie outside the file");
      }
      const std::string_view chunk_bytes =
          data.substr(static_cast<size_t>(chunk.start_offset), static_cast<size_t>(chunk.compressed_size));
      if (Status status = read_parquet_column_chunk(leaf, chunk, chunk_bytes, group.row_count, budget, read[slot].rows);
          !status) {
        return make_error(where + status.error());
      }
    }
  }

  ParquetTable table;
  table.row_count = static_cast<size_t>(row_count);
  for (const size_t leaf_index : *asked) {
    const size_t slot = static_cast<size_t>(std::lower_bound(wanted.begin(), wanted.end(), leaf_index) - wanted.begin());
    const bool last_use = std::count(asked->begin(), asked->end(), leaf_index) == 1;
    table.columns.push_back(last_use ? std::move(read[slot]) : read[slot]);
  }
  return table;
}

}  // namespace genai::workload
