#include "report/records_merge.h"

#include <fstream>
#include <memory>
#include <optional>
#include <queue>

#include "metrics/record.h"
#include "report/record_json.h"

namespace genai::report {

namespace {

// Records are appended as their requests end, so a file is in end-time order but for requests
// that ended close together (one was processed a little before another that ended first). Each
// input is read through a window of this many records, smallest end time out first: disorder
// within the window is put right, and memory stays bounded (about 2 MB an input).
constexpr size_t kReorderWindow = 8192;

struct LaterEnd {
  bool operator()(const metrics::RequestRecord& a, const metrics::RequestRecord& b) const { return a.t_end_ns > b.t_end_ns; }
};

// One input file, read a record at a time.
class RecordsReader {
 public:
  RecordsReader(const RecordsToMerge& input) : input_(input), file_(input.path) {}
  bool opened() const { return file_.is_open(); }

  // The input's next record in end-time order (moved onto the merged clock); nothing at the end.
  Result<std::optional<metrics::RequestRecord>> next(std::vector<std::string>& warnings) {
    while (!ended_ && window_.size() < kReorderWindow) {
      auto read = read_record(warnings);
      if (!read) return make_error(read.error());
      if (!*read) {
        ended_ = true;
        break;
      }
      window_.push(std::move(**read));
    }
    if (window_.empty()) return std::optional<metrics::RequestRecord>();
    metrics::RequestRecord record = window_.top();
    window_.pop();
    return std::optional<metrics::RequestRecord>(std::move(record));
  }

 private:
  // The file's next record. A line that is not a record is an error unless it is the file's last
  // (torn by a full disk or a kill: left out, with a warning).
  Result<std::optional<metrics::RequestRecord>> read_record(std::vector<std::string>& warnings) {
    std::string line;
    while (std::getline(file_, line)) {
      ++line_number_;
      if (line.empty()) continue;
      auto record = record_from_json_line(line);
      if (!record) {
        if (file_.peek() == std::char_traits<char>::eof()) {
          warnings.push_back(input_.path + ":" + std::to_string(line_number_) + ": a torn last record, left out (" + record.error() + ")");
          return std::optional<metrics::RequestRecord>();
        }
        return make_error(input_.path + ":" + std::to_string(line_number_) + ": " + record.error());
      }
      shift(*record);
      return std::optional<metrics::RequestRecord>(std::move(*record));
    }
    return std::optional<metrics::RequestRecord>();
  }

  void shift(metrics::RequestRecord& record) const {
    for (int64_t* time : {&record.t_sched_ns, &record.t_start_ns, &record.t_connected_ns, &record.t_sent_ns,
                          &record.t_first_ns, &record.t_end_ns}) {
      if (*time != metrics::kNoTime) *time += input_.offset_ns;
    }
  }

  RecordsToMerge input_;
  std::ifstream file_;
  uint64_t line_number_ = 0;
  bool ended_ = false;
  std::priority_queue<metrics::RequestRecord, std::vector<metrics::RequestRecord>, LaterEnd> window_;
};

struct Head {
  int64_t t_end_ns;
  size_t input;
  metrics::RequestRecord record;
  bool operator>(const Head& other) const {
    return t_end_ns != other.t_end_ns ? t_end_ns > other.t_end_ns : input > other.input;
  }
};

}  // namespace

Result<MergedRecords> merge_records(const std::vector<RecordsToMerge>& inputs, const std::string& out_path) {
  MergedRecords merged;
  merged.per_input.assign(inputs.size(), 0);
  std::vector<std::unique_ptr<RecordsReader>> readers;
  for (const RecordsToMerge& input : inputs) {
    readers.push_back(std::make_unique<RecordsReader>(input));
    if (!readers.back()->opened()) return make_error(input.path + ": cannot be read");
  }
  std::ofstream out(out_path, std::ios::trunc);
  if (!out) return make_error(out_path + ": cannot be written");
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heads;
  auto refill = [&](size_t input) -> Status {
    auto next = readers[input]->next(merged.warnings);
    if (!next) return make_error(next.error());
    if (*next) heads.push(Head{(*next)->t_end_ns, input, std::move(**next)});
    return Ok{};
  };
  for (size_t input = 0; input < readers.size(); ++input) {
    if (auto status = refill(input); !status) return make_error(status.error());
  }
  while (!heads.empty()) {
    Head head = heads.top();
    heads.pop();
    out << record_to_json_line(head.record);
    ++merged.records;
    ++merged.per_input[head.input];
    if (auto status = refill(head.input); !status) return make_error(status.error());
  }
  out.flush();
  if (!out) return make_error(out_path + ": write failed (disk full?)");
  return merged;
}

}  // namespace genai::report
