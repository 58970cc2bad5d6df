// Which files of a dataset repository (or local folder) hold a split, chosen the way the
// Hugging Face `datasets` library does without a loading script:
//   1. the README's YAML `configs:` section (config_name, data_files [{split, path}], data_dir, default);
//   2. else shards named data/SPLIT-00000-of-00001.* (what push_to_hub writes);
//   3. else folders, then file names, holding a split's keyword (train/training, validation/valid/
//      dev/val, test/testing/eval/evaluation) between separators ("-._ " or digits);
//   4. else every file is the train split.
// Files and folders starting with "." or "__" are left out; of the formats read here (parquet,
// json/jsonl, csv, txt, images), the most common among the files is the dataset's, as `datasets`
// infers its builder. The Hub's Parquet conversion (revision refs/convert/parquet) is laid out as
// CONFIG/SPLIT/0000.parquet (or CONFIG/partial-SPLIT/...). Pure: names in, names out.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace genai::workload {

struct SplitQuery {
  std::string split;        // "" : train when there is one, else the first found
  std::string config;       // "" : the default configuration
  std::string data_dir;     // only files under this folder
  std::vector<std::pair<std::string, std::string>> data_files;  // (split, pattern): given, these decide
};

struct SplitFiles {
  std::string config;               // the configuration chosen ("" when the repository has none)
  std::string split;
  std::string format;               // parquet, json, csv, text or images
  std::vector<std::string> files;   // paths in the repository, sorted (images: with any metadata.jsonl/csv)
  std::vector<std::string> splits;  // every split found, train/validation/test first
};

// `readme`: README.md's text, or empty. Errors say what is there ("no split 'dev' (splits: train, test)").
Result<SplitFiles> choose_split_files(const std::vector<std::string>& files, const SplitQuery& query, std::string_view readme);

Result<SplitFiles> choose_parquet_conversion(const std::vector<std::string>& files, const SplitQuery& query);

// fsspec's glob as `datasets` uses it: '*' and '?' within a path part, '**' across parts, [...] classes.
bool glob_match(std::string_view pattern, std::string_view path);

// The format a file name says (parquet, json, csv, text, images), or "" for none read here.
std::string_view format_of_file(std::string_view path);

}  // namespace genai::workload
