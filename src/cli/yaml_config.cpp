#include "cli/yaml_config.h"

#include <yaml-cpp/yaml.h>

#include <map>
#include <set>

namespace genai::cli {
namespace {

// Errors read "FILE:LINE: message", lines counted from 1 as editors do.
struct Reader {
  std::string path;
  std::string error;

  bool fail(const YAML::Node& node, const std::string& message) {
    if (error.empty()) error = path + ":" + std::to_string(node.Mark().line + 1) + ": " + message;
    return false;
  }

  bool read_string(const YAML::Node& node, const std::string& key, std::string& out) {
    if (!node.IsScalar()) return fail(node, "'" + key + "' must be a string");
    out = node.Scalar();
    return true;
  }

  bool read_integer(const YAML::Node& node, const std::string& key, int64_t minimum, int64_t& out) {
    int64_t value = 0;
    if (!node.IsScalar() || !YAML::convert<int64_t>::decode(node, value) || value < minimum) {
      return fail(node, "'" + key + "' must be an integer of at least " + std::to_string(minimum));
    }
    out = value;
    return true;
  }

  bool read_bool(const YAML::Node& node, const std::string& key, bool& out) {
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, out)) return fail(node, "'" + key + "' must be true or false");
    return true;
  }

  bool read_concurrency(const YAML::Node& node, std::vector<int64_t>& out) {
    out.clear();
    if (node.IsScalar()) {
      int64_t value = 0;
      if (!read_integer(node, "num_concurrent_requests", 1, value)) return false;
      out.push_back(value);
      return true;
    }
    if (!node.IsSequence() || node.size() == 0) {
      return fail(node, "'num_concurrent_requests' must be a positive integer or a list of them");
    }
    for (const auto& item : node) {
      int64_t value = 0;
      if (!read_integer(item, "num_concurrent_requests", 1, value)) return false;
      out.push_back(value);
    }
    return true;
  }

  bool read_cases(const YAML::Node& node, std::vector<YamlCase>& out) {
    if (!node.IsSequence() || node.size() == 0) return fail(node, "'cases' must be a non-empty list");
    for (const auto& item : node) {
      if (!item.IsMap()) return fail(item, "each case must be a map with input_tokens and output_tokens");
      YamlCase entry;
      bool has_input = false, has_output = false;
      for (const auto& field : item) {
        const std::string key = field.first.Scalar();
        if (key == "input_tokens") {
          if (!read_integer(field.second, key, 1, entry.input_tokens)) return false;
          has_input = true;
        } else if (key == "output_tokens") {
          if (!read_integer(field.second, key, 1, entry.output_tokens)) return false;
          has_output = true;
        } else {
          return fail(field.first, "unknown key '" + key + "' in case (expected input_tokens, output_tokens)");
        }
      }
      if (!has_input || !has_output) return fail(item, "a case needs both input_tokens and output_tokens");
      out.push_back(entry);
    }
    return true;
  }
};

}  // namespace

Result<YamlConfig> load_yaml_config(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return make_error("--config: cannot open '" + path + "'");
  } catch (const YAML::ParserException& error) {
    return make_error(path + ":" + std::to_string(error.mark.line + 1) + ": invalid YAML: " + error.msg);
  }
  Reader reader{path, {}};
  if (!root.IsMap()) {
    reader.fail(root, "expected a map of settings (base_url, model, cases, ...)");
    return make_error(reader.error);
  }
  YamlConfig config;
  bool has_cases = false;
  const std::set<std::string> known = {"base_url", "api_key", "model", "output_prefix_name", "output_dir",
                                       "save_format", "stream_writing", "runs", "num_concurrent_requests", "cases",
                                       "dataset_path", "dataset_config", "dataset_prompt_column",
                                       "dataset_image_column", "dataset_split"};
  const std::map<std::string, std::string YamlConfig::*> dataset_keys = {
      {"dataset_path", &YamlConfig::dataset_path},
      {"dataset_config", &YamlConfig::dataset_config},
      {"dataset_prompt_column", &YamlConfig::dataset_prompt_column},
      {"dataset_image_column", &YamlConfig::dataset_image_column},
      {"dataset_split", &YamlConfig::dataset_split}};
  for (const auto& entry : root) {
    const std::string key = entry.first.Scalar();
    const YAML::Node& value = entry.second;
    bool ok = true;
    if (!known.count(key)) {
      ok = reader.fail(entry.first, "unknown key '" + key +
                                        "' (known: base_url, api_key, model, output_prefix_name, output_dir, "
                                        "save_format, stream_writing, runs, num_concurrent_requests, cases, "
                                        "dataset_path, dataset_config, dataset_prompt_column, dataset_image_column, "
                                        "dataset_split)");
    } else if (dataset_keys.count(key)) {
      ok = reader.read_string(value, key, config.*dataset_keys.at(key));
    } else if (key == "base_url") {
      ok = reader.read_string(value, key, config.base_url);
    } else if (key == "api_key") {
      ok = reader.read_string(value, key, config.api_key);
    } else if (key == "model") {
      ok = reader.read_string(value, key, config.model);
    } else if (key == "output_prefix_name") {
      ok = reader.read_string(value, key, config.output_prefix_name);
    } else if (key == "output_dir") {
      ok = reader.read_string(value, key, config.output_dir);
    } else if (key == "save_format") {
      ok = reader.read_string(value, key, config.save_format);
      if (ok && config.save_format != "csv" && config.save_format != "jsonl") {
        ok = reader.fail(value, "'save_format' must be csv or jsonl, not '" + config.save_format + "'");
      }
    } else if (key == "stream_writing") {
      ok = reader.read_bool(value, key, config.stream_writing);
    } else if (key == "runs") {
      ok = reader.read_integer(value, key, 1, config.runs);
    } else if (key == "num_concurrent_requests") {
      ok = reader.read_concurrency(value, config.num_concurrent_requests);
    } else if (key == "cases") {
      ok = reader.read_cases(value, config.cases);
      has_cases = true;
    }
    if (!ok) return make_error(reader.error);
  }
  if (!has_cases) return make_error(path + ": 'cases' is missing (a list of {input_tokens, output_tokens})");
  return config;
}

}  // namespace genai::cli
