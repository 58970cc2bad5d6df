#include "upload/folder_files.h"

#include <algorithm>
#include <cstdint>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace genai::upload {

namespace fs = std::filesystem;

Result<std::vector<LocalFile>> list_folder_files(const std::string& folder) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) return make_error(folder + ": not a folder");
  std::vector<LocalFile> files;
  fs::recursive_directory_iterator walk(folder, fs::directory_options::none, error);
  if (error) return make_error(folder + ": " + error.message());
  for (const fs::recursive_directory_iterator end; walk != end; walk.increment(error)) {
    if (error) return make_error(folder + ": " + error.message());
    if (!walk->is_regular_file(error)) continue;
    LocalFile file;
    file.path = walk->path().string();
    file.relative = walk->path().lexically_relative(folder).generic_string();
    file.size = walk->file_size(error);
    if (error) return make_error(file.path + ": " + error.message());
    files.push_back(std::move(file));
  }
  if (error) return make_error(folder + ": " + error.message());
  std::sort(files.begin(), files.end(), [](const LocalFile& a, const LocalFile& b) { return a.relative < b.relative; });
  return files;
}

std::string object_key(std::string_view prefix, std::string_view folder_name, std::string_view relative) {
  while (!prefix.empty() && prefix.front() == '/') prefix.remove_prefix(1);
  while (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
  std::string key;
  if (!prefix.empty()) key.append(prefix).push_back('/');
  key.append(folder_name).push_back('/');
  key.append(relative);
  return key;
}

std::string folder_name(const std::string& folder) {
  fs::path path = fs::path(folder).lexically_normal();
  if (!path.has_filename()) path = path.parent_path();  // "runs/exp/" normalises to "runs/exp/"
  if (path.filename() == "." || path.filename() == ".." || path.empty()) {
    std::error_code error;
    const fs::path absolute = fs::weakly_canonical(fs::absolute(folder), error);
    if (!error && absolute.has_filename()) return absolute.filename().string();
  }
  return path.filename().string();
}

std::string_view content_type_for(std::string_view path) {
  const size_t dot = path.find_last_of('.');
  const size_t slash = path.find_last_of('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "application/octet-stream";
  std::string extension(path.substr(dot + 1));
  std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
  static constexpr std::pair<std::string_view, std::string_view> types[] = {
      {"json", "application/json"},
      {"jsonl", "application/x-ndjson"},
      {"csv", "text/csv"},
      {"html", "text/html"},
      {"png", "image/png"},
      {"svg", "image/svg+xml"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"log", "text/plain"},
      {"txt", "text/plain"},
      {"gp", "text/plain"},
      {"yaml", "application/yaml"},
      {"yml", "application/yaml"},
      {"gz", "application/gzip"},
  };
  for (const auto& [known, type] : types) {
    if (extension == known) return type;
  }
  return "application/octet-stream";
}

std::string percent_encode(std::string_view text, bool keep_slash) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3 / 2);
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~' || (keep_slash && c == '/')) {
      out += c;
    } else {
      out += '%';
      out += digits[byte >> 4];
      out += digits[byte & 0x0f];
    }
  }
  return out;
}

Result<uint64_t> parse_byte_size(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 15) return make_error("\"" + std::string(text) + "\" is not a size (16MiB, 5MB, 1048576)");
  const uint64_t number = std::stoull(std::string(text.substr(0, digits)));
  std::string unit(text.substr(digits));
  std::transform(unit.begin(), unit.end(), unit.begin(), [](unsigned char c) { return std::tolower(c); });
  static constexpr std::pair<std::string_view, uint64_t> units[] = {
      {"", 1},          {"b", 1},
      {"kb", 1000},     {"mb", 1000 * 1000},     {"gb", 1000ull * 1000 * 1000},
      {"kib", 1 << 10}, {"mib", 1 << 20},        {"gib", 1ull << 30},
      {"k", 1 << 10},   {"m", 1 << 20},          {"g", 1ull << 30},
  };
  for (const auto& [name, scale] : units) {
    if (unit != name) continue;
    if (number > UINT64_MAX / scale) return make_error("\"" + std::string(text) + "\" is too large");
    return number * scale;
  }
  return make_error("\"" + std::string(text) + "\" has an unknown unit (B, KB, MB, GB, KiB, MiB, GiB)");
}

Status for_each_part(const LocalFile& file, uint64_t part_size,
                     const std::function<Status(int number, const std::string& bytes)>& send) {
  int number = 1;
  for (uint64_t offset = 0; offset < file.size; offset += part_size, ++number) {
    Result<std::string> bytes = read_file_range(file.path, offset, std::min(part_size, file.size - offset));
    if (!bytes) return make_error(bytes.error());
    if (Status sent = send(number, *bytes); !sent) return sent;
  }
  return Ok{};
}

Result<std::string> read_file_range(const std::string& path, uint64_t offset, uint64_t length) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error(path + ": cannot be read");
  if (length == 0 && offset == 0) {
    std::error_code error;
    length = fs::file_size(path, error);
    if (error) return make_error(path + ": " + error.message());
  }
  std::string bytes(length, '\0');
  file.seekg(static_cast<std::streamoff>(offset));
  file.read(bytes.data(), static_cast<std::streamsize>(length));
  if (static_cast<uint64_t>(file.gcount()) != length) {
    return make_error(path + ": changed while being uploaded (" + std::to_string(file.gcount()) + " of " +
                      std::to_string(length) + " bytes read at offset " + std::to_string(offset) + ")");
  }
  return bytes;
}

}  // namespace genai::upload
