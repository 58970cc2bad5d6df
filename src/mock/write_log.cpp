#include "mock/write_log.h"

#include <boost/json.hpp>

#include "common/json_escape.h"

namespace genai::mock {

void WriteLog::add(RequestWrites writes) {
  std::lock_guard lock(mutex_);
  entries_.push_back(std::move(writes));
}

std::vector<RequestWrites> WriteLog::drain() {
  std::lock_guard lock(mutex_);
  return std::exchange(entries_, {});
}

namespace {

void append_times(std::string& out, const std::vector<int64_t>& times) {
  out.push_back('[');
  for (size_t i = 0; i < times.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += std::to_string(times[i]);
  }
  out.push_back(']');
}

bool read_times(const boost::json::object& object, const char* key, std::vector<int64_t>& times) {
  const auto* array = object.if_contains(key);
  if (array == nullptr || !array->is_array()) return false;
  for (const auto& value : array->as_array()) {
    if (!value.is_int64()) return false;
    times.push_back(value.as_int64());
  }
  return true;
}

}  // namespace

std::string write_log_jsonl(const std::vector<RequestWrites>& entries) {
  std::string out;
  for (const RequestWrites& entry : entries) {
    out += "{\"id\":";
    append_json_string(out, entry.id);
    out += ",\"arrival_ns\":" + std::to_string(entry.arrival_ns) + ",\"due_ns\":";
    append_times(out, entry.due_ns);
    out += ",\"written_ns\":";
    append_times(out, entry.written_ns);
    out += "}\n";
  }
  return out;
}

Result<std::vector<RequestWrites>> parse_write_log(std::string_view jsonl) {
  std::vector<RequestWrites> entries;
  size_t line_number = 0;
  while (!jsonl.empty()) {
    const size_t end = jsonl.find('\n');
    const std::string_view line = jsonl.substr(0, end);
    jsonl = end == std::string_view::npos ? std::string_view() : jsonl.substr(end + 1);
    ++line_number;
    if (line.empty()) continue;
    boost::system::error_code error;
    const boost::json::value parsed = boost::json::parse(line, error);
    const auto* object = parsed.if_object();
    RequestWrites entry;
    const auto* id = object != nullptr ? object->if_contains("id") : nullptr;
    const auto* arrival = object != nullptr ? object->if_contains("arrival_ns") : nullptr;
    if (error || id == nullptr || !id->is_string() || arrival == nullptr || !arrival->is_int64() ||
        !read_times(*object, "due_ns", entry.due_ns) || !read_times(*object, "written_ns", entry.written_ns) ||
        entry.due_ns.size() != entry.written_ns.size()) {
      return make_error("the mock's write log, line " + std::to_string(line_number) + ": not {id, arrival_ns, due_ns, written_ns}");
    }
    entry.id = std::string(id->as_string());
    entry.arrival_ns = arrival->as_int64();
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace genai::mock
