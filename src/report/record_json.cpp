#include "report/record_json.h"

#include <boost/json.hpp>

namespace genai::report {

namespace json = boost::json;

std::string record_to_json_line(const metrics::RequestRecord& record) {
  json::object object;
  object["run"] = record.run_index;
  object["request"] = record.request_index;
  object["ok"] = record.ok();
  object["t_sched_ns"] = record.t_sched_ns;
  object["t_start_ns"] = record.t_start_ns;
  object["t_connected_ns"] = record.t_connected_ns;
  object["t_first_ns"] = record.t_first_ns;
  object["t_end_ns"] = record.t_end_ns;
  object["input_tokens"] = record.input_tokens;
  object["input_source"] = metrics::to_string(record.input_source);
  object["output_tokens"] = record.output_tokens;
  object["output_source"] = metrics::to_string(record.output_source);
  object["input_chars"] = record.input_chars;
  object["output_chars"] = record.output_chars;
  object["http_status"] = record.http_status;
  object["attempts"] = record.attempts;
  if (!record.ok()) {
    object["error_kind"] = record.error_kind;
    object["error_message"] = record.error_message;
  }
  if (!record.retry_error_kinds.empty()) {
    json::array kinds;
    for (const auto& kind : record.retry_error_kinds) kinds.emplace_back(kind);
    object["retry_error_kinds"] = std::move(kinds);
  }
  json::array offsets;
  offsets.reserve(record.content_offsets_ns.size());
  for (int64_t offset : record.content_offsets_ns) offsets.emplace_back(offset);
  object["content_offsets_ns"] = std::move(offsets);
  std::string line = json::serialize(object);
  line.push_back('\n');
  return line;
}

namespace {

Result<metrics::RequestRecord> read_record(const json::object& object) {
  metrics::RequestRecord record;
  std::string missing;
  auto integer = [&](const char* key, auto& out) {
    const json::value* value = object.if_contains(key);
    if (!value || !value->is_number()) {
      if (missing.empty()) missing = key;
      return;
    }
    out = static_cast<std::remove_reference_t<decltype(out)>>(value->to_number<int64_t>());
  };
  auto text = [&](const char* key) -> std::string {
    const json::value* value = object.if_contains(key);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
  };
  integer("run", record.run_index);
  integer("request", record.request_index);
  integer("t_sched_ns", record.t_sched_ns);
  integer("t_start_ns", record.t_start_ns);
  integer("t_connected_ns", record.t_connected_ns);
  integer("t_first_ns", record.t_first_ns);
  integer("t_end_ns", record.t_end_ns);
  integer("input_tokens", record.input_tokens);
  integer("output_tokens", record.output_tokens);
  integer("input_chars", record.input_chars);
  integer("output_chars", record.output_chars);
  integer("http_status", record.http_status);
  integer("attempts", record.attempts);
  if (!missing.empty()) return make_error("field '" + missing + "' is missing or not a number");
  record.input_source = metrics::count_source_from_string(text("input_source"));
  record.output_source = metrics::count_source_from_string(text("output_source"));
  record.error_kind = text("error_kind");
  record.error_message = text("error_message");
  const json::value* ok = object.if_contains("ok");
  if (ok && ok->is_bool() && !ok->as_bool() && record.error_kind.empty()) record.error_kind = "unknown";
  if (const json::value* kinds = object.if_contains("retry_error_kinds"); kinds && kinds->is_array()) {
    for (const auto& kind : kinds->as_array()) {
      if (kind.is_string()) record.retry_error_kinds.emplace_back(kind.as_string());
    }
  }
  if (const json::value* offsets = object.if_contains("content_offsets_ns"); offsets && offsets->is_array()) {
    for (const auto& offset : offsets->as_array()) {
      if (!offset.is_number()) return make_error("field 'content_offsets_ns' holds a non-number");
      record.content_offsets_ns.push_back(offset.to_number<int64_t>());
    }
  }
  return record;
}

}  // namespace

Result<metrics::RequestRecord> record_from_json_line(std::string_view line) {
  boost::system::error_code error;
  json::value value = json::parse(line, error);
  if (error) return make_error("not valid JSON: " + error.message());
  if (!value.is_object()) return make_error("not a JSON object");
  return read_record(value.as_object());
}

}  // namespace genai::report
