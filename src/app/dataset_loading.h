// What --dataset-path / --dataset-config name, read before any run: a local file (JSONL, JSON,
// ShareGPT, CSV, Parquet, or text: a corpus to cut prompts from, or with the `dataset` scenario
// one prompt per line), a local folder (a dataset's files, or a folder of images), or a Hugging
// Face dataset id, its split's files fetched once into the Hugging Face cache (hub/hub_dataset),
// the Hub's Parquet conversion when the repository's own files are in no format read here.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "common/result.h"
#include "tokenizer/tokenizer.h"
#include "workload/dataset.h"

namespace genai::app {

struct DatasetRequest {
  std::string path;                  // --dataset-path
  std::string config_path;           // --dataset-config
  std::string format = "auto";       // --dataset-format
  std::string prompt_column = "prompt";
  bool prompt_column_given = false;
  std::string image_column;          // --dataset-image-column
  std::string split;                 // --dataset-split
  bool lines_as_prompts = false;     // the `dataset` scenario: a text file's lines are its prompts
};

struct LoadedDataset {
  std::optional<workload::Dataset> dataset;  // prompts (and images)
  std::string corpus_path;                   // else: a text file to cut prompts from
};

Result<LoadedDataset> load_dataset(const DatasetRequest& request, const tokenizer::Tokenizer* tokenizer,
                                   const std::function<void(const std::string&)>& progress);

}  // namespace genai::app
