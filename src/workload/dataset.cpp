#include "workload/dataset.h"

#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "workload/prompt_source.h"
#include "workload/random.h"

namespace genai::workload {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string read_file(const std::string& path, bool& ok) {
  std::ifstream file(path, std::ios::binary);
  ok = static_cast<bool>(file);
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

// A message's text: a string, or the "text" of each part of a list of content parts.
std::string content_text(element content) {
  std::string_view text;
  if (!content.get(text)) return std::string(text);
  std::string joined;
  array parts;
  if (content.get(parts)) return joined;
  for (element part : parts) {
    std::string_view part_text;
    if (!part["text"].get(part_text)) joined.append(joined.empty() ? "" : "\n").append(part_text);
  }
  return joined;
}

Result<DatasetEntry> jsonl_entry(element line, const std::string& where) {
  object entry;
  if (line.get(entry)) return make_error(where + ": not a JSON object");
  DatasetEntry result;
  std::string_view prompt;
  array messages;
  if (!entry["prompt"].get(prompt)) {
    result.prompt = prompt;
  } else if (!entry["messages"].get(messages)) {
    for (element message : messages) {
      element content;
      if (message["content"].get(content)) return make_error(where + ": \"messages\": each message needs a \"content\"");
      result.prompt.append(result.prompt.empty() ? "" : "\n").append(content_text(content));
    }
    result.messages_json = simdjson::minify(messages);
  } else {
    return make_error(where + ": needs a \"prompt\" string or a \"messages\" array");
  }
  element output;
  if (!entry["output_tokens"].get(output)) {
    int64_t tokens = 0;
    if (output.get(tokens) || tokens < 1) return make_error(where + ": \"output_tokens\" must be a positive integer");
    result.output_tokens = tokens;
  }
  if (result.prompt.empty()) return make_error(where + ": the prompt is empty");
  return result;
}

Result<Dataset> read_jsonl(const std::string& path) {
  std::ifstream file(path);
  if (!file) return make_error("--dataset-path: cannot open '" + path + "'");
  Dataset dataset;
  simdjson::dom::parser parser;
  std::string line;
  for (int line_number = 1; std::getline(file, line); ++line_number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = "--dataset-path: " + path + ":" + std::to_string(line_number);
    element parsed;
    if (parser.parse(line).get(parsed)) return make_error(where + ": not valid JSON");
    auto entry = jsonl_entry(parsed, where);
    if (!entry) return make_error(entry.error());
    dataset.entries.push_back(std::move(*entry));
  }
  return dataset;
}

Result<Dataset> read_sharegpt(const std::string& path, const tokenizer::Tokenizer* tokenizer) {
  simdjson::dom::parser parser;
  element root;
  if (auto error = parser.load(path).get(root)) {
    return make_error("--dataset-path: cannot read '" + path + "' as JSON: " + simdjson::error_message(error));
  }
  array conversations;
  if (root.get(conversations)) return make_error("--dataset-path: " + path + ": expected a JSON array of conversations");
  Dataset dataset;
  size_t index = 0;
  for (element conversation : conversations) {
    const std::string where = "--dataset-path: " + path + ": entry " + std::to_string(index++);
    array turns;
    if (conversation["conversations"].get(turns) && conversation["conversation"].get(turns)) {
      return make_error(where + ": missing \"conversations\"");
    }
    DatasetEntry entry;
    bool have_prompt = false;
    for (element turn : turns) {
      std::string_view from, value;
      if (turn["from"].get(from) || turn["value"].get(value)) return make_error(where + ": each turn needs \"from\" and \"value\" strings");
      if (!have_prompt && (from == "human" || from == "user")) {
        entry.prompt = value;
        have_prompt = !entry.prompt.empty();
      } else if (have_prompt && (from == "gpt" || from == "assistant" || from == "chatgpt")) {
        const int64_t tokens = tokenizer != nullptr ? static_cast<int64_t>(tokenizer->count(value)) : estimate_tokens(value);
        entry.output_tokens = std::max<int64_t>(1, tokens);
        break;
      }
    }
    if (have_prompt) dataset.entries.push_back(std::move(entry));  // no human turn: nothing to send
  }
  return dataset;
}

Result<Dataset> read_csv(const std::string& path, const std::string& column) {
  bool ok = false;
  const std::string text = read_file(path, ok);
  if (!ok) return make_error("--dataset-path: cannot open '" + path + "'");
  auto rows = parse_csv(text);
  if (!rows) return make_error("--dataset-path: " + path + ": " + rows.error());
  if (rows->empty()) return make_error("--dataset-path: " + path + ": no header row");
  const std::vector<std::string>& header = rows->front();
  const auto found = std::find(header.begin(), header.end(), column);
  if (found == header.end()) {
    std::string names;
    for (const std::string& name : header) names += (names.empty() ? "" : ", ") + name;
    return make_error("--dataset-prompt-column: '" + column + "' is not a column of " + path + " (columns: " + names + ")");
  }
  const auto at = static_cast<size_t>(found - header.begin());
  Dataset dataset;
  for (size_t row = 1; row < rows->size(); ++row) {
    const std::vector<std::string>& fields = (*rows)[row];
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
    if (at >= fields.size()) {
      return make_error("--dataset-path: " + path + ": row " + std::to_string(row + 1) + " has no '" + column + "' field");
    }
    if (!fields[at].empty()) dataset.entries.push_back({fields[at], {}, std::nullopt});
  }
  return dataset;
}

const char* format_name(DatasetFormat format) {
  switch (format) {
    case DatasetFormat::text: return "text";
    case DatasetFormat::jsonl: return "jsonl";
    case DatasetFormat::sharegpt: return "sharegpt";
    case DatasetFormat::csv: return "csv";
    case DatasetFormat::json: return "json";
    case DatasetFormat::parquet: return "parquet";
  }
  return "text";
}

}  // namespace

Result<DatasetFormat> dataset_format(const std::string& path, const std::string& format) {
  if (format == "text") return DatasetFormat::text;
  if (format == "jsonl") return DatasetFormat::jsonl;
  if (format == "sharegpt") return DatasetFormat::sharegpt;
  if (format == "csv") return DatasetFormat::csv;
  if (format == "json") return DatasetFormat::json;
  if (format == "parquet") return DatasetFormat::parquet;
  if (format != "auto") {
    return make_error("--dataset-format: '" + format + "' is not auto, text, jsonl, json, sharegpt, csv or parquet");
  }
  if (ends_with(path, ".jsonl")) return DatasetFormat::jsonl;
  if (ends_with(path, ".json")) return DatasetFormat::json;
  if (ends_with(path, ".csv")) return DatasetFormat::csv;
  if (ends_with(path, ".parquet")) return DatasetFormat::parquet;
  return DatasetFormat::text;
}

Result<Dataset> read_dataset(const std::string& path, DatasetFormat format, const std::string& prompt_column,
                             const tokenizer::Tokenizer* tokenizer) {
  Result<Dataset> dataset = make_error("--dataset-path: a text file is a corpus, not a dataset of prompts");
  if (format == DatasetFormat::jsonl) dataset = read_jsonl(path);
  if (format == DatasetFormat::sharegpt) dataset = read_sharegpt(path, tokenizer);
  if (format == DatasetFormat::csv) dataset = read_csv(path, prompt_column);
  if (format == DatasetFormat::json || format == DatasetFormat::parquet) {
    dataset = make_error("--dataset-path: " + path + ": rows of columns are read by workload/dataset_rows");
  }
  if (!dataset) return dataset;
  if (dataset->entries.empty()) return make_error("--dataset-path: " + path + " holds no prompts");
  dataset->description = path + " (" + format_name(format) + ", " + std::to_string(dataset->entries.size()) + " prompts)";
  return dataset;
}

DatasetSampler::DatasetSampler(size_t size, bool with_replacement, uint64_t seed)
    : size_(size), with_replacement_(with_replacement), seed_(seed) {
  if (with_replacement_) return;
  order_.resize(size_);
  for (size_t i = 0; i < size_; ++i) order_[i] = i;
  Random random(seed_);
  std::shuffle(order_.begin(), order_.end(), random);
}

size_t DatasetSampler::pick(uint64_t request_index) const {
  if (!with_replacement_) return order_[request_index % size_];
  return static_cast<size_t>(Random::mix(seed_ ^ (request_index * 0x9E3779B97F4A7C15ULL)) % size_);
}

Result<std::vector<std::vector<std::string>>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false, field_started = false;
  size_t line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      rows.back().push_back(std::move(field));
      field.clear();
      field_started = false;
      rows.emplace_back();
      ++line;
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  if (quoted) return make_error("a quoted field opened on or before line " + std::to_string(line) + " never closes");
  if (field_started || !rows.back().empty()) rows.back().push_back(std::move(field));
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

}  // namespace genai::workload
