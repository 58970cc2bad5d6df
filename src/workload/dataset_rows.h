// Datasets of rows with named columns (a Hugging Face dataset's files, a --dataset-config's file,
// an image folder): each file read into rows (JSON objects), then each row into a prompt (a column,
// or Python genai-bench's prompt_lambda), its images (an image column) and, when the row has an
// integer "output_tokens", its output length.
//   json     an array of objects (or of strings: each a prompt), or the array under `field`;
//            JSON Lines when the file is one object per line (as `datasets` reads .json and .jsonl)
//   csv      a header row, then rows of strings
//   parquet  the columns the prompt and images need (workload/parquet_reader), nested back from
//            their leaf paths: "image.bytes" -> {"image": {"bytes": ...}}, "messages.list.element.content"
//            -> {"messages": [{"content": ...}, ...]}
//   text     one prompt per non-empty line
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "common/result.h"
#include "workload/dataset.h"
#include "workload/dataset_prompt_lambda.h"

namespace genai::workload {

struct RowColumns {
  std::string prompt_column = "prompt";
  bool prompt_column_given = false;  // else a row without it is not an error (image-only rows, messages)
  std::string image_column;
  const PromptLambda* prompt_lambda = nullptr;
  std::string json_field;            // json: the key holding the rows
};

// `format`: json, csv, parquet or text (text rows are {"text": LINE}).
Result<std::vector<boost::json::value>> read_rows(const std::string& path, const std::string& format, const RowColumns& columns);

// Appends the entries of `rows` (from `where`, for messages; image paths relative to `base_folder`).
// Rows without a prompt (and, with an image column, without an image) are left out and counted
// in `skipped`; a prompt column no row has is an error naming the columns there are.
Status add_row_entries(const std::vector<boost::json::value>& rows, const RowColumns& columns, const std::string& where,
                       const std::string& base_folder, Dataset& dataset, size_t& skipped, std::string& lambda_failure);

}  // namespace genai::workload
