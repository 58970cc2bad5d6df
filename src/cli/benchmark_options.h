// Everything `genai-bench benchmark` can be told, from flags or a YAML config, before it is
// checked and turned into an experiment plan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/oci_identity_options.h"
#include "common/result.h"
#include "upload/storage_options.h"

namespace genai::cli {

// The hosted providers' flags, named as Python genai-bench names them (each also read from the
// environment variable it reads; see cli/benchmark_flags.cpp).
struct ProviderFlags {
  std::string model_api_key;         // azure-openai, gcp-vertex, cohere, together, anthropic
  std::string anthropic_version = "2023-06-01";
  std::string aws_access_key_id, aws_secret_access_key, aws_session_token, aws_profile, aws_region;
  std::string bedrock_api = "converse";
  std::string azure_endpoint, azure_deployment, azure_api_version = "2024-10-21", azure_ad_token;
  std::string gcp_project_id, gcp_location = "us-central1", gcp_credentials_path;
  auth::OciIdentityOptions oci;
};

// Python genai-bench's options with no meaning here, or another (cli/python_only_flags).
struct PythonOnlyFlags {
  // Locust's distribution: one process here drives every core.
  std::optional<int64_t> num_workers, master_port, spawn_rate;
  std::optional<double> metrics_refresh_interval;
  std::string iteration_type;   // num_concurrency or batch_size: chosen by the task here, as Python auto-selects
  std::string model;            // Python's display name (default: the tokenizer's); names the experiment folder here
  std::string log_dir;
  std::string model_auth_type;  // oci-*: our --auth; elsewhere the credentials given decide
};

// The Rust rewrite's options that are not aliases of ours (cli/rust_spellings).
struct RustFlags {
  std::string provider;  // openai, azure, gcp, aws, anthropic: our --api-backend
  std::string scenario;  // its delay between requests: refused, pointing at --arrival
  bool stream = false;   // streaming is the default here
  bool csv = false, json = false;  // summary.csv and summary.json are always written
  bool ui = false;       // the dashboard is the default on a terminal
};

struct BenchmarkOptions {
  ProviderFlags provider;
  PythonOnlyFlags python;
  RustFlags rust;
  upload::StorageOptions storage;  // --upload-results and the --storage-* flags
  bool verbose = false;  // debug lines on the console and in the log file
  // Target
  std::string api_backend = "openai";
  std::string api_base;  // empty: benchmark the built-in mock server
  std::string api_key;   // flag, else $API_KEY, else $OPENAI_API_KEY
  std::string api_model_name;
  std::string api_endpoint = "chat";
  std::string model_tokenizer;
  std::string task = "text-to-text";
  std::vector<int64_t> batch_size;       // embeddings / rerank: one run per value
  bool no_stream = false;
  bool ignore_eos = false;
  std::string extra_body;
  bool insecure = false;
  // What the server is, recorded in experiment.json for comparing experiments (report --group-key)
  std::string server_engine;             // vLLM, SGLang, TGI, ...
  std::string server_version;
  std::string server_gpu_type;           // H100, A100-80G, ...
  std::string server_gpu_count;
  std::vector<std::string> server_metrics;        // --server-metrics URL (repeatable): Prometheus pages to scrape
  std::string server_metrics_interval = "1s";

  // Workload and load
  std::vector<std::string> traffic_scenarios;
  std::vector<int64_t> num_concurrency;
  std::vector<double> request_rate;      // open loop: one run per rate
  std::string arrival = "poisson";       // poisson, gamma, constant (deterministic), normal, uniform
  double burstiness = 0;                 // gamma's shape; 0: not given (1)
  double arrival_spread = 0;             // normal: sd, uniform: half-width, over the mean gap; 0: not given
  int64_t max_concurrency = 0;           // open loop: cap on requests in flight; 0: none
  std::string trace;                     // --trace FILE.jsonl: replay it (Mooncake format)
  double trace_speedup = 1;
  int64_t trace_block_tokens = 512;      // tokens per hash id
  int turns = 1;                         // > 1: multi-turn conversations (closed loop, chat)
  std::string think_time = "0";          // between turns: seconds, or 500ms, 2s
  int64_t shared_prefix_tokens = 0;      // > 0: prepend one of num_prefixes shared system prompts
  int64_t num_prefixes = 1;
  // Python genai-bench's prefix caching: one user message, a shared prefix of this many tokens (or
  // this share of each request's input), a 4-hex-digit separator, the rest. -1: not given.
  int64_t prefix_len = -1;
  double prefix_ratio = -1;
  bool excel = false;                    // write the Excel report at the end
  bool plot = false;                     // write the plots at the end
  bool html = false;                     // write the HTML report at the end (with the plots)
  std::string report;                    // "all": every report
  std::string metric_percentile = "mean";
  std::string metrics_time_unit = "s";   // Python's: latencies in its files, workbook and plots
  bool metrics_time_unit_given = false;  // given: our own reports (--excel, --plot) use it too, else ms
  bool no_end_reports = false;           // skip Python's end-of-experiment workbook and plots
  std::string slo;
  double slo_attainment = 0.9;           // --sweep: a rate meets the SLO when this share of requests did
  bool sweep = false;                    // find the knee: baseline, probe, then rates between
  int sweep_steps = 8;
  int64_t sweep_max_concurrency = 256;   // users of the throughput probe                       // "ttft:200ms,tpot:50ms,e2e:10s": goodput per run
  std::string max_time_per_run = "1";  // plain number: minutes, as in Python genai-bench
  uint64_t max_requests_per_run = 100;
  bool run_limits_given = false;         // either limit given (Python requires both)
  double warmup_ratio = 0;
  double cooldown_ratio = 0;
  std::string dataset_path;              // a file, a folder, or a Hugging Face dataset id
  std::string dataset_config;            // Python genai-bench's DatasetConfig JSON
  std::string dataset_format = "auto";   // auto (by extension), text, jsonl, json, sharegpt, csv, parquet
  std::string dataset_prompt_column = "prompt";  // csv, and the rows of json, parquet and Hub datasets
  bool dataset_prompt_column_given = false;
  std::string dataset_image_column;      // image-text-to-text: the column holding each row's image
  std::string dataset_split;             // Hub and folder datasets: "" = train, else the first split
  std::string dataset_sampling = "random";       // random (with replacement) or shuffle (without)
  std::string prompt_source = "local";  // or "api": prompts generated by the server
  std::string prompt_cache;             // --prompt-source api: reuse prompts from this folder
  uint64_t seed = 42;
  int threads = 0;  // 0: all cores
  bool no_preconnect = false;
  // Users start evenly over this (closed loop) / the rate rises linearly to its target over it
  // (open loop). Empty: the default (load/ramp_up.h).
  std::string ramp_up;
  std::string local_ips;  // --local-ips: source addresses, ranges, CIDR blocks (net/local_addresses.h)
  // More than one machine (README "More than one machine"): this process's share of the plan, and
  // the moment every shard takes as its zero.
  std::string shard;        // --shard I/N or auto/N (load/shard.h)
  std::string start_at;     // --start-at: RFC 3339 or Unix nanoseconds
  std::string start_grace = "1s";  // --start-grace: how late a shard may be ready

  // Timeouts and retries
  std::string connect_timeout = "10s";
  std::string first_byte_timeout = "300s";
  std::string read_timeout = "60s";
  std::string request_timeout = "30m";
  int max_retries = 3;
  std::string max_retry_after = "60s";
  std::string retry_backoff = "100ms,200ms,400ms";
  std::string shutdown_grace = "10s";

  // Output
  std::string output_dir = "experiments";
  std::string experiment_name;
  bool no_ui = false;

  // The built-in mock, used when no --api-base is given
  double mock_ttft_ms = 20;
  double mock_itl_ms = 2;

  std::string config_path;  // --config: the YAML format of docs (see cli/yaml_config.h)
};

}  // namespace genai::cli
