// Where finished records go as each request ends (records.jsonl, in practice). Implementations
// must accept calls from every worker thread at once.
#pragma once

#include "metrics/record.h"

namespace genai::metrics {

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void append(const RequestRecord& record) = 0;
};

}  // namespace genai::metrics
