#include "cli/benchmark_flags.h"

#include <CLI/CLI.hpp>

#include "cli/flag_checks.h"
#include "cli/oci_identity_flags.h"
#include "cli/python_only_flags.h"
#include "cli/rust_spellings.h"
#include "cli/storage_flags.h"

namespace genai::cli {

namespace {

// The providers' flags (Python genai-bench's names and environment variables); grouped in help.
void add_provider_flags(CLI::App& command, ProviderFlags& p) {
  const std::string group = "Providers (--api-backend aws-bedrock, azure-openai, gcp-vertex, anthropic, cohere, together, oci-*)";
  auto flag = [&](const std::string& names, std::string& value, const std::string& help) {
    return command.add_option(names, value, help)->group(group);
  };
  flag("--model-api-key,--model_api_key", p.model_api_key,
       "the provider's API key (azure-openai, gcp-vertex, cohere, together, anthropic)")->envname("MODEL_API_KEY");
  flag("--anthropic-version", p.anthropic_version, "anthropic: the anthropic-version header")->capture_default_str();
  flag("--aws-access-key-id,--aws_access_key_id", p.aws_access_key_id, "aws-bedrock")->envname("AWS_ACCESS_KEY_ID");
  flag("--aws-secret-access-key,--aws_secret_access_key", p.aws_secret_access_key, "aws-bedrock")->envname("AWS_SECRET_ACCESS_KEY");
  flag("--aws-session-token,--aws_session_token", p.aws_session_token, "aws-bedrock")->envname("AWS_SESSION_TOKEN");
  flag("--aws-profile,--aws_profile", p.aws_profile, "aws-bedrock: a profile of ~/.aws/credentials and ~/.aws/config")
      ->envname("AWS_PROFILE");
  flag("--aws-region,--aws_region", p.aws_region, "aws-bedrock (default: $AWS_REGION, $AWS_DEFAULT_REGION, the profile's, us-east-1)");
  flag("--bedrock-api", p.bedrock_api, "aws-bedrock: converse (ConverseStream, any model) or invoke (the model's own body)")
      ->check(CLI::IsMember({"converse", "invoke"}))->capture_default_str();
  flag("--azure-endpoint,--azure_endpoint", p.azure_endpoint, "azure-openai: https://RESOURCE.openai.azure.com (else --api-base)")
      ->envname("AZURE_OPENAI_ENDPOINT");
  flag("--azure-deployment,--azure_deployment", p.azure_deployment, "azure-openai (default: --api-model-name)")
      ->envname("AZURE_OPENAI_DEPLOYMENT");
  flag("--azure-api-version,--azure_api_version", p.azure_api_version, "azure-openai: api-version, or v1 for the /openai/v1/ API")
      ->envname("AZURE_OPENAI_API_VERSION")->capture_default_str();
  flag("--azure-ad-token,--azure_ad_token", p.azure_ad_token, "azure-openai: an Entra ID token, sent as Bearer instead of api-key")
      ->envname("AZURE_AD_TOKEN");
  flag("--gcp-project-id,--gcp_project_id", p.gcp_project_id, "gcp-vertex")->envname("GCP_PROJECT_ID");
  flag("--gcp-location,--gcp_location", p.gcp_location, "gcp-vertex (global: aiplatform.googleapis.com)")
      ->envname("GCP_LOCATION")->capture_default_str();
  flag("--gcp-credentials-path,--gcp_credentials_path", p.gcp_credentials_path,
       "gcp-vertex: a service-account or authorized-user JSON (default: gcloud's application default credentials)")
      ->envname("GOOGLE_APPLICATION_CREDENTIALS");
  add_oci_identity_flags(command, p.oci, group, "oci-*");
}

}  // namespace

// Each flag also answers to its underscore spelling (--api_base): Python genai-bench's own
// recorded command lines use it, and users paste them.
void add_benchmark_flags(CLI::App& command, BenchmarkOptions& options) {
  auto& o = options;
  add_provider_flags(command, o.provider);
  add_python_only_flags(command, o.python);
  add_rust_spellings(command, o.rust);
  add_storage_flags(command, o.storage, false);
  command.add_flag("--verbose,-v", o.verbose, "debug lines (the plan, every failed request) on the console and in the log");
  command.add_option("--config", o.config_path, "YAML config (base_url, model, cases, ...); see README")
      ->check(CLI::ExistingFile);
  command.add_option("--api-backend,--api_backend", o.api_backend,
                     "openai, vllm, sglang, together, azure-openai, anthropic, cohere, aws-bedrock, gcp-vertex, "
                     "oci-genai, oci-cohere, oci-cohere-v2")->capture_default_str();
  command.add_option("--api-base,--api_base,--base-url,--base_url", o.api_base,
                     "server URL, with or without /v1; omitted: benchmark the built-in mock server");
  command.add_option("--api-key,--api_key", o.api_key, "API key (default: $API_KEY, then $OPENAI_API_KEY)");
  command.add_option("--api-model-name,--api_model_name", o.api_model_name, "model name sent in requests");
  command.add_option("--api-endpoint,--api_endpoint", o.api_endpoint, "chat or completions")
      ->check(CLI::IsMember({"chat", "completions"}))->capture_default_str();
  command.add_option("--model-tokenizer,--model_tokenizer", o.model_tokenizer,
                     "tokenizer.json (or a folder holding one) or tiktoken rank file: prompts of exact token length");
  command.add_option("--task", o.task,
                     "text-to-text, text-to-embeddings (/v1/embeddings), text-to-rerank (/v1/rerank), image-text-to-text, "
                     "text-to-image (/v1/images/generations), text-to-speech (/v1/audio/speech) or image-to-embeddings")
      ->check(CLI::IsMember({"text-to-text", "text-to-embeddings", "text-to-rerank", "image-text-to-text", "text-to-image",
                             "text-to-speech", "image-to-embeddings"}))
      ->capture_default_str();
  command.add_option("--batch-size,--batch_size", o.batch_size,
                     "embeddings: texts per request; rerank: documents per request; one run per value")
      ->check(cli::positive());
  command.add_option("--server-engine,--server_engine", o.server_engine, "recorded: the serving engine (vLLM, SGLang, TGI, ...)");
  command.add_option("--server-version,--server_version", o.server_version, "recorded: the engine's version");
  command.add_option("--server-gpu-type,--server_gpu_type", o.server_gpu_type, "recorded: the server's GPU type (H100, ...)");
  command.add_option("--server-gpu-count,--server_gpu_count", o.server_gpu_count, "recorded: how many GPUs serve the model");
  command.add_option("--server-metrics,--server_metrics", o.server_metrics,
                     "a Prometheus /metrics URL (vLLM, SGLang, DCGM, ...) scraped during every run; repeatable")
      ->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command.add_option("--server-metrics-interval,--server_metrics_interval", o.server_metrics_interval,
                     "time between --server-metrics scrapes")->capture_default_str();
  command.add_flag("--no-stream,--no_stream", o.no_stream, "ask for whole responses instead of a stream");
  command.add_flag("--ignore-eos,--ignore_eos", o.ignore_eos, "add ignore_eos and min_tokens (vLLM, SGLang)");
  command.add_option("--extra-body,--extra_body,--additional-request-params,--additional_request_params", o.extra_body,
                     "JSON object merged into every request body (oci-*: also compartmentId, servingType, endpointId)");
  command.add_flag("--insecure", o.insecure, "skip TLS certificate verification");

  command.add_option("--traffic-scenario,--traffic_scenario", o.traffic_scenarios,
                     "D(in,out), N(mean_in,sd_in)/(mean_out,sd_out), U(min_in,max_in)/(min_out,max_out), dataset "
                     "(the dataset's prompts as they are; the default with a dataset); repeatable");
  command.add_option("--num-concurrency,--num_concurrency,--concurrency", o.num_concurrency, "concurrency values, one run each")
      ->delimiter(',')
      ->check(cli::positive());
  command.add_option("--request-rate,--request_rate", o.request_rate,
                     "open loop: requests per second, one run each (instead of --num-concurrency)")
      ->check(cli::positive());
  command.add_option("--arrival", o.arrival,
                     "open loop arrivals: poisson, gamma, constant (deterministic), normal or uniform gaps")
      ->check(CLI::IsMember({"constant", "deterministic", "poisson", "gamma", "normal", "uniform"}))->capture_default_str();
  command.add_option("--arrival-spread,--arrival_spread", o.arrival_spread,
                     "normal arrivals: the gaps' standard deviation; uniform: their half-width; as a fraction of the "
                     "mean gap (default 0.5 and 1)")
      ->check(cli::positive());
  command.add_option("--burstiness", o.burstiness, "gamma arrivals' shape k: CV 1/sqrt(k); 1 is Poisson")
      ->check(cli::positive());
  command.add_option("--max-concurrency,--max_concurrency", o.max_concurrency,
                     "open loop: at most this many requests in flight (due ones wait)")
      ->check(cli::positive());
  command.add_option("--trace", o.trace, "replay a trace: JSONL of {timestamp (ms), input_length, output_length, hash_ids}")
      ->check(CLI::ExistingFile);
  command.add_option("--trace-speedup,--trace_speedup", o.trace_speedup, "replay the trace this many times faster")
      ->check(cli::positive())->capture_default_str();
  command.add_option("--trace-block-size,--trace_block_size", o.trace_block_tokens, "prompt tokens per trace hash id")
      ->check(cli::positive())->capture_default_str();
  command.add_option("--turns", o.turns, "multi-turn: each user holds conversations of this many turns (chat)")
      ->check(cli::positive())->capture_default_str();
  command.add_option("--think-time,--think_time", o.think_time, "multi-turn: pause between turns (seconds, or 500ms)")
      ->capture_default_str();
  command.add_option("--shared-prefix-tokens,--shared_prefix_tokens", o.shared_prefix_tokens,
                     "prepend a shared system prompt of this many tokens to every request (prefix caching)")
      ->check(cli::non_negative());
  command.add_option("--num-prefixes,--num_prefixes", o.num_prefixes, "how many different shared prefixes, taken in turn")
      ->check(cli::positive())->capture_default_str();
  command.add_option("--prefix-len,--prefix_len", o.prefix_len,
                     "Python genai-bench's prefix caching: every request's user message starts with the same text of this "
                     "many tokens, then a 4-hex-digit separator, then the rest")
      ->check(cli::non_negative());
  command.add_option("--prefix-ratio,--prefix_ratio", o.prefix_ratio,
                     "as --prefix-len, the prefix this share of each request's input tokens (D scenarios)")
      ->check(cli::between(0.0, 1.0));
  command.add_flag("--sweep", o.sweep,
                   "find the saturation knee: one user, a throughput probe, then open-loop rates between them");
  command.add_option("--sweep-steps,--sweep_steps", o.sweep_steps, "how many rates the sweep tries")
      ->check(cli::between(2, 1000))->capture_default_str();
  command.add_option("--sweep-max-concurrency,--sweep_max_concurrency", o.sweep_max_concurrency,
                     "users of the sweep's throughput probe")->check(cli::positive())->capture_default_str();
  command.add_option("--slo-attainment,--slo_attainment", o.slo_attainment,
                     "with --sweep and --slo: the share of requests that must meet the SLO at a rate")
      ->check(cli::between(0.0, 1.0))->capture_default_str();
  command.add_flag("--excel", o.excel, "write the Excel report (report.xlsx) into the experiment folder at the end");
  command.add_flag("--plot", o.plot, "write the plots (plots/, gnuplot PNG and SVG) at the end");
  command.add_flag("--html", o.html, "write the self-contained HTML report (report.html, plots inline) at the end");
  command.add_option("--report", o.report, "all: every report at the end (--excel --plot --html)")->check(CLI::IsMember({"all"}));
  command.add_option("--metric-percentile,--metric_percentile", o.metric_percentile,
                     "latency statistic of the workbooks and plots: mean, p25, p50, p75, p90, p95 or p99")->capture_default_str();
  command.add_option("--metrics-time-unit,--metrics_time_unit", o.metrics_time_unit,
                     "latencies in Python genai-bench's run files and in the end-of-experiment workbook and plots: s or ms")
      ->transform(CLI::IsMember({"s", "ms"}, CLI::ignore_case))->capture_default_str()
      ->each([&o](const std::string&) { o.metrics_time_unit_given = true; });
  command.add_flag("--no-end-reports,--no_end_reports", o.no_end_reports,
                   "skip what Python genai-bench writes at the end of every experiment (FOLDER_summary.xlsx and the "
                   "traffic_scenario_combined_plots_2x4 plots)");
  command.add_option("--slo", o.slo, "service-level objectives, e.g. ttft:200ms,tpot:50ms,e2e:10s: goodput per run");
  command.add_option("--max-time-per-run,--max_time_per_run", o.max_time_per_run,
                     "time limit per run: minutes, or 30s, 2m, 1h")
      ->capture_default_str()->each([&o](const std::string&) { o.run_limits_given = true; });
  command.add_option("--max-requests-per-run,--max_requests_per_run,--num-requests,--num_requests", o.max_requests_per_run,
                     "request limit per run")
      ->capture_default_str()->each([&o](const std::string&) { o.run_limits_given = true; });
  command.add_option("--warmup-ratio,--warmup_ratio", o.warmup_ratio, "first fraction of requests left out of metrics")
      ->check(cli::between(0.0, 1.0));
  command.add_option("--cooldown-ratio,--cooldown_ratio", o.cooldown_ratio, "last fraction left out of metrics")
      ->check(cli::between(0.0, 1.0));
  command.add_option("--dataset-path,--dataset_path", o.dataset_path,
                     "prompts: .jsonl, .json, ShareGPT .json, .csv, .parquet, a folder (of data files or images), or a "
                     "Hugging Face dataset id (ORG/NAME, fetched into the Hugging Face cache); other files: text to cut "
                     "prompts from (with --traffic-scenario dataset: one prompt per line)");
  command.add_option("--dataset-config,--dataset_config", o.dataset_config,
                     "Python genai-bench's dataset config JSON: {\"source\": {\"type\": \"file\"|\"huggingface\", \"path\", "
                     "\"huggingface_kwargs\": {\"split\", \"name\", \"revision\"}}, \"prompt_column\", \"image_column\", "
                     "\"prompt_lambda\"}")
      ->check(CLI::ExistingFile);
  command.add_option("--dataset-format,--dataset_format", o.dataset_format,
                     "auto (by extension), text, jsonl, json, sharegpt, csv, parquet")
      ->check(CLI::IsMember({"auto", "text", "jsonl", "json", "sharegpt", "csv", "parquet"}))->capture_default_str();
  command.add_option("--dataset-prompt-column,--dataset_prompt_column", o.dataset_prompt_column,
                     "the column holding the prompt (CSV, JSON rows, Parquet, Hugging Face datasets)")
      ->capture_default_str()->each([&o](const std::string&) { o.dataset_prompt_column_given = true; });
  command.add_option("--dataset-image-column,--dataset_image_column", o.dataset_image_column,
                     "image-text-to-text: the column holding each row's image (Hugging Face Image, a path or a URL)");
  command.add_option("--dataset-split,--dataset_split", o.dataset_split,
                     "Hugging Face and folder datasets: the split, e.g. test or train[:1000] (default: train, else the first)");
  command.add_option("--dataset-sampling,--dataset_sampling", o.dataset_sampling,
                     "random: a seeded pick per request (with replacement); shuffle: each prompt once per pass")
      ->check(CLI::IsMember({"random", "shuffle"}))->capture_default_str();
  command.add_option("--prompt-source,--prompt_source", o.prompt_source,
                     "local: prompts cut from the dataset text; api: written by the server to the exact length")
      ->check(CLI::IsMember({"local", "api"}))->capture_default_str();
  command.add_option("--prompt-cache,--prompt_cache", o.prompt_cache,
                     "with --prompt-source api: a folder of prompts generated before (EXPERIMENT/prompts) to reuse")
      ->check(CLI::ExistingDirectory);
  command.add_option("--seed", o.seed, "seed for lengths and prompts")->capture_default_str();
  command.add_option("--threads", o.threads, "client event-loop threads (default: all cores)")
      ->check(cli::non_negative());

  command.add_flag("--no-preconnect", o.no_preconnect,
                   "open connections inside each user's first request instead of before the run's clock");
  command.add_option("--ramp-up,--ramp_up", o.ramp_up,
                     "closed loop: users start evenly over this; open loop: the rate rises linearly to its target "
                     "over this; requests started in it are left out of the metrics (default: 100 us apart above 100 users, "
                     "else at once)");
  command.add_option("--local-ips,--local_ips", o.local_ips,
                     "source addresses to connect from, round-robin (10.0.0.10,10.0.0.11-10.0.0.13,10.0.1.0/30): each "
                     "adds an address's ephemeral ports");
  command.add_option("--shard", o.shard,
                     "run share I of N of the experiment (0 <= I < N; auto/N: I from JOB_COMPLETION_INDEX, else "
                     "SLURM_PROCID); `genai-bench merge` joins the shards' folders");
  command.add_option("--start-at,--start_at", o.start_at,
                     "start the first run at this time (RFC 3339, or Unix nanoseconds), after everything is ready: "
                     "every shard's common zero");
  command.add_option("--start-grace,--start_grace", o.start_grace,
                     "with --start-at: not ready by the start time plus this, exit with status 5")
      ->capture_default_str();
  command.add_option("--connect-timeout", o.connect_timeout, "TCP + TLS setup limit")->capture_default_str();
  command.add_option("--first-byte-timeout", o.first_byte_timeout, "limit until the response starts")->capture_default_str();
  command.add_option("--read-timeout", o.read_timeout, "longest silence once a response flows")->capture_default_str();
  command.add_option("--request-timeout", o.request_timeout, "limit for a whole request")->capture_default_str();
  command.add_option("--max-retries", o.max_retries, "retries of failures before the first byte")
      ->check(cli::between(0, 100))->capture_default_str();
  command.add_option("--retry-backoff", o.retry_backoff, "waits before each retry")->capture_default_str();
  command.add_option("--max-retry-after", o.max_retry_after,
                     "longest wait a server's Retry-After may ask for before a retry (longer is cut to this)")
      ->capture_default_str();
  command.add_option("--shutdown-grace", o.shutdown_grace, "after Ctrl-C, how long requests in flight may finish")
      ->capture_default_str();

  command.add_option("--output-dir,--experiment-base-dir,--experiment_base_dir", o.output_dir,
                     "where experiment folders go")->capture_default_str();
  command.add_option("--experiment-name,--experiment-folder-name,--experiment_folder_name", o.experiment_name,
                     "experiment folder name (default: backend_model_timestamp)");
  command.add_flag("--no-ui,--no_ui", o.no_ui, "no progress line");
  command.add_option("--mock-ttft-ms", o.mock_ttft_ms, "built-in mock: time to first token")->capture_default_str();
  command.add_option("--mock-itl-ms", o.mock_itl_ms, "built-in mock: time between tokens")->capture_default_str();
}

}  // namespace genai::cli
