// Test helper: a named input file in the system's temporary folder, written whole, for the unit
// tests that read files (datasets, traces, tokenizers, YAML configs). Names are prefixed, with
// the process id too: ctest runs tests in parallel processes, and two writing one path raced.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace genai::testing {

inline std::string write_temporary_file(const std::string& name, const std::string& contents) {
  const std::string path = (std::filesystem::temp_directory_path() / ("genai-bench-" + std::to_string(::getpid()) + "-" + name)).string();
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

}  // namespace genai::testing
