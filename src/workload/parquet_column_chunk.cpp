// Pages of a column chunk: an optional dictionary page, then data pages (v1: levels and values
// compressed together, each level section prefixed by its length; v2: levels uncompressed ahead
// of the values, their lengths in the header). Index pages and page types from the future are
// skipped. Rows are rebuilt from the levels (Dremel's record shredding, undone): repetition level
// 0 starts a row, and a value is present where the definition level is the column's maximum.
#include "workload/parquet_column_chunk.h"

#include <optional>

#include "workload/parquet_compression.h"
#include "workload/parquet_levels.h"
#include "workload/parquet_values.h"

namespace genai::workload {
namespace {

struct PageLevels {
  std::vector<uint32_t> repetition;  // empty when the column repeats nowhere
  std::vector<uint32_t> definition;  // empty when it is required all the way down
};

// Levels of a v1 page, in the encoding its header names; advances `bytes` to the values.
Status read_v1_levels(std::string_view& bytes, int32_t encoding, int max_level, size_t count, std::vector<uint32_t>& out) {
  if (max_level == 0) return Ok{};
  const int bit_width = bit_width_of(static_cast<uint32_t>(max_level));
  if (encoding == parquet_encoding::rle) return decode_length_prefixed_rle(bytes, bit_width, count, out);
  if (encoding == parquet_encoding::bit_packed) return decode_msb_bit_packed(bytes, bit_width, count, out);
  return make_error("levels in unsupported encoding " + parquet_encoding_name(encoding));
}

class ChunkReader {
 public:
  ChunkReader(const ParquetLeaf& leaf, const ParquetChunkMetadata& chunk, int64_t row_count, ParquetBudget& budget,
              std::vector<std::vector<std::string>>& rows)
      : leaf_(leaf), chunk_(chunk), row_count_(static_cast<size_t>(row_count)), budget_(budget), rows_(rows),
        first_row_(rows.size()) {}

  Status read(std::string_view bytes) {
    int64_t level_entries = 0;
    for (int page = 1; level_entries < chunk_.value_count; ++page) {
      if (bytes.empty()) {
        return make_error("the column chunk ends after " + std::to_string(level_entries) + " of its " +
                          std::to_string(chunk_.value_count) + " values");
      }
      auto header = parse_parquet_page_header(bytes);
      if (!header) return make_error("page " + std::to_string(page) + ": " + header.error());
      bytes.remove_prefix(header->header_size);
      if (static_cast<size_t>(header->compressed_size) > bytes.size()) {
        return make_error("page " + std::to_string(page) + " runs past the end of its column chunk");
      }
      const std::string_view body = bytes.substr(0, static_cast<size_t>(header->compressed_size));
      bytes.remove_prefix(body.size());
      Status status = Ok{};
      if (header->type == parquet_page::dictionary) {
        status = read_dictionary(*header, body);
      } else if (header->type == parquet_page::data || header->type == parquet_page::data_v2) {
        if (header->value_count > chunk_.value_count - level_entries) {
          return make_error("page " + std::to_string(page) + " has more values than its column chunk");
        }
        level_entries += header->value_count;
        status = read_data_page(*header, body);
      }
      if (!status) return make_error("page " + std::to_string(page) + ": " + status.error());
    }
    if (rows_.size() - first_row_ != row_count_) {
      return make_error("the column chunk has " + std::to_string(rows_.size() - first_row_) + " rows, its row group " +
                        std::to_string(row_count_));
    }
    return Ok{};
  }

 private:
  Status read_dictionary(const ParquetPageHeader& header, std::string_view body) {
    if (dictionary_) return make_error("a second dictionary page");
    if (header.encoding != parquet_encoding::plain && header.encoding != parquet_encoding::plain_dictionary) {
      return make_error("dictionary in unsupported encoding " + parquet_encoding_name(header.encoding));
    }
    if (Status status = decompress_parquet_page(chunk_.codec, body, static_cast<size_t>(header.uncompressed_size), page_);
        !status) {
      return status;
    }
    dictionary_.emplace();
    return decode_parquet_values(leaf_, parquet_encoding::plain, page_, static_cast<size_t>(header.value_count), nullptr,
                                 budget_, *dictionary_);
  }

  Status read_data_page(const ParquetPageHeader& header, std::string_view body) {
    const auto count = static_cast<size_t>(header.value_count);
    if (!budget_.charge(count * kLevelBytes)) return over_budget(budget_);
    PageLevels levels;
    std::string_view values;
    if (Status status = header.type == parquet_page::data ? read_v1_page(header, body, levels, values)
                                                          : read_v2_page(header, body, levels, values);
        !status) {
      return status;
    }
    size_t present = count;
    if (leaf_.max_definition_level > 0) {
      present = 0;
      for (const uint32_t level : levels.definition) {
        if (level > static_cast<uint32_t>(leaf_.max_definition_level)) return make_error("a definition level over the maximum");
        present += level == static_cast<uint32_t>(leaf_.max_definition_level);
      }
    }
    page_values_.clear();
    if (Status status = decode_parquet_values(leaf_, header.encoding, values, present,
                                              dictionary_ ? &*dictionary_ : nullptr, budget_, page_values_);
        !status) {
      return status;
    }
    return assemble_rows(levels, count);
  }

  Status read_v1_page(const ParquetPageHeader& header, std::string_view body, PageLevels& levels, std::string_view& values) {
    if (Status status = decompress_parquet_page(chunk_.codec, body, static_cast<size_t>(header.uncompressed_size), page_);
        !status) {
      return status;
    }
    const auto count = static_cast<size_t>(header.value_count);
    std::string_view rest = page_;
    Status status = read_v1_levels(rest, header.repetition_level_encoding, leaf_.max_repetition_level, count,
                                   levels.repetition);
    if (status) status = read_v1_levels(rest, header.definition_level_encoding, leaf_.max_definition_level, count,
                                        levels.definition);
    if (!status) return make_error("levels: " + status.error());
    values = rest;
    return Ok{};
  }

  Status read_v2_page(const ParquetPageHeader& header, std::string_view body, PageLevels& levels, std::string_view& values) {
    const auto repetition_size = static_cast<size_t>(header.repetition_levels_size);
    const auto definition_size = static_cast<size_t>(header.definition_levels_size);
    if (repetition_size + definition_size > body.size() ||
        repetition_size + definition_size > static_cast<size_t>(header.uncompressed_size)) {
      return make_error("level sections larger than the page");
    }
    const auto count = static_cast<size_t>(header.value_count);
    Status status = Ok{};
    if (leaf_.max_repetition_level > 0) {
      status = decode_rle_bit_packed(body.substr(0, repetition_size), bit_width_of(leaf_.max_repetition_level), count,
                                     levels.repetition);
    }
    if (status && leaf_.max_definition_level > 0) {
      status = decode_rle_bit_packed(body.substr(repetition_size, definition_size),
                                     bit_width_of(leaf_.max_definition_level), count, levels.definition);
    }
    if (!status) return make_error("levels: " + status.error());
    const std::string_view stored = body.substr(repetition_size + definition_size);
    if (!header.values_compressed || chunk_.codec == parquet_codec::uncompressed) {
      values = stored;
      return Ok{};
    }
    const size_t values_size = static_cast<size_t>(header.uncompressed_size) - repetition_size - definition_size;
    if (Status decompressed = decompress_parquet_page(chunk_.codec, stored, values_size, page_); !decompressed) {
      return decompressed;
    }
    values = page_;
    return Ok{};
  }

  Status assemble_rows(const PageLevels& levels, size_t count) {
    const auto max_definition = static_cast<uint32_t>(leaf_.max_definition_level);
    const auto max_repetition = static_cast<uint32_t>(leaf_.max_repetition_level);
    size_t next_value = 0;
    for (size_t i = 0; i < count; ++i) {
      const uint32_t repetition = levels.repetition.empty() ? 0 : levels.repetition[i];
      if (repetition > max_repetition) return make_error("a repetition level over the maximum");
      if (repetition == 0) {
        if (rows_.size() - first_row_ >= row_count_) return make_error("more rows than the row group has");
        rows_.emplace_back();
      } else if (rows_.size() == first_row_) {
        return make_error("the column chunk starts in the middle of a row");
      }
      const bool present = levels.definition.empty() || levels.definition[i] == max_definition;
      if (present) rows_.back().push_back(std::move(page_values_[next_value++]));
    }
    return Ok{};
  }

  const ParquetLeaf& leaf_;
  const ParquetChunkMetadata& chunk_;
  size_t row_count_;
  ParquetBudget& budget_;
  std::vector<std::vector<std::string>>& rows_;
  size_t first_row_;
  std::optional<std::vector<std::string>> dictionary_;
  std::string page_;  // the page being decoded, decompressed; reused from page to page
  std::vector<std::string> page_values_;
};

}  // namespace

Status read_parquet_column_chunk(const ParquetLeaf& leaf, const ParquetChunkMetadata& chunk, std::string_view chunk_bytes,
                                 int64_t row_count, ParquetBudget& budget,
                                 std::vector<std::vector<std::string>>& rows) {
  if (row_count < 0 || chunk.value_count < 0) return make_error("negative row or value count");
  return ChunkReader(leaf, chunk, row_count, budget, rows).read(chunk_bytes);
}

}  // namespace genai::workload
