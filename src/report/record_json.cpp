#include "report/record_json.h"

#include <boost/json.hpp>
#include <charconv>

#include "common/json_escape.h"

namespace genai::report {

namespace json = boost::json;

namespace {

// Hand-written because it runs once per request on the load threads: building a Boost.JSON DOM
// for a record with hundreds of offsets cost ~5 us and a dozen allocations; this costs ~1 us.
class LineWriter {
 public:
  explicit LineWriter(size_t expected_size) { line_.reserve(expected_size); }

  void key(std::string_view name) {
    line_.push_back(line_.empty() ? '{' : ',');
    line_.push_back('"');
    line_.append(name);
    line_.append("\":");
  }
  void integer(int64_t value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    line_.append(digits, static_cast<size_t>(end - digits));
  }
  void boolean(bool value) { line_.append(value ? "true" : "false"); }
  void string(std::string_view text) { append_json_string(line_, text); }
  void raw(std::string_view text) { line_.append(text); }
  std::string finish() {
    line_.append("}\n");
    return std::move(line_);
  }

 private:
  std::string line_;
};

}  // namespace

std::string record_to_json_line(const metrics::RequestRecord& record) {
  LineWriter out(320 + record.itl_us.size() * 7 + record.error_message.size());
  out.key("run"); out.integer(record.run_index);
  out.key("request"); out.integer(static_cast<int64_t>(record.request_index));
  if (record.session >= 0) {
    out.key("session"); out.integer(record.session);
    out.key("turn"); out.integer(record.turn);
  }
  out.key("ok"); out.boolean(record.ok());
  out.key("t_sched_ns"); out.integer(record.t_sched_ns);
  out.key("t_start_ns"); out.integer(record.t_start_ns);
  out.key("t_connected_ns"); out.integer(record.t_connected_ns);
  if (record.t_sent_ns != metrics::kNoTime) {
    out.key("t_sent_ns"); out.integer(record.t_sent_ns);
  }
  out.key("t_first_ns"); out.integer(record.t_first_ns);
  out.key("t_end_ns"); out.integer(record.t_end_ns);
  out.key("input_tokens"); out.integer(record.input_tokens);
  out.key("input_source"); out.string(metrics::to_string(record.input_source));
  out.key("output_tokens"); out.integer(record.output_tokens);
  out.key("output_source"); out.string(metrics::to_string(record.output_source));
  out.key("input_chars"); out.integer(record.input_chars);
  out.key("output_chars"); out.integer(record.output_chars);
  if (record.audio_bytes > 0) {  // the media tasks only: text records stay as they were
    out.key("audio_bytes"); out.integer(record.audio_bytes);
  }
  if (record.images > 0) {
    out.key("images"); out.integer(record.images);
  }
  out.key("http_status"); out.integer(record.http_status);
  out.key("attempts"); out.integer(record.attempts);
  out.key("read_delay_max_us"); out.integer(record.read_delay_max_us);
  if (record.in_ramp) {
    out.key("ramp"); out.boolean(true);
  }
  if (!record.ok()) {
    out.key("error_kind"); out.string(record.error_kind);
    out.key("error_message"); out.string(record.error_message);
    if (!record.error_type.empty()) {
      out.key("error_type"); out.string(record.error_type);
    }
  }
  if (!record.retry_error_kinds.empty()) {
    out.key("retry_error_kinds");
    std::string_view separator = "[";
    for (const auto& kind : record.retry_error_kinds) {
      out.raw(separator);
      out.string(kind);
      separator = ",";
    }
    out.raw("]");
  }
  out.key("itl_us");
  out.raw("[");
  for (size_t i = 0; i < record.itl_us.size(); ++i) {
    if (i != 0) out.raw(",");
    out.integer(record.itl_us[i]);
  }
  out.raw("]");
  return out.finish();
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
  if (const json::value* session = object.if_contains("session"); session && session->is_int64()) {
    record.session = session->as_int64();
    if (const json::value* turn = object.if_contains("turn"); turn && turn->is_int64()) {
      record.turn = static_cast<int32_t>(turn->as_int64());
    }
  }
  for (auto [key, out] : {std::pair{"audio_bytes", &record.audio_bytes}, std::pair{"images", &record.images}}) {
    if (const json::value* value = object.if_contains(key); value && value->is_number()) *out = value->to_number<int64_t>();
  }
  if (const json::value* sent = object.if_contains("t_sent_ns"); sent && sent->is_int64()) record.t_sent_ns = sent->as_int64();
  if (const json::value* ramp = object.if_contains("ramp"); ramp && ramp->is_bool()) record.in_ramp = ramp->as_bool();
  if (const json::value* delay = object.if_contains("read_delay_max_us"); delay && delay->is_number()) {
    record.read_delay_max_us = delay->to_number<uint32_t>();
  }
  if (!missing.empty()) return make_error("field '" + missing + "' is missing or not a number");
  record.input_source = metrics::count_source_from_string(text("input_source"));
  record.output_source = metrics::count_source_from_string(text("output_source"));
  record.error_kind = text("error_kind");
  record.error_message = text("error_message");
  record.error_type = text("error_type");
  const json::value* ok = object.if_contains("ok");
  if (ok && ok->is_bool() && !ok->as_bool() && record.error_kind.empty()) record.error_kind = "unknown";
  if (const json::value* kinds = object.if_contains("retry_error_kinds"); kinds && kinds->is_array()) {
    for (const auto& kind : kinds->as_array()) {
      if (kind.is_string()) record.retry_error_kinds.emplace_back(kind.as_string());
    }
  }
  if (const json::value* gaps = object.if_contains("itl_us"); gaps && gaps->is_array()) {
    for (const auto& gap : gaps->as_array()) {
      if (!gap.is_number()) return make_error("field 'itl_us' holds a non-number");
      record.itl_us.push_back(gap.to_number<uint32_t>());
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
