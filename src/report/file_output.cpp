#include "report/file_output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace genai::report {

Status write_file_atomically(const std::string& path, std::string_view contents) {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return make_error("cannot write '" + path + "': " + std::strerror(errno));
  // Every failure removes the temporary file: a full disk must not be left fuller, or littered.
  auto failed = [&](int error) -> Status {
    ::close(fd);
    ::unlink(temporary.c_str());
    return make_error("cannot write '" + path + "': " + std::strerror(error));
  };
  while (!contents.empty()) {
    const ssize_t count = ::write(fd, contents.data(), contents.size());
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) return failed(count < 0 ? errno : ENOSPC);
    contents.remove_prefix(static_cast<size_t>(count));
  }
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    return make_error("cannot write '" + path + "': " + std::strerror(error));
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    return make_error("cannot write '" + path + "': " + std::strerror(error));
  }
  return Ok{};
}

std::string format_number(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return text;
}

}  // namespace genai::report
