// The per-request record: everything measured about one request, streamed to records.jsonl as
// the request ends. Every report is a pure function of these records (see docs/METRICS.md).
// Times are nanoseconds on the steady clock, relative to the experiment's start.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace genai::metrics {

// Where a token count came from. `usage`: the server's usage object; `tokenizer`: counted with a
// local tokenizer; `events`: one per content event; `estimate`: the workload's approximation;
// `generated`: the server's usage.completion_tokens when it generated the prompt
// (--prompt-source api).
enum class CountSource { none, usage, tokenizer, events, estimate, generated };
std::string_view to_string(CountSource source);
CountSource count_source_from_string(std::string_view text);

inline constexpr int64_t kNoTime = -1;

struct RequestRecord {
  uint32_t run_index = 0;        // which (scenario, concurrency) run of the experiment
  uint64_t request_index = 0;    // order in which the run issued it
  int64_t session = -1;          // multi-turn (--turns): the conversation, and this request's turn in it (from 0)
  int32_t turn = -1;
  int64_t t_sched_ns = kNoTime;  // when the load pattern wanted it to start
  int64_t t_start_ns = kNoTime;  // first attempt began (connection setup included)
  int64_t t_connected_ns = kNoTime;  // TCP/TLS ready; kNoTime when a kept-alive connection was reused
  int64_t t_sent_ns = kNoTime;   // the request's last byte written (the last attempt's); kNoTime when never sent
  int64_t t_first_ns = kNoTime;  // first event carrying generated content (reasoning included)
  int64_t t_end_ns = kNoTime;    // last byte of the response, or the failure
  // Gaps between consecutive content events, in whole microseconds (the arrival offsets are
  // rounded to microseconds first, so the gaps add up to the rounded span). The first content
  // event is t_first_ns; content events = itl_us.size() + 1 when there is one. Microseconds
  // keep records.jsonl small: at millions of tokens a second, nanosecond offsets were the
  // client's largest cost.
  std::vector<uint32_t> itl_us;

  int64_t input_tokens = 0;
  CountSource input_source = CountSource::none;
  int64_t output_tokens = 0;
  CountSource output_source = CountSource::none;
  int64_t input_chars = 0;   // bytes of prompt text sent
  int64_t output_chars = 0;  // bytes of generated text received
  // The media tasks' output: text-to-speech, the bytes of audio received (their first byte is
  // t_first_ns, the TTFB); text-to-image, the images the response held. 0 for the other tasks.
  int64_t audio_bytes = 0;
  int64_t images = 0;

  int http_status = 0;
  std::string error_kind;     // empty when the request succeeded; see docs/METRICS.md for kinds
  std::string error_message;  // one line, secrets masked
  std::string error_type;     // the provider's own name for the error, when it gave one (overloaded_error)
  uint32_t attempts = 1;      // 1 + retries
  // Started (closed loop) or scheduled (open loop) within an explicit --ramp-up: left out of the
  // run's metrics, like warm-up.
  bool in_ramp = false;
  // The client's own lag: the longest a response byte of the last attempt waited in the socket
  // before the client read it (kernel receive time vs read time; 0 when unknown, e.g. TLS).
  uint32_t read_delay_max_us = 0;
  std::vector<std::string> retry_error_kinds;  // why each earlier attempt failed

  bool ok() const { return error_kind.empty(); }
  bool has_first_token() const { return t_first_ns != kNoTime; }
  // The client's own send lag: from when it could start writing (t_start, or t_connected when it
  // opened the connection) to the last byte written. Only for one-attempt requests, whose
  // times belong to the same attempt; nothing when the request was not sent.
  std::optional<int64_t> send_lag_ns() const {
    if (t_sent_ns == kNoTime || attempts != 1) return std::nullopt;
    return t_sent_ns - (t_connected_ns != kNoTime ? t_connected_ns : t_start_ns);
  }
};

}  // namespace genai::metrics
