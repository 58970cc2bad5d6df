// What an experiment was: the target, the options and the list of runs. Written to
// experiment.json at the start (so a crashed run still explains itself) and again at the end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "metrics/summary.h"
#include "metrics/sweep.h"

namespace genai::report {

struct ExperimentInfo {
  std::string name;
  std::string folder;
  std::string command_line;      // secrets masked
  std::string started_at;        // ISO 8601, UTC
  std::string ended_at;          // empty while running
  std::string api_backend = "openai";
  std::string api_base;          // without credentials
  std::string api_endpoint = "chat";
  std::string api_key_redacted;  // "********xyz"
  std::string model;
  std::string display_model;     // Python genai-bench's `model`: --model, else the tokenizer's name
  // As the user described the server (--server-engine, ...; empty when not given).
  std::string server_engine, server_version, server_gpu_type, server_gpu_count;
  std::string task = "text-to-text";
  bool streaming = true;
  bool built_in_mock = false;
  std::string dataset;           // "built-in corpus" or the file
  std::string tokenizer;         // --model-tokenizer, or empty
  std::string metrics_time_unit = "s";  // --metrics-time-unit: latencies in Python's files, s or ms
  uint64_t seed = 0;
  bool preconnect = true;
  // How users start: "--ramp-up 10s", "--spawn-rate 50", or "default" (load/ramp_up.h).
  std::string ramp_up = "default";
  std::vector<std::string> traffic_scenarios;
  std::vector<int64_t> concurrencies;
  std::vector<double> request_rates;  // open-loop runs
  std::vector<int64_t> batch_sizes;   // embeddings / rerank runs
  uint64_t max_requests_per_run = 0;
  double max_time_per_run_s = 0;
  double warmup_ratio = 0, cooldown_ratio = 0;
  std::string token_count_note;  // how token counts were obtained
  std::vector<metrics::RunDescription> runs;
  bool interrupted = false;
  std::optional<metrics::SweepResult> sweep;  // --sweep, once its runs are done
};

std::string iso8601_now_utc();

}  // namespace genai::report
