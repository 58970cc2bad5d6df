#include "workload/dataset_images.h"

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/base64.h"
#include "workload/dataset.h"
#include "workload/dataset_files.h"

namespace genai::workload {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

Result<std::string> read_bytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("cannot open image '" + path + "'");
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

Result<std::string> data_url(std::string_view bytes, const std::string& what) {
  const std::string_view type = image_media_type(bytes);
  if (type.empty()) return make_error(what + " is not a PNG, JPEG, WebP or GIF image");
  return "data:" + std::string(type) + ";base64," + base64_encode(bytes);
}

// The metadata file's rows by file_name (relative to the metadata file's folder).
Status read_metadata(const fs::path& metadata, std::map<std::string, json::object>& by_file) {
  std::ifstream file(metadata);
  std::stringstream text;
  text << file.rdbuf();
  std::vector<json::object> rows;
  if (metadata.extension() == ".jsonl") {
    std::string line;
    for (int number = 1; std::getline(text, line); ++number) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      boost::system::error_code error;
      json::value row = json::parse(line, error);
      if (error || !row.is_object()) return make_error(metadata.string() + ":" + std::to_string(number) + ": not a JSON object");
      rows.push_back(std::move(row.as_object()));
    }
  } else {
    auto table = parse_csv(text.str());
    if (!table) return make_error(metadata.string() + ": " + table.error());
    for (size_t r = 1; r < table->size(); ++r) {
      json::object row;
      for (size_t c = 0; c < (*table)[0].size() && c < (*table)[r].size(); ++c) row[(*table)[0][c]] = (*table)[r][c];
      rows.push_back(std::move(row));
    }
  }
  for (json::object& row : rows) {
    const json::value* name = row.if_contains("file_name");
    if (name == nullptr || !name->is_string()) return make_error(metadata.string() + ": every row needs a \"file_name\"");
    const std::string key = (metadata.parent_path() / std::string(name->as_string())).lexically_normal().string();
    row.erase("file_name");
    by_file[key] = std::move(row);
  }
  return Ok{};
}

}  // namespace

std::string_view image_media_type(std::string_view bytes) {
  if (bytes.starts_with("\x89PNG\r\n\x1a\n")) return "image/png";
  if (bytes.starts_with("\xff\xd8\xff")) return "image/jpeg";
  if (bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a")) return "image/gif";
  if (bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP") return "image/webp";
  return "";
}

Result<std::string> image_url_of(const json::value& value, const std::string& base_folder) {
  auto from_path = [&](std::string_view path) -> Result<std::string> {
    const fs::path full = fs::path(path).is_absolute() ? fs::path(path) : fs::path(base_folder) / path;
    auto bytes = read_bytes(full.string());
    if (!bytes) return make_error(bytes.error());
    return data_url(*bytes, "'" + full.string() + "'");
  };
  if (value.is_string()) {
    const std::string_view text = value.as_string();
    if (text.starts_with("http://") || text.starts_with("https://") || text.starts_with("data:")) return std::string(text);
    if (text.empty()) return make_error("an empty image value");
    return from_path(text);
  }
  if (value.is_object()) {  // Hugging Face's Image feature: {"bytes": ..., "path": ...}
    const json::object& image = value.as_object();
    if (const json::value* bytes = image.if_contains("bytes"); bytes != nullptr && bytes->is_string() && !bytes->as_string().empty()) {
      return data_url(bytes->as_string(), "an image's bytes");
    }
    if (const json::value* path = image.if_contains("path"); path != nullptr && path->is_string() && !path->as_string().empty()) {
      const std::string_view text = path->as_string();
      if (text.starts_with("http://") || text.starts_with("https://")) return std::string(text);
      return from_path(text);
    }
  }
  return make_error("an image must be a URL, a file path or {\"bytes\", \"path\"}");
}

Result<std::vector<json::value>> image_rows(const std::vector<std::string>& files) {
  std::vector<fs::path> images;
  std::map<std::string, json::object> metadata;
  for (const std::string& file : files) {
    const fs::path path = fs::path(file).lexically_normal();
    const std::string name = path.filename().string();
    if (name == "metadata.jsonl" || name == "metadata.csv") {
      if (auto status = read_metadata(path, metadata); !status) return make_error(status.error());
    } else if (format_of_file(name) == "images") {
      images.push_back(path);
    }
  }
  std::sort(images.begin(), images.end());
  std::vector<json::value> rows;
  for (const fs::path& image : images) {
    json::object row;
    if (auto found = metadata.find(image.string()); found != metadata.end()) row = found->second;
    row["image"] = json::object{{"path", image.string()}};
    rows.emplace_back(std::move(row));
  }
  return rows;
}

}  // namespace genai::workload
