// records.jsonl: one line per request, written with one write(2) as each request ends, so a
// crash or Ctrl-C loses at most the requests in flight. Safe to call from every worker thread.
#pragma once

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
  // The first write error, if any (the run goes on; the caller reports it at the end).
  std::string write_error() const;

 private:
  explicit RecordsWriter(int fd) : fd_(fd) {}
  int fd_;
  mutable std::mutex mutex_;
  std::string write_error_;
};

}  // namespace genai::report
