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
  const off_t size = ::lseek(fd, 0, SEEK_END);
  return std::unique_ptr<RecordsWriter>(new RecordsWriter(fd, size < 0 ? 0 : size));
}

RecordsWriter::~RecordsWriter() { ::close(fd_); }

void RecordsWriter::append(const metrics::RequestRecord& record) {
  const std::string line = record_to_json_line(record);  // serialised outside the lock
  std::function<void(const std::string&)> tell;
  bool failed = false;
  {
    std::lock_guard lock(mutex_);
    if (!write_error_.empty()) {
      ++records_lost_;
      return;
    }
    size_t written = 0;
    while (written < line.size()) {
      const ssize_t count = ::write(fd_, line.data() + written, line.size() - written);
      if (count < 0 && errno == EINTR) continue;
      if (count <= 0) {
        write_error_ = count < 0 ? std::strerror(errno) : "nothing written";
        // Shrinking a file needs no space: the torn part of this line goes, the whole lines stay.
        if (written > 0 && ::ftruncate(fd_, whole_size_) != 0) write_error_ += "; and its last line may be torn";
        ++records_lost_;
        tell = on_failure_;
        failed = true;
        break;
      }
      written += static_cast<size_t>(count);
    }
    if (!failed) whole_size_ += static_cast<off_t>(line.size());
  }
  if (tell) tell(write_error());
}

std::string RecordsWriter::write_error() const {
  std::lock_guard lock(mutex_);
  return write_error_;
}

uint64_t RecordsWriter::records_lost() const {
  std::lock_guard lock(mutex_);
  return records_lost_;
}

}  // namespace genai::report
