// Prompt datasets (--dataset-path): JSONL of {"prompt": ...} or chat {"messages": [...]}, each
// with an optional "output_tokens"; ShareGPT-format JSON conversations (the first human turn is
// the prompt, the gpt turn after it sets the output length); CSV with a named prompt column. A
// plain text file is not a dataset of prompts but a corpus to cut prompts from (PromptSource).
// Requests pick entries seeded by their index, with or without replacement.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "tokenizer/tokenizer.h"

namespace genai::workload {

struct DatasetEntry {
  std::string prompt;         // the user content (for messages: every message's content, joined)
  std::string messages_json;  // chat messages exactly as the file has them; empty for a prompt
  std::optional<int64_t> output_tokens;  // the entry's own output length, when it has one
  std::vector<std::string> image_urls;   // image datasets: the entry's images (data or http(s) URLs)
};

struct Dataset {
  std::string description;  // "FILE (jsonl, 1000 prompts)"
  std::vector<DatasetEntry> entries;
};

// json: an array of rows (ShareGPT's conversations are recognised); parquet: workload/parquet_reader.
enum class DatasetFormat { text, jsonl, sharegpt, csv, json, parquet };

// --dataset-format (auto: by extension: .jsonl, .json, .csv, .parquet, anything else text).
Result<DatasetFormat> dataset_format(const std::string& path, const std::string& format);

// Reads a dataset of prompts (not text). `prompt_column`: CSV's column name. ShareGPT's output
// lengths are counted with `tokenizer` when given, else estimated (bytes / 4). Errors name the
// file, the line (or entry) and the field.
Result<Dataset> read_dataset(const std::string& path, DatasetFormat format, const std::string& prompt_column,
                             const tokenizer::Tokenizer* tokenizer);

// Which entry request `index` uses: with replacement, a seeded uniform pick per request; without,
// a seeded shuffle walked in order (starting over once every entry was used).
class DatasetSampler {
 public:
  DatasetSampler(size_t size, bool with_replacement, uint64_t seed);
  size_t pick(uint64_t request_index) const;

 private:
  size_t size_;
  bool with_replacement_;
  uint64_t seed_;
  std::vector<size_t> order_;  // without replacement
};

// CSV (RFC 4180: quoted fields, doubled quotes, newlines inside quotes) into rows of fields.
// Hand-written: none of the project's libraries reads CSV, and this is short.
Result<std::vector<std::vector<std::string>>> parse_csv(const std::string& text);

}  // namespace genai::workload
