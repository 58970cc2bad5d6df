#include "app/dataset_loading.h"

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "hub/hub_dataset.h"
#include "workload/dataset_files.h"
#include "workload/dataset_images.h"
#include "workload/dataset_rows.h"
#include "workload/dataset_spec.h"

namespace genai::app {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using workload::Dataset;

// What an image request sends as its text when the dataset gives none (a folder of images, an
// image dataset read without a prompt column).
constexpr const char* kImagePrompt = "Describe this image.";

using Progress = std::function<void(const std::string&)>;

struct Reading {
  workload::DatasetSpec spec;
  workload::RowColumns columns;
  std::optional<workload::SplitSelection> selection;  // --dataset-split / huggingface_kwargs.split
  const tokenizer::Tokenizer* tokenizer = nullptr;
  bool lines_as_prompts = false;
};

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void keep_selected(const Reading& reading, std::vector<workload::DatasetEntry>& entries) {
  if (!reading.selection) return;
  const auto [first, last] = reading.selection->rows_of(entries.size());
  entries = std::vector<workload::DatasetEntry>(entries.begin() + static_cast<long>(first), entries.begin() + static_cast<long>(last));
}

void finish(Dataset& dataset, const std::string& description) {
  for (workload::DatasetEntry& entry : dataset.entries) {
    if (!entry.image_urls.empty() && entry.prompt.empty()) entry.prompt = kImagePrompt;
  }
  dataset.description = description + ", " + std::to_string(dataset.entries.size()) + " prompts" +
                        (dataset.entries.empty() || dataset.entries.front().image_urls.empty() ? "" : " with images") + ")";
}

bool looks_like_sharegpt(const std::vector<json::value>& rows, const workload::RowColumns& columns) {
  if (rows.empty() || !rows.front().is_object() || columns.prompt_lambda != nullptr) return false;
  const json::object& row = rows.front().as_object();
  return !row.contains(columns.prompt_column) && (row.contains("conversations") || row.contains("conversation"));
}

// The rows of `files` (all of `format`), the split's selection applied across them, as entries.
Result<Dataset> read_files(const std::vector<std::string>& files, const std::string& format, Reading& reading,
                           const std::string& where) {
  workload::RowColumns columns = reading.columns;
  if (format == "images" && columns.image_column.empty()) columns.image_column = "image";
  if (format == "text" && !columns.prompt_column_given) columns.prompt_column = "text";  // the text builder's column
  std::vector<std::vector<json::value>> rows_by_file;
  size_t total = 0;
  if (format == "images") {
    auto rows = workload::image_rows(files);
    if (!rows) return make_error(where + ": " + rows.error());
    total = rows->size();
    rows_by_file.push_back(std::move(*rows));
  } else {
    for (const std::string& file : files) {
      auto rows = workload::read_rows(file, format, columns);
      if (!rows) return make_error(where + ": " + rows.error());
      if (format == "json" && looks_like_sharegpt(*rows, columns)) {
        auto conversations = workload::read_dataset(file, workload::DatasetFormat::sharegpt, "", reading.tokenizer);
        if (!conversations) return make_error(conversations.error());
        rows->clear();
        for (auto& entry : conversations->entries) {  // back into rows, so the split's selection counts them all
          json::object row{{"prompt", entry.prompt}};
          if (entry.output_tokens) row["output_tokens"] = *entry.output_tokens;
          rows->emplace_back(std::move(row));
        }
        columns.prompt_column = "prompt";
      }
      total += rows->size();
      rows_by_file.push_back(std::move(*rows));
    }
  }
  auto [first, last] = reading.selection ? reading.selection->rows_of(total) : std::pair<size_t, size_t>{0, total};
  Dataset dataset;
  size_t skipped = 0, offset = 0;
  std::string lambda_failure;
  for (size_t f = 0; f < rows_by_file.size(); ++f) {
    std::vector<json::value>& rows = rows_by_file[f];
    const size_t begin = std::clamp(first, offset, offset + rows.size()) - offset;
    const size_t end = std::clamp(last, offset, offset + rows.size()) - offset;
    offset += rows.size();
    const std::vector<json::value> chosen(std::make_move_iterator(rows.begin() + static_cast<long>(begin)),
                                          std::make_move_iterator(rows.begin() + static_cast<long>(end)));
    const std::string file = format == "images" ? where : files[f];
    const std::string base = format == "images" ? std::string() : fs::path(files[f]).parent_path().string();
    if (auto status = workload::add_row_entries(chosen, columns, file, base, dataset, skipped, lambda_failure); !status) {
      return make_error(reading.spec.origin + ": " + status.error());
    }
  }
  if (!lambda_failure.empty()) {
    std::cerr << "warning: prompt_lambda failed on some rows, which get an empty prompt (as in Python genai-bench); the first: "
              << lambda_failure << "\n";
  }
  if (skipped > 0) {
    std::cout << where << ": " << skipped << " rows without " << (columns.image_column.empty() ? "a prompt" : "an image")
              << " left out\n";
  }
  if (dataset.entries.empty()) return make_error(reading.spec.origin + ": " + where + " holds no prompts");
  return dataset;
}

Result<LoadedDataset> from_file(Reading& reading) {
  const std::string& path = reading.spec.path;
  if (reading.selection && reading.selection->name != "train") {
    return make_error(reading.spec.origin + ": " + path + " is one file: its only split is train, not '" + reading.selection->name + "'");
  }
  auto format = workload::dataset_format(path, reading.spec.file_format.empty() ? "auto" : reading.spec.file_format);
  if (!format) return make_error(format.error());
  LoadedDataset loaded;
  const workload::RowColumns& columns = reading.columns;
  const bool plain_columns = columns.prompt_lambda == nullptr && columns.image_column.empty();
  using Format = workload::DatasetFormat;
  const bool legacy = *format == Format::sharegpt || (*format == Format::csv && plain_columns) ||
                      (*format == Format::jsonl && plain_columns && !columns.prompt_column_given);
  if (*format == Format::text && !reading.lines_as_prompts) {
    loaded.corpus_path = path;
    return loaded;
  }
  if (legacy) {
    auto dataset = workload::read_dataset(path, *format, columns.prompt_column, reading.tokenizer);
    if (!dataset) return make_error(dataset.error());
    keep_selected(reading, dataset->entries);
    loaded.dataset = std::move(*dataset);
    return loaded;
  }
  const std::string row_format = *format == Format::jsonl ? "json" : *format == Format::parquet ? "parquet"
                                 : *format == Format::csv ? "csv" : *format == Format::text ? "text" : "json";
  auto dataset = read_files({path}, row_format, reading, path);
  if (!dataset) return make_error(dataset.error());
  finish(*dataset, path + " (" + row_format);
  loaded.dataset = std::move(*dataset);
  return loaded;
}

workload::SplitQuery split_query(const Reading& reading) {
  workload::SplitQuery query;
  query.split = reading.selection ? reading.selection->name : "";
  query.config = reading.spec.config_name;
  query.data_dir = reading.spec.data_dir;
  query.data_files = reading.spec.data_files;
  return query;
}

std::string describe_choice(const std::string& what, const workload::SplitFiles& choice) {
  return what + " (split " + choice.split + (choice.config.empty() ? "" : " of " + choice.config) + ", " +
         std::to_string(choice.files.size()) + " " + choice.format + " file" + (choice.files.size() == 1 ? "" : "s");
}

Result<LoadedDataset> from_folder(Reading& reading) {
  const fs::path folder = reading.spec.path;
  std::vector<std::string> files;
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(folder, error); !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file(error)) files.push_back(fs::relative(it->path(), folder, error).generic_string());
  }
  if (error) return make_error(reading.spec.origin + ": cannot read folder '" + folder.string() + "': " + error.message());
  std::sort(files.begin(), files.end());
  const std::string readme = fs::exists(folder / "README.md", error) ? read_file((folder / "README.md").string()) : "";
  auto choice = workload::choose_split_files(files, split_query(reading), readme);
  if (!choice) return make_error(reading.spec.origin + ": " + folder.string() + ": " + choice.error());
  std::vector<std::string> paths;
  for (const std::string& file : choice->files) paths.push_back((folder / file).string());
  auto dataset = read_files(paths, choice->format, reading, folder.string());
  if (!dataset) return make_error(dataset.error());
  finish(*dataset, describe_choice(folder.string(), *choice));
  LoadedDataset loaded;
  loaded.dataset = std::move(*dataset);
  return loaded;
}

Result<LoadedDataset> from_hub(Reading& reading, const Progress& progress) {
  const std::string& id = reading.spec.path;
  const std::string what = "dataset " + id;
  hub::HubEnvironment environment = hub::hub_environment();
  if (!reading.spec.cache_dir.empty()) environment.cache_dir = reading.spec.cache_dir;
  if (!reading.spec.token.empty()) environment.token = reading.spec.token;
  std::string revision = reading.spec.revision;
  auto listing = hub::list_dataset_files(environment, id, revision, progress);
  if (!listing) return make_error(reading.spec.origin + " " + listing.error());
  std::string readme;
  if (std::find(listing->files.begin(), listing->files.end(), "README.md") != listing->files.end()) {
    auto card = hub::fetch_dataset_file(environment, id, revision, *listing, "README.md", progress);
    if (!card) return make_error(reading.spec.origin + " " + card.error());
    readme = read_file(*card);
  }
  const workload::SplitQuery query = split_query(reading);
  auto choice = workload::choose_split_files(listing->files, query, readme);
  if (!choice && choice.error().find("no data files") != std::string::npos && query.data_files.empty()) {
    // No file in a format read here (a loading script, archives): the Hub's own Parquet conversion.
    revision = "refs/convert/parquet";
    auto converted = hub::list_dataset_files(environment, id, revision, progress);
    if (!converted) {
      return make_error(reading.spec.origin + " " + what + ": " + choice.error() + ", and its Parquet conversion: " + converted.error());
    }
    listing = std::move(converted);
    choice = workload::choose_parquet_conversion(listing->files, query);
  }
  if (!choice) return make_error(reading.spec.origin + " " + what + " (" + revision + "): " + choice.error());
  if (progress) {
    progress(describe_choice(what, *choice) + ") at " + revision + " " + listing->commit.substr(0, 12) +
             (listing->from_cache ? ", from the cache" : ""));
  }
  std::vector<std::string> paths;
  for (const std::string& file : choice->files) {
    auto path = hub::fetch_dataset_file(environment, id, revision, *listing, file, progress);
    if (!path) return make_error(reading.spec.origin + " " + path.error());
    paths.push_back(std::move(*path));
  }
  auto dataset = read_files(paths, choice->format, reading, id);
  if (!dataset) return make_error(dataset.error());
  finish(*dataset, describe_choice(id, *choice));
  LoadedDataset loaded;
  loaded.dataset = std::move(*dataset);
  return loaded;
}

}  // namespace

Result<LoadedDataset> load_dataset(const DatasetRequest& request, const tokenizer::Tokenizer* tokenizer, const Progress& progress) {
  Reading reading;
  reading.tokenizer = tokenizer;
  reading.lines_as_prompts = request.lines_as_prompts;
  workload::DatasetSpec& spec = reading.spec;
  if (!request.config_path.empty()) {
    auto read = workload::read_dataset_config(request.config_path);
    if (!read) return make_error(read.error());
    spec = std::move(*read);
    if (!request.path.empty() && progress) progress("--dataset-config is given: --dataset-path is not used (as in Python genai-bench)");
  } else {
    spec.path = request.path;
    spec.file_format = request.format == "auto" ? "" : request.format;
    spec.split = request.split;
    spec.prompt_column = request.prompt_column;
    spec.prompt_column_given = request.prompt_column_given;
    spec.image_column = request.image_column;
  }
  std::optional<workload::PromptLambda> lambda;
  if (!spec.prompt_lambda.empty()) {
    auto parsed = workload::PromptLambda::parse(spec.prompt_lambda);
    if (!parsed) return make_error(spec.origin + ": " + parsed.error());
    lambda = std::move(*parsed);
  }
  reading.columns = {spec.prompt_column, spec.prompt_column_given, spec.image_column, lambda ? &*lambda : nullptr, spec.json_field};
  if (!spec.split.empty()) {
    auto selection = workload::parse_split(spec.split);
    if (!selection) return make_error(spec.origin + ": " + selection.error());
    reading.selection = std::move(*selection);
  }
  std::error_code error;
  if (fs::is_directory(spec.path, error)) return from_folder(reading);
  if (fs::exists(spec.path, error)) return from_file(reading);
  if (!spec.hub && !request.config_path.empty()) return make_error(spec.origin + ": source.path: no such file '" + spec.path + "'");
  if (!hub::is_repo_id(spec.path)) {
    return make_error(spec.origin + ": '" + spec.path + "' is not a file, a folder or a Hugging Face dataset id (ORG/NAME)");
  }
  return from_hub(reading, progress);
}

}  // namespace genai::app
