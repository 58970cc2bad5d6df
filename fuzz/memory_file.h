// The loaders under test take a path (YAML configs, datasets, traces, tokenizers), so each input
// is written to an in-memory file (memfd) and its /proc/self/fd path handed over: no disk writes,
// and nothing left in /tmp by a crashed run.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace genai::fuzz {

class MemoryFile {
 public:
  MemoryFile() : descriptor_(memfd_create("genai-fuzz-input", 0)) {
    if (descriptor_ < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    path_ = "/proc/self/fd/" + std::to_string(descriptor_);
  }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  // Replaces the file's contents; returns the path to open it by.
  const std::string& write(const uint8_t* data, size_t size) {
    if (ftruncate(descriptor_, 0) != 0 ||
        pwrite(descriptor_, data, size, 0) != static_cast<ssize_t>(size)) {
      std::perror("memory file");
      std::abort();
    }
    return path_;
  }

 private:
  int descriptor_;
  std::string path_;
};

}  // namespace genai::fuzz
