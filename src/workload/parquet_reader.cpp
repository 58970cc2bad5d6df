// Maps the file into memory (read once, and only the pages of the columns asked for are touched)
// and hands it to parquet_file.cpp; errors gain the file's name.
#include "workload/parquet_reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "workload/parquet_file.h"

namespace genai::workload {
namespace {

class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() {
    if (data_ != nullptr) munmap(data_, size_);
  }

  // An empty string, or why the file cannot be read.
  std::string open(const std::string& path) {
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) return std::strerror(errno);
    struct stat info {};
    std::string error;
    if (fstat(descriptor, &info) != 0) {
      error = std::strerror(errno);
    } else if (!S_ISREG(info.st_mode)) {
      error = "not a regular file";
    } else if (info.st_size > 0) {
      size_ = static_cast<size_t>(info.st_size);
      void* mapped = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, descriptor, 0);
      if (mapped == MAP_FAILED) {
        error = std::strerror(errno);
        size_ = 0;
      } else {
        data_ = mapped;
      }
    }
    close(descriptor);
    return error;
  }

  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace

Result<std::vector<std::string>> parquet_leaf_columns(const std::string& path) {
  MappedFile file;
  if (std::string error = file.open(path); !error.empty()) return make_error(path + ": " + error);
  auto columns = parquet_leaf_columns_from_bytes(file.bytes());
  if (!columns) return make_error(path + ": " + columns.error());
  return columns;
}

Result<ParquetTable> read_parquet(const std::string& path, const std::vector<std::string>& columns) {
  MappedFile file;
  if (std::string error = file.open(path); !error.empty()) return make_error(path + ": " + error);
  auto table = read_parquet_from_bytes(file.bytes(), columns);
  if (!table) return make_error(path + ": " + table.error());
  return table;
}

}  // namespace genai::workload
