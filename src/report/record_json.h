// One RequestRecord as one line of records.jsonl, and back: the file every report is rebuilt
// from, so the round trip must be exact.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "metrics/record.h"

namespace genai::report {

std::string record_to_json_line(const metrics::RequestRecord& record);  // ends with '\n'
Result<metrics::RequestRecord> record_from_json_line(std::string_view line);

}  // namespace genai::report
