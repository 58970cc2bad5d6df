#include "workload/dataset_spec.h"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace genai::workload {
namespace {

namespace json = boost::json;

// Reads one object's keys against what is known, each error naming the file and the key's path.
class ConfigReader {
 public:
  explicit ConfigReader(std::string file) : file_(std::move(file)) {}

  std::string fail(const std::string& key, const std::string& message) const {
    return file_ + ": " + key + " " + message;
  }
  // A string, or null (left as it was). Empty error: fine.
  std::string text(const json::value& value, const std::string& key, std::string& out) const {
    if (value.is_null()) return {};
    if (!value.is_string()) return fail(key, "must be a string");
    out = std::string(value.as_string());
    return {};
  }
  std::string boolean(const json::value& value, const std::string& key) const {
    if (value.is_null() || value.is_bool()) return {};
    return fail(key, "must be true or false");
  }

 private:
  std::string file_;
};

// huggingface_kwargs.data_files: "pattern", ["p1", "p2"], or {"train": "p" | [...], "test": ...}.
std::string read_data_files(const ConfigReader& reader, const json::value& value, DatasetSpec& spec) {
  const std::string key = "source.huggingface_kwargs.data_files";
  auto add = [&](const std::string& split, const json::value& patterns) -> std::string {
    if (patterns.is_string()) {
      spec.data_files.emplace_back(split, std::string(patterns.as_string()));
      return {};
    }
    if (!patterns.is_array()) return reader.fail(key, "must be a string, a list of strings or an object of them by split");
    for (const json::value& pattern : patterns.as_array()) {
      if (!pattern.is_string()) return reader.fail(key, "must be a string, a list of strings or an object of them by split");
      spec.data_files.emplace_back(split, std::string(pattern.as_string()));
    }
    return {};
  };
  if (value.is_null()) return {};
  if (!value.is_object()) return add("train", value);
  for (const auto& [split, patterns] : value.as_object()) {
    if (std::string error = add(std::string(split), patterns); !error.empty()) return error;
  }
  return {};
}

std::string read_hub_kwargs(const ConfigReader& reader, const json::value& value, DatasetSpec& spec) {
  if (value.is_null()) return {};
  if (!value.is_object()) return reader.fail("source.huggingface_kwargs", "must be an object");
  // Parameters of load_dataset that tune the Python library itself and change nothing read here.
  static const std::set<std::string> no_effect = {"num_proc", "trust_remote_code", "download_mode", "verification_mode",
                                                  "keep_in_memory", "streaming", "storage_options"};
  for (const auto& [raw_key, item] : value.as_object()) {
    const std::string name(raw_key);
    const std::string key = "source.huggingface_kwargs." + name;
    std::string error;
    if (name == "split") {
      error = reader.text(item, key, spec.split);
    } else if (name == "name") {
      error = reader.text(item, key, spec.config_name);
    } else if (name == "revision") {
      error = reader.text(item, key, spec.revision);
      if (error.empty() && spec.revision.empty()) spec.revision = "main";
    } else if (name == "data_dir") {
      error = reader.text(item, key, spec.data_dir);
    } else if (name == "data_files") {
      error = read_data_files(reader, item, spec);
    } else if (name == "field") {
      error = reader.text(item, key, spec.json_field);
    } else if (name == "cache_dir") {
      error = reader.text(item, key, spec.cache_dir);
    } else if (name == "token" || name == "use_auth_token") {
      // true: the token the environment gives (HF_TOKEN), as the libraries read it anyway.
      if (!item.is_bool()) error = reader.text(item, key, spec.token);
    } else if (no_effect.count(name)) {
      if (name == "streaming") error = reader.boolean(item, key);
    } else {
      error = reader.fail(key, "is not a parameter genai-bench reads (known: split, name, revision, data_dir, data_files, "
                               "field, token, cache_dir; accepted without effect: num_proc, trust_remote_code, "
                               "download_mode, verification_mode, keep_in_memory, streaming)");
    }
    if (!error.empty()) return error;
  }
  return {};
}

std::string read_source(const ConfigReader& reader, const json::value& value, DatasetSpec& spec) {
  if (!value.is_object()) return reader.fail("source", "must be an object with a \"type\"");
  std::string type;
  for (const auto& [raw_key, item] : value.as_object()) {
    const std::string name(raw_key);
    const std::string key = "source." + name;
    std::string error;
    if (name == "type") {
      error = reader.text(item, key, type);
    } else if (name == "path") {
      error = reader.text(item, key, spec.path);
    } else if (name == "file_format") {
      error = reader.text(item, key, spec.file_format);
    } else if (name == "huggingface_kwargs") {
      error = read_hub_kwargs(reader, item, spec);
    } else if (name == "loader_class" || name == "loader_kwargs") {
      if (!item.is_null()) error = reader.fail(key, "names a Python class: custom loaders cannot run here");
    } else {
      error = reader.fail(key, "is not a key of source (known: type, path, file_format, huggingface_kwargs)");
    }
    if (!error.empty()) return error;
  }
  if (type == "custom") return reader.fail("source.type", "\"custom\" loads a Python class: not supported here (use file or huggingface)");
  if (type != "file" && type != "huggingface") return reader.fail("source.type", "must be \"file\" or \"huggingface\"");
  if (spec.path.empty()) return reader.fail("source.path", "is required");
  spec.hub = type == "huggingface";
  static const std::set<std::string> formats = {"", "txt", "text", "csv", "json", "jsonl", "sharegpt", "parquet"};
  if (!formats.count(spec.file_format)) return reader.fail("source.file_format", "must be txt, csv, json, jsonl or parquet");
  if (spec.file_format == "txt") spec.file_format = "text";
  return {};
}

bool read_bound(std::string_view text, std::optional<SplitSelection::Bound>& out) {
  if (text.empty()) return true;
  SplitSelection::Bound bound;
  if (text.back() == '%') {
    bound.percent = true;
    text.remove_suffix(1);
  }
  const char* begin = text.data() + (!text.empty() && text.front() == '+' ? 1 : 0);
  auto [end, error] = std::from_chars(begin, text.data() + text.size(), bound.value);
  if (error != std::errc() || end != text.data() + text.size() || begin == end) return false;
  out = bound;
  return true;
}

}  // namespace

Result<DatasetSpec> read_dataset_config(const std::string& path) {
  std::ifstream file(path);
  if (!file) return make_error("--dataset-config: cannot open '" + path + "'");
  std::stringstream text;
  text << file.rdbuf();
  boost::system::error_code parse_error;
  const json::value root = json::parse(text.str(), parse_error);
  if (parse_error) return make_error("--dataset-config: " + path + ": not valid JSON: " + parse_error.message());
  const ConfigReader reader("--dataset-config " + path);
  if (!root.is_object()) return make_error(reader.fail("(top level)", "must be an object with a \"source\""));
  DatasetSpec spec;
  spec.origin = "--dataset-config " + path;
  bool has_source = false;
  for (const auto& [raw_key, item] : root.as_object()) {
    const std::string key(raw_key);
    std::string error;
    if (key == "source") {
      error = read_source(reader, item, spec);
      has_source = true;
    } else if (key == "prompt_column") {
      error = reader.text(item, key, spec.prompt_column);
      spec.prompt_column_given = !item.is_null();
    } else if (key == "image_column") {
      error = reader.text(item, key, spec.image_column);
    } else if (key == "prompt_lambda") {
      error = reader.text(item, key, spec.prompt_lambda);
    } else if (key == "unsafe_allow_large_images") {
      error = reader.boolean(item, key);  // images are sent as they are, never decoded: nothing to allow
    } else {
      error = reader.fail(key, "is not a key of a dataset config (known: source, prompt_column, image_column, "
                               "prompt_lambda, unsafe_allow_large_images)");
    }
    if (!error.empty()) return make_error(error);
  }
  if (!has_source) return make_error(reader.fail("source", "is required"));
  if (spec.prompt_column.empty()) spec.prompt_column = "prompt";
  return spec;
}

Result<SplitSelection> parse_split(const std::string& text) {
  SplitSelection selection;
  const size_t bracket = text.find('[');
  selection.name = text.substr(0, bracket);
  if (selection.name.empty()) return make_error("split '" + text + "': no split name");
  if (bracket == std::string::npos) return selection;
  const size_t colon = text.find(':', bracket);
  if (text.back() != ']' || colon == std::string::npos) {
    return make_error("split '" + text + "': expected NAME, NAME[start:end] or NAME[start%:end%]");
  }
  const std::string_view view(text);
  if (!read_bound(view.substr(bracket + 1, colon - bracket - 1), selection.start) ||
      !read_bound(view.substr(colon + 1, text.size() - colon - 2), selection.end)) {
    return make_error("split '" + text + "': expected NAME, NAME[start:end] or NAME[start%:end%]");
  }
  return selection;
}

std::pair<size_t, size_t> SplitSelection::rows_of(size_t rows) const {
  const auto total = static_cast<int64_t>(rows);
  auto resolve = [&](const std::optional<Bound>& bound, int64_t fallback) {
    if (!bound) return fallback;
    // datasets rounds percent boundaries to the closest row.
    int64_t at = bound->percent ? static_cast<int64_t>(std::llround(static_cast<double>(bound->value) * static_cast<double>(total) / 100.0))
                                : bound->value;
    if (at < 0) at += total;
    return std::clamp<int64_t>(at, 0, total);
  };
  const int64_t first = resolve(start, 0);
  const int64_t last = std::max(first, resolve(end, total));
  return {static_cast<size_t>(first), static_cast<size_t>(last)};
}

}  // namespace genai::workload
