#include "app/experiment_naming.h"

#include <ctime>
#include <filesystem>

namespace genai::app {

std::string safe_name(std::string text) {
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') c = '_';
  }
  return text;
}

std::string timestamp_for_names() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d_%H%M%S", &local);
  return text;
}

std::string python_experiment_folder_name(const std::string& api_backend, const std::string& server_engine,
                                          const std::string& server_version, const std::string& task,
                                          const std::string& model, const std::string& timestamp) {
  std::string name = api_backend + "_";
  if (!server_engine.empty()) name += server_engine + "_";
  if (!server_version.empty()) name += server_version + "_";
  return safe_name(name + task + "_" + model + "_" + timestamp);
}

std::string python_display_model(const std::string& model_flag, const std::string& tokenizer,
                                  const std::string& api_model_name) {
  if (!model_flag.empty()) return model_flag;
  std::string source = tokenizer.empty() ? api_model_name : tokenizer;
  while (source.size() > 1 && source.back() == '/') source.pop_back();  // a folder given as "path/"
  return source.substr(source.find_last_of('/') + 1);
}

std::string non_colliding_folder(const std::string& base, const std::string& name) {
  auto taken = [](const std::string& path) {
    std::error_code error;
    return std::filesystem::exists(path, error) && !std::filesystem::is_empty(path, error);
  };
  const std::string first = base + "/" + name;
  if (!taken(first)) return first;
  for (int suffix = 2;; ++suffix) {
    const std::string candidate = first + "_" + std::to_string(suffix);
    if (!taken(candidate)) return candidate;
  }
}

}  // namespace genai::app
