// records.jsonl: one line per request, written with one write(2) as each request ends, so a
// crash or Ctrl-C loses at most the requests in flight. Safe to call from every worker thread.
// A write that fails (disk full, file-size limit) is undone to the last whole line, so the file
// stays readable; every later record is refused, and the owner is told once.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "common/result.h"
#include "metrics/record_sink.h"

namespace genai::report {

class RecordsWriter final : public metrics::RecordSink {
 public:
  static Result<std::unique_ptr<RecordsWriter>> open(const std::string& path);
  ~RecordsWriter() override;
  void append(const metrics::RequestRecord& record) override;
  // Called once, on the thread whose write failed, with the error (e.g. "No space left on device").
  void on_failure(std::function<void(const std::string&)> callback) { on_failure_ = std::move(callback); }
  // The first write error, if any.
  std::string write_error() const;
  // Records refused since the write error (measured, but not on disk).
  uint64_t records_lost() const;

 private:
  RecordsWriter(int fd, off_t size) : fd_(fd), whole_size_(size) {}
  int fd_;
  mutable std::mutex mutex_;
  off_t whole_size_;  // the file's size after the last whole line
  std::string write_error_;
  uint64_t records_lost_ = 0;
  std::function<void(const std::string&)> on_failure_;
};

}  // namespace genai::report
