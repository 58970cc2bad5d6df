#include "report/case_rows.h"

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "report/file_output.h"

namespace genai::report {

double case_throughput_tps(double tpot_ms, int64_t num_concurrent_requests) {
  return tpot_ms > 0 ? 1000.0 / tpot_ms * static_cast<double>(num_concurrent_requests) : 0.0;
}

Status append_case_row(const std::string& path, const std::string& format, const CaseRow& row) {
  std::error_code error;
  const bool is_new = !std::filesystem::exists(path, error) || std::filesystem::file_size(path, error) == 0;
  std::ofstream file(path, std::ios::app | std::ios::binary);
  if (!file) return make_error("cannot write '" + path + "': " + std::strerror(errno));
  if (format == "jsonl") {
    boost::json::object object{{"@timestamp", row.timestamp},
                               {"model", row.model},
                               {"input_tokens", row.input_tokens},
                               {"output_tokens", row.output_tokens},
                               {"runs", row.runs},
                               {"num_concurrent_requests", row.num_concurrent_requests},
                               {"TTFT (ms)", row.ttft_ms},
                               {"TPOT (ms)", row.tpot_ms},
                               {"Throughput (TPS)", row.throughput_tps}};
    file << boost::json::serialize(object) << "\n";
  } else {
    if (is_new) file << "@timestamp,model,input_tokens,output_tokens,runs,num_concurrent_requests,TTFT (ms),TPOT (ms),Throughput (TPS)\n";
    std::string model = row.model;
    if (model.find_first_of(",\"") != std::string::npos) {  // RFC 4180 quoting
      std::string quoted = "\"";
      for (char c : model) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      model = quoted + "\"";
    }
    file << row.timestamp << "," << model << "," << row.input_tokens << "," << row.output_tokens << "," << row.runs
         << "," << row.num_concurrent_requests << "," << format_number(row.ttft_ms, 8) << ","
         << format_number(row.tpot_ms, 8) << "," << format_number(row.throughput_tps, 8) << "\n";
  }
  if (!file.flush()) return make_error("cannot write '" + path + "': " + std::strerror(errno));
  return Ok{};
}

}  // namespace genai::report
