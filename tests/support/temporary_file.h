// Test helper: a named input file in the system's temporary folder, written whole, for the unit
// tests that read files (datasets, traces, tokenizers, YAML configs). Names are prefixed so they
// cannot meet anything else there.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace genai::testing {

inline std::string write_temporary_file(const std::string& name, const std::string& contents) {
  const std::string path = (std::filesystem::temp_directory_path() / ("genai-bench-" + name)).string();
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

}  // namespace genai::testing
