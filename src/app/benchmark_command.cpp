#include "app/benchmark_command.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include "app/exit_status.h"
#include "app/experiment_naming.h"
#include "app/experiment_runner.h"
#include "app/provider_setup.h"
#include "app/python_defaults.h"
#include "app/report_command.h"
#include "app/server_metrics_scraper.h"
#include "report/experiment_folder.h"
#include "upload/folder_upload.h"
#include "cli/python_only_flags.h"
#include "net/local_addresses.h"
#include "cli/rust_spellings.h"
#include "cli/yaml_config.h"
#include "common/duration.h"
#include "common/rfc3339.h"
#include "load/shard.h"
#include "common/secrets.h"
#include "report/case_rows.h"
#include "workload/scenario.h"

namespace genai::app {
namespace {

struct SetupError {
  std::string message;
};

std::chrono::nanoseconds duration_flag(const std::string& flag, const std::string& text, DefaultUnit unit) {
  auto parsed = parse_duration(text, unit);
  if (!parsed) throw SetupError{flag + ": " + parsed.error()};
  return *parsed;
}

// The parts both modes share: target, timeouts, retries, threads, mock.
ExperimentSetup common_setup(const cli::BenchmarkOptions& options, const std::string& command_line) {
  ExperimentSetup setup;
  setup.api_backend = options.api_backend;
  Result<ProviderTarget> provider = resolve_provider(options);
  if (!provider) throw SetupError{provider.error()};
  setup.api_base = provider->api_base;
  setup.provider_flags = options.provider;
  setup.backend_options.provider = provider->options;
  setup.backend_options.endpoint = options.task == "text-to-embeddings"    ? "embeddings"
                                   : options.task == "text-to-rerank"      ? "rerank"
                                   : options.task == "text-to-image"       ? "images"
                                   : options.task == "text-to-speech"      ? "speech"
                                   : options.task == "image-to-embeddings" ? "image-embeddings"
                                                                           : options.api_endpoint;
  setup.backend_options.model = options.api_model_name.empty() && setup.api_base.empty() ? "mock-model"
                                                                                         : options.api_model_name;
  setup.backend_options.api_key = provider->api_key;
  setup.backend_options.stream = !options.no_stream;
  setup.backend_options.ignore_eos = options.ignore_eos;
  // As Python genai-bench: vLLM, SGLang and Together get ignore_eos, so outputs reach the length asked.
  setup.backend_options.ignore_eos_by_length =
      options.api_backend == "vllm" || options.api_backend == "sglang" || options.api_backend == "together";
  setup.backend_options.extra_body_json = options.extra_body;
  if (!setup.api_base.empty() && setup.backend_options.model.empty()) {
    throw SetupError{options.api_base.empty() ? "--api-model-name is required with --api-backend " + options.api_backend
                                              : "--api-model-name is required with --api-base"};
  }
  const bool openai_family = options.api_backend == "openai" || options.api_backend == "vllm" ||
                             options.api_backend == "sglang" || options.api_backend == "together";
  // Images in chat: the OpenAI family and Azure as image_url parts, Gemini on Vertex as inlineData
  // or fileData parts (Python genai-bench's backends with images).
  const bool gemini = options.api_backend == "gcp-vertex" && !options.api_model_name.starts_with("claude");
  if (options.task == "image-text-to-text" && !openai_family && options.api_backend != "azure-openai" && !gemini) {
    throw SetupError{"--task image-text-to-text: not yet with --api-backend " + options.api_backend +
                     (options.api_backend == "gcp-vertex" ? " and a Claude model (Gemini models take images)"
                                                          : " (served: openai, vllm, sglang, together, azure-openai, gcp-vertex)")};
  }
  // The media tasks: OpenAI's endpoints (served by vLLM, SGLang and the mock).
  const bool media_task =
      options.task == "text-to-image" || options.task == "text-to-speech" || options.task == "image-to-embeddings";
  // Image embeddings also with Cohere's /v2/embed, as Python genai-bench sends them.
  const bool cohere_images = options.task == "image-to-embeddings" && options.api_backend == "cohere";
  // Images and speech also from OCI's OpenAI-compatible endpoints, as Python genai-bench's oci-openai.
  const bool oci_media = options.api_backend == "oci-openai" && options.task != "image-to-embeddings";
  if (media_task && !openai_family && !cohere_images && !oci_media) {
    throw SetupError{"--task " + options.task + ": not with --api-backend " + options.api_backend +
                     (options.task == "image-to-embeddings" ? " (served: openai, vllm, sglang, together, cohere)"
                                                            : " (served: openai, vllm, sglang, together, oci-openai)")};
  }
  if (options.api_backend == "oci-openai" && !media_task) {
    throw SetupError{"--api-backend oci-openai: --task " + options.task +
                     " is not served; oci-openai is for text-to-image and text-to-speech, as in Python genai-bench "
                     "(chat on OCI: --api-backend oci-genai)"};
  }
  if (media_task && (options.shared_prefix_tokens > 0 || options.prefix_len >= 0 || options.prefix_ratio >= 0 ||
                     options.prompt_source == "api")) {
    throw SetupError{"--task " + options.task + ": --shared-prefix-tokens, --prefix-len, --prefix-ratio and "
                     "--prompt-source api are for text tasks"};
  }
  if (options.prompt_source == "api" && !openai_family) {
    throw SetupError{"--prompt-source api: only with OpenAI-compatible backends (openai, vllm, sglang, together)"};
  }
  if (options.task == "image-text-to-text" && options.api_endpoint != "chat") {
    throw SetupError{"--task image-text-to-text: images go in chat messages; use --api-endpoint chat"};
  }
  // Python accepts --batch-size with every task and sends one input per request but for
  // embeddings and rerank: the same here, said.
  if (!options.batch_size.empty() && options.task != "text-to-embeddings" && options.task != "text-to-rerank") {
    std::cout << "genai-bench: --batch-size: " << options.task
              << " sends one input per request (batches are for text-to-embeddings and text-to-rerank), as Python does\n";
  }
  setup.verify_tls = !options.insecure;
  setup.timeouts.connect = duration_flag("--connect-timeout", options.connect_timeout, DefaultUnit::seconds);
  setup.timeouts.first_byte = duration_flag("--first-byte-timeout", options.first_byte_timeout, DefaultUnit::seconds);
  setup.timeouts.idle_read = duration_flag("--read-timeout", options.read_timeout, DefaultUnit::seconds);
  setup.timeouts.total = duration_flag("--request-timeout", options.request_timeout, DefaultUnit::seconds);
  setup.shutdown_grace = duration_flag("--shutdown-grace", options.shutdown_grace, DefaultUnit::seconds);
  setup.retry.max_retries = options.max_retries;
  setup.retry.max_retry_after = duration_flag("--max-retry-after", options.max_retry_after, DefaultUnit::seconds);
  setup.retry.backoff.clear();
  std::string_view backoff_list = options.retry_backoff;
  while (!backoff_list.empty()) {
    const size_t comma = backoff_list.find(',');
    setup.retry.backoff.push_back(
        duration_flag("--retry-backoff", std::string(backoff_list.substr(0, comma)), DefaultUnit::milliseconds));
    backoff_list = comma == std::string_view::npos ? std::string_view() : backoff_list.substr(comma + 1);
  }
  // All cores by default; with the built-in mock in this process, leave it one of them.
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  setup.threads = options.threads > 0 ? options.threads : std::max(1, options.api_base.empty() ? cores - 1 : cores);
  setup.seed = options.seed;
  setup.preconnect = !options.no_preconnect;
  if (!options.local_ips.empty()) {
    auto addresses = net::parse_local_addresses(options.local_ips);
    if (!addresses) throw SetupError{addresses.error()};
    setup.local_addresses = std::move(*addresses);
  }
  if (!options.ramp_up.empty()) {
    if (options.python.spawn_rate) throw SetupError{"--ramp-up and --spawn-rate both say how users start: give one"};
    if (!options.trace.empty()) throw SetupError{"--ramp-up: not with --trace, whose timestamps say when requests start"};
    setup.ramp_up = duration_flag("--ramp-up", options.ramp_up, DefaultUnit::seconds);
  }
  if (options.python.spawn_rate) setup.spawn_rate = static_cast<double>(*options.python.spawn_rate);
  setup.server_metrics_urls = options.server_metrics;
  setup.server_metrics_interval = duration_flag("--server-metrics-interval", options.server_metrics_interval, DefaultUnit::seconds);
  if (setup.server_metrics_interval.count() <= 0) throw SetupError{"--server-metrics-interval must be more than 0"};
  setup.dataset_path = options.dataset_path;
  setup.dataset_config = options.dataset_config;
  setup.dataset_format = options.dataset_format;
  setup.dataset_prompt_column = options.dataset_prompt_column;
  setup.dataset_prompt_column_given = options.dataset_prompt_column_given;
  setup.dataset_image_column = options.dataset_image_column;
  setup.dataset_split = options.dataset_split;
  setup.dataset_with_replacement = options.dataset_sampling == "random";
  setup.shared_prefix_tokens = options.shared_prefix_tokens;
  setup.num_prefixes = options.num_prefixes;
  setup.tokenizer_path = options.model_tokenizer;
  setup.prompts_from_api = options.prompt_source == "api";
  setup.prompt_cache = options.prompt_cache;
  setup.info.tokenizer = options.model_tokenizer;
  setup.dashboard = !options.no_ui && ::isatty(STDOUT_FILENO);
  setup.mock_options.port = 0;
  setup.mock_options.ttft = {options.mock_ttft_ms, 0};
  setup.mock_options.itl = {options.mock_itl_ms, 0};
  setup.mock_options.threads = 1;

  report::ExperimentInfo& info = setup.info;
  info.command_line = mask_metrics_urls(mask_secret(command_line, setup.backend_options.api_key), options.server_metrics);
  info.api_backend = options.api_backend;
  info.api_base = setup.api_base;
  info.api_endpoint = options.api_endpoint;
  info.api_key_redacted = redact_key(setup.backend_options.api_key);
  info.model = setup.backend_options.model;
  info.display_model = python_display_model(options.python.model, options.model_tokenizer, info.model);
  info.task = options.task;
  info.metrics_time_unit = options.metrics_time_unit;
  info.server_engine = options.server_engine;
  info.server_version = options.server_version;
  info.server_gpu_type = options.server_gpu_type;
  info.server_gpu_count = options.server_gpu_count;
  info.streaming = !options.no_stream;
  info.seed = options.seed;
  info.preconnect = !options.no_preconnect;
  if (!options.ramp_up.empty()) info.ramp_up = "--ramp-up " + options.ramp_up;
  else if (options.python.spawn_rate) info.ramp_up = "--spawn-rate " + std::to_string(*options.python.spawn_rate);
  info.token_count_note =
      "input: server usage.prompt_tokens when sent, else estimated as prompt bytes / 4; "
      "output: server usage.completion_tokens when sent, else one per content event";
  return setup;
}

// --arrival-spread shapes normal and uniform gaps (uniform ones cannot go below zero).
void apply_arrival_spread(const cli::BenchmarkOptions& options, workload::Arrival& arrival) {
  using Kind = workload::Arrival::Kind;
  if (arrival.kind == Kind::uniform) arrival.spread = 1;
  if (options.arrival_spread <= 0) return;
  if (arrival.kind != Kind::normal && arrival.kind != Kind::uniform) {
    throw SetupError{"--arrival-spread: only with --arrival normal or uniform"};
  }
  if (arrival.kind == Kind::uniform && options.arrival_spread > 1) {
    throw SetupError{"--arrival-spread: at most 1 with --arrival uniform (gaps from 0 to twice the mean)"};
  }
  arrival.spread = options.arrival_spread;
}

// --request-rate makes the runs open-loop; the other open-loop flags need it.
std::optional<workload::Arrival> open_loop_arrival(const cli::BenchmarkOptions& options) {
  if (options.request_rate.empty()) {
    if (options.max_concurrency > 0) throw SetupError{"--max-concurrency: only with --request-rate (closed loop: --num-concurrency)"};
    if (options.burstiness > 0) throw SetupError{"--burstiness: only with --request-rate and --arrival gamma"};
    if (options.arrival_spread > 0) throw SetupError{"--arrival-spread: only with --request-rate and --arrival normal or uniform"};
    return std::nullopt;
  }
  if (!options.num_concurrency.empty()) {
    throw SetupError{"--request-rate and --num-concurrency: choose one (open loop at a rate, or closed loop with users); "
                     "--max-concurrency caps an open loop"};
  }
  workload::Arrival arrival;
  auto kind = workload::parse_arrival_kind(options.arrival);
  if (!kind) throw SetupError{kind.error()};
  arrival.kind = *kind;
  if (options.burstiness > 0 && arrival.kind != workload::Arrival::Kind::gamma) {
    throw SetupError{"--burstiness: only with --arrival gamma"};
  }
  arrival.burstiness = options.burstiness > 0 ? options.burstiness : 1;
  apply_arrival_spread(options, arrival);
  return arrival;
}

// --prefix-len / --prefix-ratio (Python genai-bench's prefix caching), checked as Python checks
// them: one of the two; the ratio with D scenarios only; the length no longer than the shortest
// input a scenario draws (D: its input; N: mean - 3 sd; U: its minimum).
void apply_inline_prefix(const cli::BenchmarkOptions& options, ExperimentSetup& setup) {
  if (options.prefix_len < 0 && options.prefix_ratio < 0) return;
  if (options.prefix_len >= 0 && options.prefix_ratio >= 0) throw SetupError{"--prefix-len and --prefix-ratio: give one of them"};
  const std::string flag = options.prefix_len >= 0 ? "--prefix-len" : "--prefix-ratio";
  if (setup.shared_prefix_tokens > 0) {
    throw SetupError{flag + ": not with --shared-prefix-tokens (a shared system message); choose one way to share a prefix"};
  }
  if (setup.trace || setup.prompts_from_api) {
    throw SetupError{flag + ": the prefix is built into prompts cut to a scenario's length; not with " +
                     (setup.trace ? "--trace" : "--prompt-source api")};
  }
  using Kind = workload::Scenario::Kind;
  for (const load::RunPlan& plan : setup.runs) {
    const workload::Scenario& scenario = plan.scenario;
    if (options.prefix_ratio >= 0 && scenario.kind != Kind::deterministic) {
      throw SetupError{"--prefix-ratio: needs D(in,out) scenarios, as in Python genai-bench, not " + scenario.to_string()};
    }
    if (options.prefix_len < 0) continue;
    int64_t shortest = 0;
    switch (scenario.kind) {
      case Kind::deterministic: shortest = scenario.input_a; break;
      case Kind::normal: shortest = scenario.input_a - 3 * scenario.input_b; break;
      case Kind::uniform: shortest = scenario.short_uniform ? 1 : scenario.input_a; break;
      default: throw SetupError{"--prefix-len: needs D, N or U scenarios, not " + scenario.to_string()};
    }
    if (options.prefix_len > shortest) {
      throw SetupError{"--prefix-len " + std::to_string(options.prefix_len) + ": longer than the shortest input " +
                       scenario.to_string() + " draws (" + std::to_string(shortest) + " tokens)"};
    }
  }
  setup.prefix_len = options.prefix_len;
  setup.prefix_ratio = options.prefix_ratio;
}

// --turns: conversations in every closed-loop run; only chat can carry a history.
// --shard I/N and --start-at: this process's share of the plan, and the common start. A shard
// must get at least one user (closed loop) and a part of any --max-concurrency cap; a sweep picks
// its rates from the first runs' results, which each shard would pick differently.
void apply_shard(const cli::BenchmarkOptions& options, ExperimentSetup& setup) {
  if (!options.start_at.empty()) {
    auto moment = parse_moment(options.start_at);
    if (!moment) throw SetupError{"--start-at " + moment.error()};
    setup.start_at_ns = *moment;
    setup.start_grace = duration_flag("--start-grace", options.start_grace, DefaultUnit::seconds);
    if (setup.start_grace.count() < 0) throw SetupError{"--start-grace must not be negative"};
    setup.write_shard_file = true;
  }
  if (options.shard.empty()) return;
  auto shard = load::parse_shard(options.shard, [](const char* name) { return std::getenv(name); });
  if (!shard) throw SetupError{shard.error()};
  setup.shard = *shard;
  setup.write_shard_file = true;
  const std::string said = "--shard " + options.shard;
  if (setup.sweep) throw SetupError{said + ": not with --sweep (each shard would choose its rates from its own first runs)"};
  if (setup.prompts_from_api && setup.prompt_cache.empty()) {
    throw SetupError{said + ": --prompt-source api would have each shard ask the server for prompts of its own; "
                            "generate them once and give every shard --prompt-cache FOLDER"};
  }
  for (size_t index = 0; index < setup.runs.size(); ++index) {
    const load::RunPlan& plan = setup.runs[index];
    if (plan.concurrency > 0 && static_cast<uint64_t>(plan.concurrency) < shard->count) {
      throw SetupError{said + ": " + (plan.open_loop() ? "--max-concurrency " : "concurrency ") +
                       std::to_string(plan.concurrency) + " cannot be shared by " + std::to_string(shard->count) +
                       " shards (each needs at least 1)"};
    }
  }
}

void apply_turns(const cli::BenchmarkOptions& options, ExperimentSetup& setup) {
  const auto think_time = duration_flag("--think-time", options.think_time, DefaultUnit::seconds);
  if (options.turns <= 1) return;
  if (options.task != "text-to-text" || setup.backend_options.endpoint != "chat") {
    throw SetupError{"--turns: multi-turn conversations need --task text-to-text and --api-endpoint chat"};
  }
  for (const load::RunPlan& plan : setup.runs) {
    if (plan.open_loop() || setup.sweep) throw SetupError{"--turns: multi-turn runs are closed loop (--num-concurrency)"};
  }
  for (load::RunPlan& plan : setup.runs) {
    plan.turns = options.turns;
    plan.think_time = think_time;
  }
}

// --slo applies to every run: each summary counts the requests that met it.
void apply_slo(const cli::BenchmarkOptions& options, ExperimentSetup& setup) {
  if (options.slo.empty()) return;
  auto slo = metrics::parse_slo(options.slo);
  if (!slo) throw SetupError{slo.error()};
  for (metrics::RunDescription& description : setup.descriptions) description.slo = *slo;
}

// --trace: one open-loop run replaying the file; the trace sets the requests and their times.
void add_trace_run(const cli::BenchmarkOptions& options, ExperimentSetup& setup) {
  if (!options.traffic_scenarios.empty() || !options.request_rate.empty() || !options.num_concurrency.empty()) {
    throw SetupError{"--trace: the trace sets each request's lengths and time; leave out --traffic-scenario, "
                     "--request-rate and --num-concurrency (--max-concurrency caps it)"};
  }
  auto trace = workload::read_trace(options.trace);
  if (!trace) throw SetupError{trace.error()};
  setup.trace = std::make_shared<const workload::Trace>(std::move(*trace));
  setup.trace_block_tokens = options.trace_block_tokens;
  load::RunPlan plan;
  plan.trace = setup.trace.get();
  plan.trace_speedup = options.trace_speedup;
  plan.concurrency = options.max_concurrency;
  plan.max_requests = setup.trace->requests.size();
  setup.runs.push_back(plan);
  const std::string file = options.trace.substr(options.trace.find_last_of('/') + 1);
  metrics::RunDescription description{0, "trace:" + file, "trace", options.max_concurrency, options.warmup_ratio,
                                      options.cooldown_ratio};
  const double span_s = setup.trace->span_s() / options.trace_speedup;
  description.request_rate = span_s > 0 ? static_cast<double>(setup.trace->requests.size() - 1) / span_s : 0;
  char arrival[48];
  std::snprintf(arrival, sizeof arrival, "trace x%g", options.trace_speedup);
  description.arrival = arrival;
  setup.descriptions.push_back(description);
  setup.info.traffic_scenarios.push_back(description.scenario);
  setup.info.request_rates.push_back(description.request_rate);
}

// --sweep: the baseline (one user) and the throughput probe; the runner adds the rates between.
void add_sweep_runs(const cli::BenchmarkOptions& options, const workload::Scenario& scenario,
                    std::chrono::nanoseconds max_time, ExperimentSetup& setup) {
  if (!options.request_rate.empty() || !options.num_concurrency.empty() || !options.trace.empty()) {
    throw SetupError{"--sweep: chooses its own loads; leave out --request-rate, --num-concurrency and --trace"};
  }
  if (options.traffic_scenarios.size() > 1) throw SetupError{"--sweep: give one --traffic-scenario"};
  SweepSetup sweep;
  sweep.steps = options.sweep_steps;
  auto kind = workload::parse_arrival_kind(options.arrival);
  if (!kind) throw SetupError{kind.error()};
  sweep.arrival.kind = *kind;
  sweep.arrival.burstiness = options.burstiness > 0 ? options.burstiness : 1;
  apply_arrival_spread(options, sweep.arrival);
  sweep.slo_attainment = options.slo_attainment;
  setup.sweep = sweep;
  for (int64_t users : {int64_t{1}, options.sweep_max_concurrency}) {
    load::RunPlan plan;
    plan.run_index = static_cast<uint32_t>(setup.runs.size());
    plan.scenario = scenario;
    plan.concurrency = users;
    plan.max_requests = options.max_requests_per_run;
    plan.max_duration = max_time;
    setup.runs.push_back(plan);
    setup.descriptions.push_back({plan.run_index, scenario.to_string(), "num_concurrency", users,
                                  options.warmup_ratio, options.cooldown_ratio});
    setup.info.concurrencies.push_back(users);
  }
}

// What runs when no scenario, concurrency or batch size is given. Against a real server, Python
// genai-bench's experiment for the task (its users expect the same sweep from the same command);
// against the built-in mock, a short demo. Either way the first line says what was chosen.
std::string apply_default_experiment(const cli::BenchmarkOptions& options, bool real_server, std::vector<std::string>& scenarios,
                                     std::vector<int64_t>& concurrencies, std::vector<int64_t>& batch_sizes) {
  const bool pooling = options.task == "text-to-embeddings" || options.task == "text-to-rerank";
  const bool closed_loop = options.request_rate.empty() && options.trace.empty() && !options.sweep;
  const bool python = real_server && options.config_path.empty() && !options.sweep;
  std::string chosen;
  auto join = [](const auto& values) {
    std::string text;
    for (const auto& value : values) {
      if (!text.empty()) text += " ";
      if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>) text += value;
      else text += std::to_string(value);
    }
    return text;
  };
  if (scenarios.empty() && options.trace.empty()) {
    scenarios = python ? python_default_scenarios(options.task) : std::vector<std::string>{demo_scenario(options.task)};
    if (scenarios.empty()) scenarios.push_back(demo_scenario(options.task));
    chosen += " --traffic-scenario " + join(scenarios);
  }
  if (pooling && batch_sizes.empty() && closed_loop) {
    batch_sizes = python ? python_default_batch_sizes() : std::vector<int64_t>{1};
    chosen += " --batch-size " + join(batch_sizes);
  }
  if (batch_sizes.empty()) batch_sizes.push_back(1);
  if (concurrencies.empty() && closed_loop) {
    // Python runs embeddings and rerank with one user per batch size.
    concurrencies = python && !pooling ? python_default_concurrencies() : std::vector<int64_t>{1};
    if (!pooling) chosen += " --num-concurrency " + join(concurrencies);
  }
  if (concurrencies.empty()) concurrencies.push_back(1);
  // Python requires both limits; the defaults here are the obvious short ones, said.
  if (!options.run_limits_given && closed_loop) {
    chosen += " --max-time-per-run " + options.max_time_per_run + " --max-requests-per-run " +
              std::to_string(options.max_requests_per_run);
  }
  if (chosen.empty()) return "";
  return "genai-bench: not given, so" + (python ? " as Python genai-bench for " + options.task : std::string(" (built-in mock demo)")) +
         ":" + chosen;
}

ExperimentSetup flags_setup(const cli::BenchmarkOptions& options, const std::string& command_line) {
  ExperimentSetup setup = common_setup(options, command_line);
  std::vector<std::string> scenario_texts = options.traffic_scenarios;
  // As Python genai-bench: a dataset and no scenario sends the dataset's prompts as they are.
  if (scenario_texts.empty() && (!options.dataset_path.empty() || !options.dataset_config.empty())) {
    scenario_texts.push_back("dataset");
  }
  const bool pooling = options.task == "text-to-embeddings" || options.task == "text-to-rerank";
  std::vector<int64_t> batch_sizes = options.batch_size;
  std::vector<int64_t> concurrencies = options.num_concurrency;
  setup.defaults_note = apply_default_experiment(options, !setup.api_base.empty(), scenario_texts, concurrencies, batch_sizes);
  const auto max_time = duration_flag("--max-time-per-run", options.max_time_per_run, DefaultUnit::minutes);
  if (max_time.count() <= 0) throw SetupError{"--max-time-per-run must be greater than 0"};
  if (options.max_requests_per_run == 0) throw SetupError{"--max-requests-per-run must be at least 1"};
  if (options.warmup_ratio + options.cooldown_ratio >= 1) {
    throw SetupError{"--warmup-ratio plus --cooldown-ratio must be below 1"};
  }
  const std::optional<workload::Arrival> arrival =
      options.trace.empty() && !options.sweep ? open_loop_arrival(options) : std::nullopt;
  if (!options.trace.empty() && !options.sweep) {
    add_trace_run(options, setup);
    scenario_texts.clear();
  }
  if (options.sweep) {
    auto scenario = workload::parse_scenario(scenario_texts.front());
    if (!scenario) throw SetupError{"--traffic-scenario: " + scenario.error()};
    add_sweep_runs(options, *scenario, max_time, setup);
    setup.info.traffic_scenarios.push_back(scenario->to_string());
    scenario_texts.clear();
  }
  for (const std::string& text : scenario_texts) {
    auto scenario = workload::parse_scenario(text);
    if (!scenario) throw SetupError{"--traffic-scenario: " + scenario.error()};
    if (!scenario->fits_task(options.task)) {
      const std::string_view own_task = scenario->kind == workload::Scenario::Kind::image ? "image" : scenario->task();
      throw SetupError{"--traffic-scenario: " + scenario->to_string() + " is " + (own_task == "image" ? "an " : "a ") +
                       std::string(own_task) + " scenario, but --task is " + options.task +
                       " (text-to-text: D, N, U; text-to-embeddings: E(tokens); text-to-rerank: R(doc_tokens,query_tokens); "
                       "image-text-to-text, text-to-image, image-to-embeddings: I(width,height[,images]); "
                       "text-to-speech: A(chars))"};
    }
    for (double rate : arrival ? options.request_rate : std::vector<double>{}) {
      load::RunPlan plan;
      plan.run_index = static_cast<uint32_t>(setup.runs.size());
      plan.scenario = *scenario;
      plan.arrival = *arrival;
      plan.arrival->rate = rate;
      plan.batch_size = batch_sizes.front();
      plan.concurrency = options.max_concurrency;
      plan.max_requests = options.max_requests_per_run;
      plan.max_duration = max_time;
      setup.runs.push_back(plan);
      metrics::RunDescription description{plan.run_index, scenario->to_string(), "request_rate", options.max_concurrency,
                                          options.warmup_ratio, options.cooldown_ratio};
      description.request_rate = rate;
      description.arrival = arrival->describe();
      setup.descriptions.push_back(description);
    }
    for (int64_t batch_size : pooling && !arrival ? batch_sizes : std::vector<int64_t>{}) {
      for (int64_t concurrency : concurrencies) {
        load::RunPlan plan;
        plan.run_index = static_cast<uint32_t>(setup.runs.size());
        plan.scenario = *scenario;
        plan.concurrency = concurrency;
        plan.batch_size = batch_size;
        plan.max_requests = options.max_requests_per_run;
        plan.max_duration = max_time;
        setup.runs.push_back(plan);
        metrics::RunDescription description{plan.run_index, scenario->to_string(), "batch_size", concurrency,
                                            options.warmup_ratio, options.cooldown_ratio};
        description.batch_size = batch_size;
        setup.descriptions.push_back(description);
      }
    }
    for (int64_t concurrency : arrival || pooling ? std::vector<int64_t>{} : concurrencies) {
      load::RunPlan plan;
      plan.run_index = static_cast<uint32_t>(setup.runs.size());
      plan.scenario = *scenario;
      plan.concurrency = concurrency;
      plan.max_requests = options.max_requests_per_run;
      plan.max_duration = max_time;
      setup.runs.push_back(plan);
      setup.descriptions.push_back({plan.run_index, scenario->to_string(), "num_concurrency", concurrency,
                                    options.warmup_ratio, options.cooldown_ratio});
    }
    setup.info.traffic_scenarios.push_back(scenario->to_string());
  }
  if (pooling && !arrival) setup.info.batch_sizes = batch_sizes;
  if (arrival) {
    setup.info.request_rates = options.request_rate;
  } else if (options.trace.empty() && !options.sweep) {
    setup.info.concurrencies = concurrencies;
  }
  setup.info.max_requests_per_run = options.max_requests_per_run;
  setup.info.max_time_per_run_s = std::chrono::duration<double>(max_time).count();
  setup.info.warmup_ratio = options.warmup_ratio;
  setup.info.cooldown_ratio = options.cooldown_ratio;
  const std::string name = options.experiment_name.empty()
                               ? python_experiment_folder_name(options.api_backend, options.server_engine,
                                                               options.server_version, options.task,
                                                               setup.info.display_model, timestamp_for_names())
                               : options.experiment_name;
  setup.folder = non_colliding_folder(options.output_dir, name);
  setup.info.name = setup.folder.substr(setup.folder.find_last_of('/') + 1);
  if (setup.info.name != name) {
    std::cout << "genai-bench: " << options.output_dir << "/" << name << " holds an earlier experiment; this one goes to "
              << setup.folder << "\n";
  }
  return setup;
}

ExperimentSetup yaml_setup(cli::BenchmarkOptions options, const std::string& command_line) {
  auto config = cli::load_yaml_config(options.config_path);
  if (!config) throw SetupError{config.error()};
  // The YAML's target settings stand in for the flags; flags given as well win.
  if (options.api_base.empty()) options.api_base = config->base_url;
  if (options.api_key.empty()) options.api_key = config->api_key;
  if (options.api_model_name.empty()) options.api_model_name = config->model;
  if (options.dataset_path.empty()) options.dataset_path = config->dataset_path;
  if (options.dataset_config.empty()) options.dataset_config = config->dataset_config;
  if (!options.dataset_prompt_column_given && !config->dataset_prompt_column.empty()) {
    options.dataset_prompt_column = config->dataset_prompt_column;
    options.dataset_prompt_column_given = true;
  }
  if (options.dataset_image_column.empty()) options.dataset_image_column = config->dataset_image_column;
  if (options.dataset_split.empty()) options.dataset_split = config->dataset_split;
  ExperimentSetup setup = common_setup(options, command_line);
  setup.bursts_per_run = config->runs;
  for (const cli::YamlCase& yaml_case : config->cases) {
    workload::Scenario scenario;
    scenario.input_a = yaml_case.input_tokens;
    scenario.output_a = yaml_case.output_tokens;
    for (int64_t concurrency : config->num_concurrent_requests) {
      load::RunPlan plan;
      plan.run_index = static_cast<uint32_t>(setup.runs.size());
      plan.scenario = scenario;
      plan.concurrency = concurrency;
      plan.max_requests = static_cast<uint64_t>(concurrency);  // one burst: everyone at once
      setup.runs.push_back(plan);
      setup.descriptions.push_back({plan.run_index, scenario.to_string(), "num_concurrency", concurrency, 0, 0});
    }
    setup.info.traffic_scenarios.push_back(scenario.to_string());
  }
  setup.info.concurrencies = config->num_concurrent_requests;
  setup.info.max_requests_per_run = 0;
  setup.folder = non_colliding_folder(config->output_dir, safe_name(config->output_prefix_name) + "_" + timestamp_for_names());
  setup.info.name = setup.folder.substr(setup.folder.find_last_of('/') + 1);

  const std::string rows_path = config->output_dir + "/" + config->output_prefix_name + "." + config->save_format;
  auto rows = std::make_shared<std::vector<report::CaseRow>>();
  const bool stream_writing = config->stream_writing;
  const std::string format = config->save_format;
  const int64_t runs = config->runs;
  const std::string model = setup.info.model;
  const size_t total_runs = setup.runs.size();
  std::vector<cli::YamlCase> case_of_run;
  for (const auto& plan : setup.runs) case_of_run.push_back({plan.scenario.input_a, plan.scenario.output_a});
  setup.on_run_summarized = [=](const metrics::RunSummary& summary) {
    report::CaseRow row;
    row.timestamp = report::iso8601_now_utc();
    row.model = model;
    row.input_tokens = case_of_run[summary.run.run_index].input_tokens;
    row.output_tokens = case_of_run[summary.run.run_index].output_tokens;
    row.runs = runs;
    row.num_concurrent_requests = summary.run.concurrency;
    row.ttft_ms = summary.ttft_ms.mean;
    row.tpot_ms = summary.tpot_ms.mean;
    row.throughput_tps = report::case_throughput_tps(row.tpot_ms, row.num_concurrent_requests);
    rows->push_back(row);
    // stream_writing: each row as soon as it is ready; otherwise all together after the last run.
    const bool last = rows->size() == total_runs;
    if (!stream_writing && !last) return;
    for (const auto& ready : stream_writing ? std::vector<report::CaseRow>{row} : *rows) {
      if (auto status = report::append_case_row(rows_path, format, ready); !status) {
        std::cerr << "genai-bench: " << status.error() << "\n";
      }
    }
  };
  return setup;
}

ExperimentSetup benchmark_setup(cli::BenchmarkOptions& options, const std::string& command_line) {
  // Python genai-bench's --model-auth-type is our --auth for OCI; its other options say what happens instead.
  if (!options.python.model_auth_type.empty() && options.api_backend.rfind("oci-", 0) == 0) {
    options.provider.oci.auth = options.python.model_auth_type;
  }
  auto rust_notes = cli::apply_rust_spellings(options);
  if (!rust_notes) throw SetupError{rust_notes.error()};
  for (const std::string& note : cli::python_only_notes(options.python, options.api_backend, options.task)) {
    std::cout << "genai-bench: " << note << "\n";
  }
  for (const std::string& note : *rust_notes) std::cout << "genai-bench: " << note << "\n";
  ExperimentSetup setup = options.config_path.empty() ? flags_setup(options, command_line)
                                                      : yaml_setup(options, command_line);
  setup.log_dir = options.python.log_dir;
  setup.verbose = options.verbose;
  apply_slo(options, setup);
  apply_turns(options, setup);
  apply_inline_prefix(options, setup);
  apply_shard(options, setup);
  return setup;
}

}  // namespace

Result<ExperimentSetup> checked_benchmark_setup(cli::BenchmarkOptions& options, const std::string& command_line) {
  try {
    return benchmark_setup(options, command_line);
  } catch (const SetupError& error) {
    return make_error(error.message);
  }
}

int run_benchmark_command(cli::BenchmarkOptions options, const std::string& command_line, load::StopControl& stop) {
  ConsoleLog console_log;  // from the first line said
  try {
    ExperimentSetup setup = benchmark_setup(options, command_line);
    setup.console_log = &console_log;

    // The reports asked for at the end; built from the folder alone, exactly as `genai-bench
    // report` rebuilds them.
    const bool all = options.report == "all";
    ReportFlags wanted;
    wanted.metric_percentile = options.metric_percentile;
    if (options.metrics_time_unit_given) wanted.metrics_time_unit = options.metrics_time_unit;
    wanted.excel = options.excel || all;
    wanted.html = options.html || all;
    wanted.plots = options.plot || wanted.html;  // the HTML report inlines the plots
    const bool reports = wanted.excel || wanted.plots;
    if (auto percentile = report::checked_percentile(options.metric_percentile); !percentile) {
      throw SetupError{percentile.error()};
    }
    std::optional<upload::TransferSettings> upload_settings;
    if (options.storage.upload_results) {
      // OCI uploads sign as the oci-* backends do, unless --storage-auth-type says otherwise.
      options.storage.oci = options.provider.oci;
      // Checked now, so a mistyped flag stops before the experiment rather than after it.
      auto checked = upload::check_storage_options(options.storage);
      if (!checked) throw SetupError{checked.error()};
      upload_settings = std::move(*checked);
    }
    const int code = run_experiment(setup, stop);
    int status = code;
    const bool folder_complete = code == kExitOk || code == kExitNoRequestSucceeded || code == kExitInterrupted;
    if (reports && folder_complete && !write_reports_for_folder(setup.folder, wanted)) status = kExitResultsNotWritten;
    // As Python genai-bench ends every experiment: its workbook and its 2x4 plots, in its names.
    // They are rebuilt from the folder at any time, so one that fails (no gnuplot) is said and
    // leaves the exit status as the experiment set it.
    const bool any_run = code == kExitOk || code == kExitNoRequestSucceeded;
    if (!options.no_end_reports && any_run && options.config_path.empty() &&
        !write_python_end_of_experiment_reports(setup.folder, options.metric_percentile, options.metrics_time_unit)) {
      std::cerr << "genai-bench: Python genai-bench's end-of-experiment workbook and plots were not all written (above); "
                   "`genai-bench excel` and `genai-bench plot` rebuild them from the folder\n";
    }
    // Last, as Python genai-bench does: the folder with its reports (what there is of them: the
    // records are the results). A failed upload is said and changes the status only of an
    // experiment that otherwise succeeded; Ctrl-C during it stops it (exit 130).
    if (upload_settings && any_run) {
      // A shard's folder has the experiment's name on every shard: each goes to NAME/shard-I.
      const std::string upload_name =
          setup.shard.whole() ? "" : upload::folder_name(setup.folder) + "/shard-" + std::to_string(setup.shard.index);
      upload_settings->retry.stopped = [&stop] { return stop.stop_requested.load(); };
      const auto uploads = upload::upload_folders(options.storage, *upload_settings, {{setup.folder, upload_name}}, std::cout, std::cerr);
      const bool uploaded = !uploads.empty() && uploads.front().ok();
      if (!uploaded && stop.stop_requested.load()) return kExitInterrupted;
      if (!uploaded && status == kExitOk) return kExitUploadFailed;
    }
    return status;
  } catch (const SetupError& error) {
    std::cerr << "genai-bench: " << error.message << "\n";
    return kExitBadCommandLine;
  }
}

}  // namespace genai::app
