#include "workload/dataset_files.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

namespace genai::workload {
namespace {

struct SplitKeywords {
  const char* split;
  std::array<const char*, 4> keywords;
};
constexpr SplitKeywords kSplitKeywords[] = {
    {"train", {"train", "training", nullptr, nullptr}},
    {"validation", {"validation", "valid", "dev", "val"}},
    {"test", {"test", "testing", "eval", "evaluation"}},
};

bool separator(char c) { return c == '-' || c == '.' || c == '_' || c == ' ' || std::isdigit(static_cast<unsigned char>(c)); }

// `name` holds `keyword` with a separator (or the name's edge) on each side.
bool holds_keyword(std::string_view name, std::string_view keyword) {
  for (size_t at = name.find(keyword); at != std::string_view::npos; at = name.find(keyword, at + 1)) {
    const size_t end = at + keyword.size();
    if ((at == 0 || separator(name[at - 1])) && (end == name.size() || separator(name[end]))) return true;
  }
  return false;
}

bool hidden(std::string_view path) {
  size_t start = 0;
  while (start < path.size()) {
    const size_t slash = path.find('/', start);
    const std::string_view part = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.starts_with('.') || part.starts_with("__")) return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

std::string_view file_name(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_image_metadata(std::string_view path) {
  const std::string_view name = file_name(path);
  return name == "metadata.jsonl" || name == "metadata.csv";
}

// Train, validation and test first, then the others in the order found.
std::vector<std::string> ordered_splits(const std::map<std::string, std::vector<std::string>>& by_split,
                                        const std::vector<std::string>& found_order) {
  std::vector<std::string> splits;
  for (const auto& known : kSplitKeywords) {
    if (by_split.count(known.split)) splits.push_back(known.split);
  }
  for (const std::string& split : found_order) {
    if (std::find(splits.begin(), splits.end(), split) == splits.end()) splits.push_back(split);
  }
  return splits;
}

using SplitMap = std::map<std::string, std::vector<std::string>>;

// Steps 2-4 of the header on `files` (already filtered).
std::pair<SplitMap, std::vector<std::string>> default_layout(const std::vector<std::string>& files) {
  SplitMap by_split;
  std::vector<std::string> order;
  auto add = [&](const std::string& split, const std::string& file) {
    if (!by_split.count(split)) order.push_back(split);
    by_split[split].push_back(file);
  };
  for (const std::string& file : files) {  // data/SPLIT-00000-of-00001*.*
    if (!file.starts_with("data/") || file.find('/', 5) != std::string::npos) continue;
    const std::string_view name = std::string_view(file).substr(5);
    const size_t of = name.find("-of-");
    if (of == std::string_view::npos || of < 6 || of + 9 > name.size()) continue;
    auto digits = [&](size_t at) {
      return std::all_of(name.begin() + static_cast<long>(at), name.begin() + static_cast<long>(at + 5),
                         [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    if (name[of - 6] != '-' || !digits(of - 5) || !digits(of + 4) || name.find('.', of + 9) == std::string_view::npos) continue;
    add(std::string(name.substr(0, of - 6)), file);
  }
  if (!by_split.empty()) return {by_split, order};
  for (const bool in_folder_names : {true, false}) {
    for (const auto& known : kSplitKeywords) {
      for (const std::string& file : files) {
        const std::string_view path = file;
        const size_t last_slash = path.rfind('/');
        bool match = false;
        for (const char* keyword : known.keywords) {
          if (keyword == nullptr) continue;
          if (!in_folder_names) {
            match = match || holds_keyword(file_name(path), keyword);
            continue;
          }
          size_t start = 0;
          while (last_slash != std::string_view::npos && start < last_slash) {
            const size_t slash = path.find('/', start);
            match = match || holds_keyword(path.substr(start, slash - start), keyword);
            start = slash + 1;
          }
        }
        if (match) add(known.split, file);
      }
    }
    if (!by_split.empty()) return {by_split, order};
  }
  for (const std::string& file : files) add("train", file);
  return {by_split, order};
}

// The README's front matter `configs:` entries.
struct ReadmeConfig {
  std::string name;
  std::string data_dir;
  std::vector<std::pair<std::string, std::string>> data_files;  // (split, pattern)
  bool is_default = false;
};

std::vector<ReadmeConfig> readme_configs(std::string_view readme) {
  std::vector<ReadmeConfig> configs;
  if (!readme.starts_with("---")) return configs;
  const size_t end = readme.find("\n---", 3);
  if (end == std::string_view::npos) return configs;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(readme.substr(3, end - 3)));
  } catch (const YAML::Exception&) {
    return configs;  // a card whose metadata does not parse: the default layout, as the Hub shows it
  }
  if (!root.IsMap() || !root["configs"] || !root["configs"].IsSequence()) return configs;
  for (const YAML::Node& node : root["configs"]) {
    if (!node.IsMap()) continue;
    ReadmeConfig config;
    config.name = node["config_name"] ? node["config_name"].as<std::string>("default") : "default";
    config.data_dir = node["data_dir"] ? node["data_dir"].as<std::string>("") : "";
    config.is_default = node["default"] && node["default"].as<bool>(false);
    const YAML::Node files = node["data_files"];
    auto add_patterns = [&](const std::string& split, const YAML::Node& patterns) {
      if (patterns.IsScalar()) config.data_files.emplace_back(split, patterns.as<std::string>());
      if (patterns.IsSequence()) {
        for (const YAML::Node& pattern : patterns) {
          if (pattern.IsScalar()) config.data_files.emplace_back(split, pattern.as<std::string>());
        }
      }
    };
    if (files && files.IsSequence() && files.size() > 0 && files[0].IsMap()) {
      for (const YAML::Node& entry : files) {
        if (entry.IsMap() && entry["split"] && entry["path"]) add_patterns(entry["split"].as<std::string>(), entry["path"]);
      }
    } else if (files && files.IsMap()) {
      for (const auto& entry : files) add_patterns(entry.first.as<std::string>(), entry.second);
    } else if (files) {
      add_patterns("train", files);
    }
    configs.push_back(std::move(config));
  }
  return configs;
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// Keeps the files of the most common format (images bring their metadata files along).
Result<std::string> keep_one_format(std::vector<std::string>& files) {
  std::map<std::string, size_t> counts;
  for (const std::string& file : files) {
    const std::string_view format = format_of_file(file);
    if (!format.empty() && !is_image_metadata(file)) ++counts[std::string(format)];
  }
  if (counts.empty()) return make_error("no data files of a format read here (parquet, json, jsonl, csv, txt, images)");
  std::string format;
  size_t most = 0;
  for (const char* candidate : {"parquet", "json", "csv", "text", "images"}) {  // ties: the first
    if (counts[candidate] > most) {
      most = counts[candidate];
      format = candidate;
    }
  }
  std::erase_if(files, [&](const std::string& file) {
    return format_of_file(file) != format && !(format == "images" && is_image_metadata(file));
  });
  return format;
}

Result<SplitFiles> pick_split(SplitMap by_split, const std::vector<std::string>& found_order, const std::string& wanted) {
  SplitFiles chosen;
  chosen.splits = ordered_splits(by_split, found_order);
  if (chosen.splits.empty()) return make_error("no data files found");
  chosen.split = wanted.empty() ? chosen.splits.front() : wanted;
  if (!by_split.count(chosen.split)) {
    return make_error("no split '" + chosen.split + "' (splits: " + joined(chosen.splits) + ")");
  }
  chosen.files = std::move(by_split[chosen.split]);
  std::sort(chosen.files.begin(), chosen.files.end());
  chosen.files.erase(std::unique(chosen.files.begin(), chosen.files.end()), chosen.files.end());
  auto format = keep_one_format(chosen.files);
  if (!format) return make_error("split '" + chosen.split + "': " + format.error());
  chosen.format = *format;
  return chosen;
}

std::string under(const std::string& folder, const std::string& pattern) {
  if (folder.empty()) return pattern;
  if (pattern.empty()) return folder.ends_with('/') ? folder.substr(0, folder.size() - 1) : folder;
  return folder + (folder.ends_with('/') ? "" : "/") + pattern;
}

Result<SplitFiles> from_patterns(const std::vector<std::string>& files, const std::vector<std::pair<std::string, std::string>>& patterns,
                                 const std::string& data_dir, const std::string& wanted) {
  SplitMap by_split;
  std::vector<std::string> order;
  for (const auto& [split, pattern] : patterns) {
    if (!by_split.count(split)) order.push_back(split);
    auto& matched = by_split[split];
    const std::string full = under(data_dir, pattern);
    for (const std::string& file : files) {
      if (glob_match(full, file) || (full.find_first_of("*?[") == std::string::npos && file.starts_with(full + "/"))) {
        matched.push_back(file);
      }
    }
  }
  std::erase_if(by_split, [](const auto& entry) { return entry.second.empty(); });
  std::erase_if(order, [&](const std::string& split) { return !by_split.count(split); });
  return pick_split(std::move(by_split), order, wanted);
}

bool glob_from(std::string_view pattern, std::string_view path) {
  while (!pattern.empty()) {
    if (pattern.starts_with("**")) {
      pattern.remove_prefix(2);
      const bool slash_after = pattern.starts_with('/');
      for (size_t skip = 0; skip <= path.size(); ++skip) {
        // "**/" also matches no folder at all.
        if (slash_after && (skip == 0 || path[skip - 1] == '/') && glob_from(pattern.substr(1), path.substr(skip))) return true;
        if (!slash_after && glob_from(pattern, path.substr(skip))) return true;
      }
      return false;
    }
    const char c = pattern.front();
    if (c == '*') {
      pattern.remove_prefix(1);
      for (size_t skip = 0; skip <= path.size(); ++skip) {
        if (glob_from(pattern, path.substr(skip))) return true;
        if (skip < path.size() && path[skip] == '/') return false;
      }
      return false;
    }
    if (path.empty()) return false;
    if (c == '[') {
      const size_t close = pattern.find(']', 2);
      if (close == std::string_view::npos) return false;
      std::string_view set = pattern.substr(1, close - 1);
      const bool negate = !set.empty() && (set.front() == '!' || set.front() == '^');
      if (negate) set.remove_prefix(1);
      bool in = false;
      for (size_t i = 0; i < set.size(); ++i) {
        if (i + 2 < set.size() && set[i + 1] == '-') {
          in = in || (path.front() >= set[i] && path.front() <= set[i + 2]);
          i += 2;
        } else {
          in = in || path.front() == set[i];
        }
      }
      if (in == negate || path.front() == '/') return false;
      pattern.remove_prefix(close + 1);
    } else {
      if (c != '?' && c != path.front()) return false;
      if (c == '?' && path.front() == '/') return false;
      pattern.remove_prefix(1);
    }
    path.remove_prefix(1);
  }
  return path.empty();
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) { return glob_from(pattern, path); }

std::string_view format_of_file(std::string_view path) {
  std::string lower(file_name(path));
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto ends = [&](std::string_view suffix) { return lower.ends_with(suffix); };
  if (ends(".parquet")) return "parquet";
  if (ends(".jsonl") || ends(".json")) return "json";
  if (ends(".csv")) return "csv";
  if (ends(".txt")) return "text";
  if (ends(".png") || ends(".jpg") || ends(".jpeg") || ends(".webp") || ends(".gif")) return "images";
  return "";
}

Result<SplitFiles> choose_split_files(const std::vector<std::string>& all_files, const SplitQuery& query, std::string_view readme) {
  std::vector<std::string> files;
  for (const std::string& file : all_files) {
    if (!hidden(file) && !format_of_file(file).empty()) files.push_back(file);
  }
  if (!query.data_files.empty()) return from_patterns(files, query.data_files, query.data_dir, query.split);
  const std::vector<ReadmeConfig> configs = readme_configs(readme);
  if (!configs.empty()) {
    const ReadmeConfig* chosen = nullptr;
    std::vector<std::string> names;
    for (const ReadmeConfig& config : configs) names.push_back(config.name);
    for (const ReadmeConfig& config : configs) {
      if (!query.config.empty() ? config.name == query.config : config.is_default) chosen = &config;
    }
    if (chosen == nullptr && query.config.empty()) {
      for (const ReadmeConfig& config : configs) {
        if (config.name == "default") chosen = &config;
      }
      if (configs.size() == 1) chosen = &configs.front();
    }
    if (chosen == nullptr) {
      return make_error((query.config.empty() ? std::string("several configurations") : "no configuration '" + query.config + "'") +
                        " (configurations: " + joined(names) + "); name one with huggingface_kwargs.name in --dataset-config");
    }
    const std::string data_dir = under(chosen->data_dir, query.data_dir);
    Result<SplitFiles> result = make_error("");
    if (!chosen->data_files.empty()) {
      result = from_patterns(files, chosen->data_files, data_dir, query.split);
    } else {
      std::vector<std::string> inside;
      for (const std::string& file : files) {
        if (data_dir.empty() || file.starts_with(data_dir + "/")) inside.push_back(file);
      }
      auto [by_split, order] = default_layout(inside);
      result = pick_split(std::move(by_split), order, query.split);
    }
    if (result) result->config = chosen->name;
    return result;
  }
  std::string folder = query.data_dir;
  if (!query.config.empty()) {  // no configs declared: a folder named after the configuration
    const bool exists = std::any_of(files.begin(), files.end(), [&](const std::string& file) { return file.starts_with(query.config + "/"); });
    if (!exists) return make_error("no configuration '" + query.config + "' (the README declares none, and no folder has that name)");
    folder = under(query.config, query.data_dir);
  }
  std::vector<std::string> inside;
  for (const std::string& file : files) {
    if (folder.empty() || file.starts_with(folder + (folder.ends_with('/') ? "" : "/"))) inside.push_back(file);
  }
  auto [by_split, order] = default_layout(inside);
  Result<SplitFiles> result = pick_split(std::move(by_split), order, query.split);
  if (result) result->config = query.config;
  return result;
}

Result<SplitFiles> choose_parquet_conversion(const std::vector<std::string>& files, const SplitQuery& query) {
  // CONFIG/SPLIT/NNNN.parquet, or CONFIG/partial-SPLIT/NNNN.parquet for a conversion cut short.
  std::map<std::string, SplitMap> by_config;
  std::map<std::string, std::vector<std::string>> order;
  for (const std::string& file : files) {
    const size_t first = file.find('/');
    const size_t second = first == std::string::npos ? first : file.find('/', first + 1);
    if (second == std::string::npos || !file.ends_with(".parquet") || file.find('/', second + 1) != std::string::npos) continue;
    const std::string config = file.substr(0, first);
    std::string split = file.substr(first + 1, second - first - 1);
    if (split.starts_with("partial-")) split.erase(0, 8);
    if (!by_config[config].count(split)) order[config].push_back(split);
    by_config[config][split].push_back(file);
  }
  std::vector<std::string> names;
  for (const auto& [name, splits] : by_config) names.push_back(name);
  std::string config = query.config;
  if (config.empty()) config = by_config.count("default") ? "default" : names.size() == 1 ? names.front() : "";
  if (config.empty() || !by_config.count(config)) {
    if (names.empty()) return make_error("the Parquet conversion holds no files");
    return make_error((query.config.empty() ? std::string("several configurations") : "no configuration '" + query.config + "'") +
                      " (configurations: " + joined(names) + "); name one with huggingface_kwargs.name in --dataset-config");
  }
  Result<SplitFiles> result = pick_split(std::move(by_config[config]), order[config], query.split);
  if (result) result->config = config;
  return result;
}

}  // namespace genai::workload
