// Runs a planned experiment end to end: target (or the built-in mock), experiment folder,
// every run in order, records streamed to disk, reports written after each run and at the end.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/backend.h"
#include "app/run_log.h"
#include "cli/benchmark_options.h"
#include "load/closed_loop.h"
#include "load/stop_control.h"
#include "metrics/summary.h"
#include "mock/mock_options.h"
#include "net/http_connection.h"
#include "report/experiment_info.h"
#include "workload/arrival.h"
#include "workload/trace.h"

namespace genai::app {

// --sweep: runs 0 and 1 are the synchronous baseline and the throughput probe; the open-loop runs
// at `steps` rates between their request rates are added once both are done.
struct SweepSetup {
  int steps = 8;
  workload::Arrival arrival;   // of the swept runs (rate set per run)
  double slo_attainment = 0.9;  // a rate "meets the SLO" when this share of its requests did
};

struct ExperimentSetup {
  report::ExperimentInfo info;          // descriptive fields; runs are filled from `runs`
  std::vector<load::RunPlan> runs;
  std::vector<metrics::RunDescription> descriptions;  // one per run
  int64_t bursts_per_run = 0;           // > 0: each run is this many bursts of `concurrency` requests
  std::string api_backend = "openai";
  api::BackendOptions backend_options;
  cli::ProviderFlags provider_flags;    // the hosted providers' credentials flags (signing, tokens)
  std::string api_base;                 // empty: start the built-in mock server
  mock::MockOptions mock_options;
  bool verify_tls = true;
  net::Timeouts timeouts;
  load::RetryPolicy retry;
  std::chrono::nanoseconds shutdown_grace = std::chrono::seconds(10);
  int threads = 1;
  bool preconnect = true;
  // --ramp-up (explicit: its requests are left out of the metrics), else Python's --spawn-rate,
  // else the default spread of large user counts (load/ramp_up.h).
  std::optional<std::chrono::nanoseconds> ramp_up;
  double spawn_rate = 0;
  bool send_request_ids = false;  // calibrate: "X-Request-Id: <run>.<request>" on every request
  std::vector<boost::asio::ip::address> local_addresses;  // --local-ips
  // More than one machine: this process's share of the plan (--shard I/N), and the moment every
  // shard starts its first run (--start-at, Unix ns). With either, shard.json is written.
  load::Shard shard;
  bool write_shard_file = false;
  std::optional<int64_t> start_at_ns;
  std::chrono::nanoseconds start_grace = std::chrono::seconds(1);
  // Set by run_experiment: the experiment's start on the steady clock (CLOCK_MONOTONIC), in ns:
  // records' times are relative to it.
  int64_t steady_origin_ns = 0;
  uint64_t seed = 42;
  std::string dataset_path;             // empty (and no dataset_config): the built-in corpus
  std::string dataset_config;           // --dataset-config FILE.json (Python genai-bench's DatasetConfig)
  std::string dataset_format = "auto";
  std::string dataset_prompt_column = "prompt";
  bool dataset_prompt_column_given = false;
  std::string dataset_image_column;
  std::string dataset_split;
  bool dataset_with_replacement = true;
  int64_t shared_prefix_tokens = 0;     // --shared-prefix-tokens
  int64_t num_prefixes = 1;
  int64_t prefix_len = -1;              // --prefix-len (Python's): -1 not given
  double prefix_ratio = -1;             // --prefix-ratio (Python's): -1 not given
  std::string tokenizer_path;           // --model-tokenizer; empty: estimated lengths
  bool prompts_from_api = false;        // --prompt-source api
  std::shared_ptr<const workload::Trace> trace;  // --trace: the one run replays it
  std::optional<SweepSetup> sweep;
  int64_t trace_block_tokens = 512;
  std::string prompt_cache;             // --prompt-cache
  std::vector<std::string> server_metrics_urls;  // --server-metrics: Prometheus pages scraped around every run
  std::chrono::nanoseconds server_metrics_interval = std::chrono::seconds(1);
  bool dashboard = false;  // stdout is a terminal and no --no-ui: the live dashboard; else progress lines
  std::string folder;                   // the experiment folder to create
  // The console's copy (genai_bench.log): opened in the folder (or --log-dir) once it exists.
  ConsoleLog* console_log = nullptr;
  std::string log_dir;                  // --log-dir; empty: the experiment folder
  bool verbose = false;                 // --verbose: the plan and every failed request, said
  std::string defaults_note;            // what was chosen for flags not given (said at the start)
  // Called after each run is summarised (the YAML mode writes its rows here).
  std::function<void(const metrics::RunSummary&)> on_run_summarized;
};

// Returns the process exit status (app/exit_status.h): ok, a setup error (already printed), no
// request succeeded, results not written, or interrupted.
int run_experiment(ExperimentSetup& setup, load::StopControl& stop);

}  // namespace genai::app
