// What dataset to read and how to take prompts (and images) from its rows: from the flags
// (--dataset-path, --dataset-split, --dataset-prompt-column, --dataset-image-column), or from a
// --dataset-config FILE.json in Python genai-bench's DatasetConfig format:
//   {"source": {"type": "file" | "huggingface", "path": ..., "file_format": "csv" | "txt" | "json" | ...,
//               "huggingface_kwargs": {"split": "train[:1000]", "name": CONFIG, "revision": ..., ...}},
//    "prompt_column": ..., "image_column": ..., "prompt_lambda": "lambda x: x['q']", ...}
// Also the split syntax of the `datasets` library ("train", "train[:100]", "test[10%:20%]").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace genai::workload {

struct DatasetSpec {
  bool hub = false;            // a Hugging Face dataset (by id, or a local folder read as one)
  std::string path;            // file, folder or Hub id
  std::string file_format;     // "" (by extension), text, csv, json, jsonl, sharegpt, parquet
  std::string split;           // "" : train when there is one, else the first split
  std::string config_name;     // huggingface_kwargs.name: the dataset's configuration (subset)
  std::string revision = "main";
  std::string data_dir;        // huggingface_kwargs.data_dir
  // huggingface_kwargs.data_files: (split, pattern) pairs; a plain string or list is the train split's.
  std::vector<std::pair<std::string, std::string>> data_files;
  std::string json_field;      // huggingface_kwargs.field: the key of a JSON object holding the rows
  std::string token;           // huggingface_kwargs.token (else HF_TOKEN)
  std::string cache_dir;       // huggingface_kwargs.cache_dir: the hub cache to use instead of HF_HUB_CACHE
  std::string prompt_column = "prompt";
  bool prompt_column_given = false;  // said by the user (else the default, "prompt")
  std::string image_column;
  std::string prompt_lambda;
  std::string origin = "--dataset-path";  // how messages name where it came from
};

// Reads a DatasetConfig JSON file. Unknown keys and wrong types are one-line errors naming the
// file and the key ("config.json: source.huggingface_kwargs.split must be a string").
Result<DatasetSpec> read_dataset_config(const std::string& path);

// "train[10:20]" -> name "train", rows [10, 20); percents are of the split's rows.
struct SplitSelection {
  std::string name;
  struct Bound {
    int64_t value = 0;
    bool percent = false;
  };
  std::optional<Bound> start, end;
  // The rows [first, last) of a split of `rows` rows, as Python slices (negative from the end).
  std::pair<size_t, size_t> rows_of(size_t rows) const;
};
Result<SplitSelection> parse_split(const std::string& text);

}  // namespace genai::workload
