#include "workload/dataset_rows.h"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "workload/dataset_images.h"
#include "workload/parquet_reader.h"

namespace genai::workload {
namespace {

namespace json = boost::json;

Result<std::string> read_text(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("cannot open '" + path + "'");
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string columns_of(const json::value& row) {
  std::string names;
  if (!row.is_object()) return names;
  for (const auto& [key, value] : row.as_object()) names += (names.empty() ? "" : ", ") + std::string(key);
  return names;
}

Result<std::vector<json::value>> json_rows(const std::string& path, const RowColumns& columns) {
  auto text = read_text(path);
  if (!text) return make_error(text.error());
  std::vector<json::value> rows;
  boost::system::error_code error;
  json::value whole = json::parse(*text, error);
  if (!error && (whole.is_array() || !columns.json_field.empty())) {
    if (!columns.json_field.empty()) {
      const json::value* field = whole.is_object() ? whole.as_object().if_contains(columns.json_field) : nullptr;
      if (field == nullptr || !field->is_array()) return make_error(path + ": no list of rows under \"" + columns.json_field + "\"");
      whole = *field;
    }
    for (json::value& item : whole.as_array()) {
      // A list of strings is a list of prompts (Python genai-bench's JSON files).
      if (item.is_string()) item = json::object{{columns.prompt_column, item}};
      rows.push_back(std::move(item));
    }
    return rows;
  }
  // JSON Lines: one object per line.
  std::istringstream lines(*text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    boost::system::error_code line_error;
    json::value row = json::parse(line, line_error);
    if (line_error) {
      if (number == 1 && !whole.is_null()) {
        return make_error(path + ": a JSON object, not a list of rows: name the key holding them with huggingface_kwargs.field");
      }
      return make_error(path + ":" + std::to_string(number) + ": not valid JSON");
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<json::value>> csv_rows(const std::string& path) {
  auto text = read_text(path);
  if (!text) return make_error(text.error());
  auto table = parse_csv(*text);
  if (!table) return make_error(path + ": " + table.error());
  if (table->empty()) return make_error(path + ": no header row");
  const std::vector<std::string>& header = table->front();
  std::vector<json::value> rows;
  for (size_t r = 1; r < table->size(); ++r) {
    const std::vector<std::string>& fields = (*table)[r];
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
    json::object row;
    for (size_t c = 0; c < header.size() && c < fields.size(); ++c) row[header[c]] = fields[c];
    rows.emplace_back(std::move(row));
  }
  return rows;
}

// Puts a leaf's values for one row back where its dotted path says, in `row`.
void place_leaf(json::object& row, const std::vector<std::string>& parts, const std::vector<std::string>& values) {
  json::object* object = &row;
  for (size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    const bool list = i + 2 < parts.size() && parts[i + 1] == "list" && (parts[i + 2] == "element" || parts[i + 2] == "item");
    if (last) {
      (*object)[parts[i]] = values.empty() ? json::value(nullptr) : json::value(json::string(values[0]));
      return;
    }
    if (list) {
      json::value& slot = (*object)[parts[i]];
      if (!slot.is_array()) slot = json::array();
      json::array& items = slot.as_array();
      if (i + 3 == parts.size()) {  // a list of values
        for (const std::string& value : values) items.emplace_back(json::string(value));
        return;
      }
      // A list of structs: the i-th value belongs to the i-th struct.
      const std::vector<std::string> rest(parts.begin() + static_cast<long>(i) + 3, parts.end());
      for (size_t v = 0; v < values.size(); ++v) {
        if (items.size() <= v) items.emplace_back(json::object());
        if (!items[v].is_object()) items[v] = json::object();
        place_leaf(items[v].as_object(), rest, {values[v]});
      }
      return;
    }
    json::value& slot = (*object)[parts[i]];
    if (!slot.is_object()) slot = json::object();
    object = &slot.as_object();
  }
}

Result<std::vector<json::value>> parquet_rows(const std::string& path, const RowColumns& columns) {
  auto leaves = parquet_leaf_columns(path);
  if (!leaves) return make_error(leaves.error());
  std::set<std::string> wanted = {"output_tokens"};
  bool every_column = false;
  if (columns.prompt_lambda != nullptr) {
    wanted.insert(columns.prompt_lambda->keys().begin(), columns.prompt_lambda->keys().end());
    every_column = columns.prompt_lambda->keys().empty();
  } else {
    wanted.insert(columns.prompt_column);
    if (!columns.prompt_column_given) wanted.insert("messages");
  }
  if (!columns.image_column.empty()) wanted.insert(columns.image_column);
  std::vector<std::string> chosen;
  for (const std::string& leaf : *leaves) {
    if (every_column || wanted.count(leaf.substr(0, leaf.find('.')))) chosen.push_back(leaf);
  }
  auto table = read_parquet(path, chosen);
  if (!table) return make_error(table.error());
  std::vector<std::vector<std::string>> parts;
  for (const ParquetColumn& column : table->columns) {
    std::vector<std::string> split;
    std::stringstream stream(column.path);
    for (std::string part; std::getline(stream, part, '.');) split.push_back(part);
    parts.push_back(std::move(split));
  }
  std::vector<json::value> rows(table->row_count, json::object());
  for (size_t c = 0; c < table->columns.size(); ++c) {
    for (size_t r = 0; r < table->row_count && r < table->columns[c].rows.size(); ++r) {
      place_leaf(rows[r].as_object(), parts[c], table->columns[c].rows[r]);
    }
  }
  return rows;
}

Result<std::vector<json::value>> text_rows(const std::string& path) {
  auto text = read_text(path);
  if (!text) return make_error(text.error());
  std::vector<json::value> rows;
  std::istringstream lines(*text);
  for (std::string line; std::getline(lines, line);) {
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    rows.emplace_back(json::object{{"text", line.substr(first, line.find_last_not_of(" \t\r") - first + 1)}});
  }
  return rows;
}

// Python's str() of a column's value (strings as they are).
std::string as_text(const json::value& value) {
  if (value.is_string()) return std::string(value.as_string());
  if (value.is_null()) return {};
  if (value.is_bool()) return value.as_bool() ? "True" : "False";
  if (value.is_int64()) return std::to_string(value.as_int64());
  return json::serialize(value);
}

// Chat messages [{"role", "content"}]: their contents joined, and the messages as they are.
bool read_messages(const json::value& value, DatasetEntry& entry) {
  if (!value.is_array() || value.as_array().empty()) return false;
  for (const json::value& message : value.as_array()) {
    const json::value* content = message.is_object() ? message.as_object().if_contains("content") : nullptr;
    if (content == nullptr) return false;
    std::string text;
    if (content->is_array()) {
      for (const json::value& part : content->as_array()) {
        const json::value* part_text = part.is_object() ? part.as_object().if_contains("text") : nullptr;
        if (part_text != nullptr && part_text->is_string()) text += (text.empty() ? "" : "\n") + std::string(part_text->as_string());
      }
    } else {
      text = as_text(*content);
    }
    entry.prompt += (entry.prompt.empty() ? "" : "\n") + text;
  }
  entry.messages_json = json::serialize(value);
  return true;
}

std::optional<int64_t> output_tokens_of(const json::object& row) {
  const json::value* value = row.if_contains("output_tokens");
  if (value == nullptr) return std::nullopt;
  int64_t tokens = 0;
  if (value->is_int64()) tokens = value->as_int64();
  else if (value->is_uint64()) tokens = static_cast<int64_t>(value->as_uint64());
  else if (value->is_string()) std::from_chars(value->as_string().data(), value->as_string().data() + value->as_string().size(), tokens);
  return tokens > 0 ? std::optional<int64_t>(tokens) : std::nullopt;
}

}  // namespace

Result<std::vector<json::value>> read_rows(const std::string& path, const std::string& format, const RowColumns& columns) {
  if (format == "json") return json_rows(path, columns);
  if (format == "csv") return csv_rows(path);
  if (format == "parquet") return parquet_rows(path, columns);
  if (format == "text") return text_rows(path);
  return make_error(path + ": format '" + format + "' has no rows");
}

Status add_row_entries(const std::vector<json::value>& rows, const RowColumns& columns, const std::string& where,
                       const std::string& base_folder, Dataset& dataset, size_t& skipped, std::string& lambda_failure) {
  for (size_t index = 0; index < rows.size(); ++index) {
    const std::string at = where + ": row " + std::to_string(index + 1);
    if (!rows[index].is_object()) return make_error(at + " is not an object of columns");
    const json::object& row = rows[index].as_object();
    DatasetEntry entry;
    if (columns.prompt_lambda != nullptr) {
      auto prompt = columns.prompt_lambda->apply(rows[index]);
      if (prompt) {
        entry.prompt = std::move(*prompt);
      } else if (lambda_failure.empty()) {
        lambda_failure = at + ": " + prompt.error();
      }
    } else if (const json::value* value = row.if_contains(columns.prompt_column)) {
      if (!read_messages(*value, entry)) entry.prompt = as_text(*value);
    } else if (const json::value* messages = row.if_contains("messages"); messages != nullptr && !columns.prompt_column_given) {
      read_messages(*messages, entry);
    } else if (columns.image_column.empty() || (columns.prompt_column_given && index == 0)) {
      // Image rows may lack a text (they get a fixed prompt), but a column no row has is a mistake.
      return make_error(at + " has no column '" + columns.prompt_column + "' (columns: " + columns_of(rows[index]) +
                        "); choose one with --dataset-prompt-column");
    }
    if (!columns.image_column.empty()) {
      const json::value* image = row.if_contains(columns.image_column);
      if (image == nullptr && index == 0) {
        return make_error(at + " has no column '" + columns.image_column + "' (columns: " + columns_of(rows[index]) +
                          "); choose one with --dataset-image-column");
      }
      if (image == nullptr || image->is_null()) {
        ++skipped;
        continue;
      }
      auto url = image_url_of(*image, base_folder);
      if (!url) return make_error(at + ": column '" + columns.image_column + "': " + url.error());
      entry.image_urls.push_back(std::move(*url));
    } else if (entry.prompt.empty()) {
      ++skipped;
      continue;
    }
    entry.output_tokens = output_tokens_of(row);
    dataset.entries.push_back(std::move(entry));
  }
  return Ok{};
}

}  // namespace genai::workload
