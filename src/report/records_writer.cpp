#include "report/records_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "report/record_json.h"

namespace genai::report {

Result<std::unique_ptr<RecordsWriter>> RecordsWriter::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return make_error("cannot open '" + path + "' for writing: " + std::strerror(errno));
  return std::unique_ptr<RecordsWriter>(new RecordsWriter(fd));
}

RecordsWriter::~RecordsWriter() { ::close(fd_); }

void RecordsWriter::append(const metrics::RequestRecord& record) {
  const std::string line = record_to_json_line(record);  // serialised outside the lock
  std::lock_guard lock(mutex_);
  size_t written = 0;
  while (written < line.size()) {
    const ssize_t count = ::write(fd_, line.data() + written, line.size() - written);
    if (count < 0) {
      if (errno == EINTR) continue;
      if (write_error_.empty()) write_error_ = std::strerror(errno);
      return;
    }
    written += static_cast<size_t>(count);
  }
}

std::string RecordsWriter::write_error() const {
  std::lock_guard lock(mutex_);
  return write_error_;
}

}  // namespace genai::report
