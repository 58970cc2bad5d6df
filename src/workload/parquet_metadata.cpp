// Parses FileMetaData and PageHeader (parquet.thrift) with the compact-protocol reader, keeping
// only the fields reading columns needs and skipping the rest, whatever their type.
#include "workload/parquet_metadata.h"

#include <limits>

#include "workload/thrift_compact.h"

namespace genai::workload {
namespace {

// Real schemas nest a few levels (list<struct<list<...>>>); more is a hostile footer.
constexpr size_t kMaxSchemaDepth = 64;

struct SchemaElement {
  std::string name;
  std::optional<int32_t> type;
  int32_t type_length = 0;
  int32_t repetition = 0;  // REQUIRED 0, OPTIONAL 1, REPEATED 2
  int64_t child_count = 0;
};

int32_t to_int32(ThriftCompactReader& reader, ThriftType type) {
  const int64_t value = reader.read_integer(type);
  if (value < std::numeric_limits<int32_t>::min() || value > std::numeric_limits<int32_t>::max()) {
    reader.fail("a 32-bit value out of range");
    return 0;
  }
  return static_cast<int32_t>(value);
}

// Reads FileMetaData's field `wanted_id`, skipping the others.
template <class OnField>
Status read_file_metadata_field(std::string_view footer, int16_t wanted_id, OnField&& on_field) {
  ThriftCompactReader reader(footer);
  reader.read_struct([&](const ThriftField& field) {
    if (field.id == wanted_id) {
      on_field(reader, field);
    } else {
      reader.skip(field);
    }
  });
  if (reader.failed()) return make_error("corrupt footer: " + reader.error());
  return Ok{};
}

SchemaElement read_schema_element(ThriftCompactReader& reader) {
  SchemaElement element;
  reader.read_struct([&](const ThriftField& field) {
    switch (field.id) {
      case 1: element.type = to_int32(reader, field.type); break;
      case 2: element.type_length = to_int32(reader, field.type); break;
      case 3: element.repetition = to_int32(reader, field.type); break;
      case 4: element.name = std::string(reader.read_binary(field.type)); break;
      case 5: element.child_count = reader.read_integer(field.type); break;
      default: reader.skip(field);
    }
  });
  return element;
}

// Walks the flattened schema tree (each group followed by its children, depth first) and
// accumulates the levels: OPTIONAL and REPEATED nodes add a definition level, REPEATED ones a
// repetition level.
Result<std::vector<ParquetLeaf>> schema_leaves(const std::vector<SchemaElement>& elements) {
  if (elements.empty()) return make_error("the schema is empty");
  struct Group {
    int64_t children_left;
    std::string path;
    int definition_level;
    int repetition_level;
  };
  std::vector<Group> groups{{elements[0].child_count, "", 0, 0}};
  std::vector<ParquetLeaf> leaves;
  size_t next = 1;
  while (!groups.empty()) {
    if (groups.back().children_left <= 0) {
      groups.pop_back();
      continue;
    }
    --groups.back().children_left;
    if (next >= elements.size()) return make_error("the schema has fewer elements than its groups' children");
    const SchemaElement& element = elements[next++];
    const Group& parent = groups.back();
    if (element.repetition < 0 || element.repetition > 2) {
      return make_error("schema element '" + element.name + "' has repetition " + std::to_string(element.repetition));
    }
    std::string path = parent.path.empty() ? element.name : parent.path + "." + element.name;
    const int definition_level = parent.definition_level + (element.repetition != 0 ? 1 : 0);
    const int repetition_level = parent.repetition_level + (element.repetition == 2 ? 1 : 0);
    if (element.child_count > 0) {
      if (groups.size() >= kMaxSchemaDepth) return make_error("the schema is nested too deeply");
      groups.push_back({element.child_count, std::move(path), definition_level, repetition_level});
      continue;
    }
    if (!element.type || *element.type < 0 || *element.type > 7) {
      return make_error("schema element '" + path + "' has no valid physical type");
    }
    ParquetLeaf leaf;
    leaf.path = std::move(path);
    leaf.type = static_cast<ParquetType>(*element.type);
    leaf.type_length = element.type_length;
    leaf.max_definition_level = definition_level;
    leaf.max_repetition_level = repetition_level;
    if (leaf.type == ParquetType::fixed_len_byte_array && leaf.type_length < 0) {
      return make_error("column '" + leaf.path + "' has a negative fixed length");
    }
    leaves.push_back(std::move(leaf));
  }
  if (next != elements.size()) return make_error("the schema has elements outside its tree");
  return leaves;
}

ParquetChunkMetadata read_column_metadata(ThriftCompactReader& reader) {
  ParquetChunkMetadata chunk;
  chunk.present = true;
  int64_t data_page_offset = -1;
  int64_t dictionary_page_offset = -1;
  reader.read_struct([&](const ThriftField& field) {
    switch (field.id) {
      case 4: chunk.codec = to_int32(reader, field.type); break;
      case 5: chunk.value_count = reader.read_integer(field.type); break;
      case 7: chunk.compressed_size = reader.read_integer(field.type); break;
      case 9: data_page_offset = reader.read_integer(field.type); break;
      case 11: dictionary_page_offset = reader.read_integer(field.type); break;
      default: reader.skip(field);
    }
  });
  // Some writers set dictionary_page_offset to 0 when there is no dictionary; the dictionary, when
  // there is one, always comes before the data pages.
  const bool has_dictionary = dictionary_page_offset > 0 && dictionary_page_offset < data_page_offset;
  chunk.start_offset = has_dictionary ? dictionary_page_offset : data_page_offset;
  return chunk;
}

ParquetChunkMetadata read_column_chunk(ThriftCompactReader& reader) {
  ParquetChunkMetadata chunk;
  bool in_other_file = false;
  reader.read_struct([&](const ThriftField& field) {
    if (field.id == 1) {
      reader.read_binary(field.type);
      in_other_file = true;
    } else if (field.id == 3 && field.type == ThriftType::struct_) {
      chunk = read_column_metadata(reader);
    } else {
      reader.skip(field);
    }
  });
  if (in_other_file) chunk.present = false;
  return chunk;
}

}  // namespace

Result<std::vector<ParquetLeaf>> parse_parquet_schema(std::string_view footer) {
  std::vector<SchemaElement> elements;
  const Status status = read_file_metadata_field(footer, 2, [&](ThriftCompactReader& reader, const ThriftField& field) {
    reader.read_list(field.type, [&](ThriftType element_type) {
      if (element_type != ThriftType::struct_) return reader.fail("expected a schema element");
      elements.push_back(read_schema_element(reader));
    });
  });
  if (!status) return make_error(status.error());
  return schema_leaves(elements);
}

Result<std::vector<ParquetRowGroup>> parse_parquet_row_groups(std::string_view footer, size_t leaf_count,
                                                              const std::vector<size_t>& wanted_leaves) {
  // slot_of_leaf[i]: where leaf i's chunk goes in ParquetRowGroup::chunks, or -1.
  std::vector<int64_t> slot_of_leaf(leaf_count, -1);
  for (size_t slot = 0; slot < wanted_leaves.size(); ++slot) slot_of_leaf.at(wanted_leaves[slot]) = static_cast<int64_t>(slot);

  std::vector<ParquetRowGroup> row_groups;
  std::string mismatch;
  const Status status = read_file_metadata_field(footer, 4, [&](ThriftCompactReader& reader, const ThriftField& field) {
    reader.read_list(field.type, [&](ThriftType element_type) {
      if (element_type != ThriftType::struct_) return reader.fail("expected a row group");
      ParquetRowGroup group;
      group.chunks.resize(wanted_leaves.size());
      reader.read_struct([&](const ThriftField& group_field) {
        if (group_field.id == 3) {
          group.row_count = reader.read_integer(group_field.type);
          return;
        }
        if (group_field.id != 1) return reader.skip(group_field);
        size_t column = 0;
        reader.read_list(group_field.type, [&](ThriftType chunk_type) {
          if (chunk_type != ThriftType::struct_ || column >= leaf_count) {
            return reader.fail("a row group has more column chunks than the schema has columns");
          }
          const int64_t slot = slot_of_leaf[column++];
          if (slot < 0) return reader.skip_element(chunk_type);
          group.chunks[static_cast<size_t>(slot)] = read_column_chunk(reader);
        });
        if (column != leaf_count && mismatch.empty()) {
          mismatch = "a row group has " + std::to_string(column) + " column chunks for " + std::to_string(leaf_count) +
                     " columns";
        }
      });
      if (group.row_count < 0) reader.fail("a row group has a negative row count");
      row_groups.push_back(std::move(group));
    });
  });
  if (!status) return make_error(status.error());
  if (!mismatch.empty()) return make_error("corrupt footer: " + mismatch);
  return row_groups;
}

Result<ParquetPageHeader> parse_parquet_page_header(std::string_view bytes) {
  ThriftCompactReader reader(bytes);
  ParquetPageHeader header;
  bool has_sizes = false;
  reader.read_struct([&](const ThriftField& field) {
    switch (field.id) {
      case 1: header.type = to_int32(reader, field.type); break;
      case 2: header.uncompressed_size = to_int32(reader, field.type); break;
      case 3: header.compressed_size = to_int32(reader, field.type); has_sizes = true; break;
      case 5:  // DataPageHeader
        if (field.type != ThriftType::struct_) return reader.skip(field);
        reader.read_struct([&](const ThriftField& inner) {
          switch (inner.id) {
            case 1: header.value_count = to_int32(reader, inner.type); break;
            case 2: header.encoding = to_int32(reader, inner.type); break;
            case 3: header.definition_level_encoding = to_int32(reader, inner.type); break;
            case 4: header.repetition_level_encoding = to_int32(reader, inner.type); break;
            default: reader.skip(inner);
          }
        });
        break;
      case 7:  // DictionaryPageHeader
        if (field.type != ThriftType::struct_) return reader.skip(field);
        reader.read_struct([&](const ThriftField& inner) {
          switch (inner.id) {
            case 1: header.value_count = to_int32(reader, inner.type); break;
            case 2: header.encoding = to_int32(reader, inner.type); break;
            default: reader.skip(inner);
          }
        });
        break;
      case 8:  // DataPageHeaderV2
        if (field.type != ThriftType::struct_) return reader.skip(field);
        reader.read_struct([&](const ThriftField& inner) {
          switch (inner.id) {
            case 1: header.value_count = to_int32(reader, inner.type); break;
            case 2: header.null_count = to_int32(reader, inner.type); break;
            case 4: header.encoding = to_int32(reader, inner.type); break;
            case 5: header.definition_levels_size = to_int32(reader, inner.type); break;
            case 6: header.repetition_levels_size = to_int32(reader, inner.type); break;
            case 7:
              if (inner.type == ThriftType::bool_true || inner.type == ThriftType::bool_false) {
                header.values_compressed = reader.read_bool(inner);
              } else {
                reader.skip(inner);
              }
              break;
            default: reader.skip(inner);
          }
        });
        break;
      default: reader.skip(field);
    }
  });
  if (reader.failed()) return make_error("corrupt page header: " + reader.error());
  if (!has_sizes || header.type < 0 || header.compressed_size < 0 || header.uncompressed_size < 0 ||
      header.value_count < 0 || header.null_count < 0 || header.definition_levels_size < 0 ||
      header.repetition_levels_size < 0) {
    return make_error("corrupt page header: missing or negative sizes");
  }
  header.header_size = reader.position();
  return header;
}

std::string parquet_encoding_name(int32_t encoding) {
  static const char* const kNames[] = {"PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY", "RLE", "BIT_PACKED",
                                       "DELTA_BINARY_PACKED", "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY",
                                       "RLE_DICTIONARY", "BYTE_STREAM_SPLIT", "ALP"};
  if (encoding >= 0 && encoding <= 10) return kNames[encoding];
  return "encoding " + std::to_string(encoding);
}

std::string parquet_codec_name(int32_t codec) {
  static const char* const kNames[] = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"};
  if (codec >= 0 && codec <= 7) return kNames[codec];
  return "codec " + std::to_string(codec);
}

std::string parquet_type_name(ParquetType type) {
  static const char* const kNames[] = {"BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY",
                                       "FIXED_LEN_BYTE_ARRAY"};
  const auto index = static_cast<int32_t>(type);
  if (index >= 0 && index <= 7) return kNames[index];
  return "type " + std::to_string(index);
}

}  // namespace genai::workload
