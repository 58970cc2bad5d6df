#include "app/experiment_runner.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include "app/api_prompts.h"
#include "app/dataset_loading.h"
#include "app/exit_status.h"
#include "app/named_tokenizer.h"
#include "app/provider_setup.h"
#include "app/resource_limits.h"
#include "app/run_display.h"
#include "app/server_metrics_scraper.h"
#include "app/shard_plan.h"
#include "common/rfc3339.h"
#include "load/open_loop.h"
#include "load/ramp_up.h"
#include "mock/mock_server.h"
#include "report/console_summary.h"
#include "report/experiment_files.h"
#include "report/genai_bench_compat.h"
#include "report/records_writer.h"
#include "report/shard_file.h"
#include "tokenizer/tokenizer.h"
#include "workload/dataset.h"
#include "workload/prompt_source.h"

namespace genai::app {
namespace {

int fail(const std::string& message) {
  std::cerr << "genai-bench: " << message << "\n";
  return kExitSetupError;
}

// The folder must be new or empty: appending to an old experiment's records would mix them.
Status prepare_folder(const std::string& folder) {
  std::error_code error;
  if (std::filesystem::exists(folder, error) && !std::filesystem::is_empty(folder, error)) {
    return make_error("experiment folder '" + folder + "' already exists and is not empty; choose another "
                      "--experiment-name or --output-dir");
  }
  std::filesystem::create_directories(folder, error);
  if (error) return make_error("cannot create experiment folder '" + folder + "': " + error.message());
  return Ok{};
}

// --verbose: what will run, as resolved from the flags (defaults included).
void say_plan(const ExperimentSetup& setup) {
  auto seconds = [](std::chrono::nanoseconds duration) { return std::to_string(std::chrono::duration<double>(duration).count()) + " s"; };
  std::cout << "debug: target " << setup.api_base << " (" << setup.api_backend << ", " << setup.backend_options.endpoint
            << ", model " << setup.backend_options.model << "), " << setup.threads << " client threads, timeouts connect "
            << seconds(setup.timeouts.connect) << " first byte " << seconds(setup.timeouts.first_byte) << " read "
            << seconds(setup.timeouts.idle_read) << " total " << seconds(setup.timeouts.total) << ", "
            << setup.retry.max_retries << " retries\n";
  for (size_t index = 0; index < setup.runs.size(); ++index) {
    const load::RunPlan& plan = setup.runs[index];
    std::cout << "debug: run " << index + 1 << ": " << setup.descriptions[index].scenario << " "
              << setup.descriptions[index].iteration_type << " " << setup.descriptions[index].load_label()
              << ", at most " << plan.max_requests << " requests and " << seconds(plan.max_duration) << "\n";
  }
}

// --verbose: each failed request of a run, its kind and message (keys already masked in records).
void say_failures(const std::string& label, const std::vector<metrics::RequestRecord>& records) {
  constexpr size_t kMostSaid = 50;
  size_t said = 0, failed = 0;
  for (const metrics::RequestRecord& record : records) {
    if (record.ok()) continue;
    if (++failed > kMostSaid) continue;
    ++said;
    std::cout << "debug: " << label << " request " << record.request_index << " failed: " << record.error_kind
              << (record.http_status > 0 ? " (HTTP " + std::to_string(record.http_status) + ")" : std::string())
              << ": " << record.error_message.substr(0, 300) << "\n";
  }
  if (failed > said) std::cout << "debug: " << label << ": " << failed - said << " more failed requests (every one is in records.jsonl)\n";
}

std::string run_label(const ExperimentSetup& setup, size_t index) {
  const auto& description = setup.descriptions[index];
  return "run " + std::to_string(index + 1) + "/" + std::to_string(setup.runs.size()) + " " + description.scenario +
         " @ " + description.load_label();
}

// Returns false when a file could not be written (each failure said in its own line).
bool write_reports(const ExperimentSetup& setup, const std::vector<metrics::RunSummary>& summaries) {
  bool written = true;
  for (const Status& status : {report::write_summary_json(summaries, setup.folder),
                               report::write_summary_csv(summaries, setup.folder),
                               report::write_experiment_json(setup.info, setup.folder)}) {
    if (!status) std::cerr << "genai-bench: " << status.error() << "\n";
    written = written && status;
  }
  return written;
}

// "connect: 4, tls: 2": what the failed requests of the experiment failed with.
std::string failure_kinds(const std::vector<metrics::RunSummary>& summaries) {
  std::map<std::string, uint64_t> kinds;
  for (const auto& summary : summaries) {
    for (const auto& [kind, count] : summary.errors_by_kind) kinds[kind] += count;
  }
  std::string text;
  for (const auto& [kind, count] : kinds) text += (text.empty() ? "" : ", ") + kind + ": " + std::to_string(count);
  return text.empty() ? "no request was made" : text;
}

// Each scenario needs as many prompts as its largest run sends, up to kMaxGeneratedPrompts
// (requests beyond that cycle through them: a long time-bound run would otherwise ask the server
// for a prompt per request before it starts).
constexpr size_t kMaxGeneratedPrompts = 1000;

ApiPromptSetup api_prompt_setup(const ExperimentSetup& setup, std::shared_ptr<const net::ClientContext> client,
                                std::string host_header, const workload::PromptSource& seed_text) {
  ApiPromptSetup api;
  for (const load::RunPlan& plan : setup.runs) {
    const uint64_t requests = setup.bursts_per_run > 0 ? static_cast<uint64_t>(setup.bursts_per_run * plan.concurrency)
                                                       : plan.max_requests;
    api.scenarios.emplace_back(plan.scenario, static_cast<size_t>(std::min<uint64_t>(requests, kMaxGeneratedPrompts)));
  }
  api.backend_options = setup.backend_options;
  api.api_backend = setup.api_backend;
  api.client = std::move(client);
  api.host_header = std::move(host_header);
  api.seed_text = &seed_text;
  api.seed = setup.seed;
  api.retry = setup.retry;
  api.cache_dir = setup.prompt_cache;
  api.output_dir = setup.folder + "/prompts";
  return api;
}

// What prompts are made from: the text to cut them from (the built-in corpus or a text file), or
// a dataset of prompts, and the tokenizer that counts them.
struct WorkloadInputs {
  std::optional<workload::PromptSource> text;
  std::optional<workload::Dataset> dataset;
  std::optional<workload::DatasetSampler> sampler;
  std::unique_ptr<tokenizer::Tokenizer> tokenizer;
};

// The most streams a run keeps open at once, where it is known: a closed loop's users (one
// connection each), an open loop's --max-concurrency cap. An uncapped open loop's depends on the
// server's speed: not counted.
int64_t most_streams(const ExperimentSetup& setup) {
  int64_t most = 0;
  for (const load::RunPlan& plan : setup.runs) {
    if (!plan.open_loop() || plan.concurrency > 0) most = std::max(most, plan.concurrency);
  }
  return most;
}

// The run's ramp-up: --ramp-up as given; else, for a closed loop's users, --spawn-rate's or the
// default spread (bursts are meant to start together: none).
void set_ramp_up(const ExperimentSetup& setup, load::RunPlan& plan) {
  if (setup.ramp_up) {
    plan.ramp_up = *setup.ramp_up;
    plan.ramp_excluded = plan.ramp_up.count() > 0;
  } else if (!plan.open_loop() && setup.bursts_per_run == 0) {
    plan.ramp_up = setup.spawn_rate > 0 ? load::spawn_rate_ramp(plan.concurrency, setup.spawn_rate)
                                        : load::default_closed_loop_ramp(plan.concurrency);
  }
}

Result<WorkloadInputs> load_workload_inputs(ExperimentSetup& setup) {
  WorkloadInputs inputs;
  if (!setup.tokenizer_path.empty()) {
    auto loaded = load_named_tokenizer(setup.tokenizer_path, [](const std::string& line) { std::cout << line << std::endl; });
    if (!loaded) return make_error(loaded.error());
    inputs.tokenizer = std::move(*loaded);
    setup.info.token_count_note =
        "input: server usage.prompt_tokens when sent, else the prompt's exact count under " + setup.tokenizer_path +
        " (prompts are built to that count: the user message's content, without the chat template); "
        "output: server usage.completion_tokens when sent, else the generated text counted with the tokenizer";
  }
  bool any_dataset_scenario = false, only_dataset_scenario = true;
  for (const load::RunPlan& plan : setup.runs) {
    const bool dataset = plan.scenario.kind == workload::Scenario::Kind::dataset;
    any_dataset_scenario = any_dataset_scenario || dataset;
    only_dataset_scenario = only_dataset_scenario && dataset;
  }
  if (setup.dataset_path.empty() && setup.dataset_config.empty()) {
    if (any_dataset_scenario) {
      return make_error("--traffic-scenario dataset sends a dataset's own prompts: give --dataset-path or --dataset-config");
    }
    inputs.text = workload::PromptSource::built_in();
    setup.info.dataset = inputs.text->description();
    return inputs;
  }
  DatasetRequest request;
  request.path = setup.dataset_path;
  request.config_path = setup.dataset_config;
  request.format = setup.dataset_format;
  request.prompt_column = setup.dataset_prompt_column;
  request.prompt_column_given = setup.dataset_prompt_column_given;
  request.image_column = setup.dataset_image_column;
  request.split = setup.dataset_split;
  request.lines_as_prompts = any_dataset_scenario && only_dataset_scenario;
  auto loaded = load_dataset(request, inputs.tokenizer.get(), [](const std::string& line) { std::cout << line << std::endl; });
  if (!loaded) return make_error(loaded.error());
  if (!loaded->dataset) {
    if (any_dataset_scenario) {
      return make_error("--traffic-scenario dataset: the lines of " + loaded->corpus_path +
                        " are its prompts, but the other scenarios cut prompts from that text; run them separately");
    }
    auto text = workload::PromptSource::from_text_file(loaded->corpus_path);
    if (!text) return make_error(text.error());
    inputs.text = std::move(*text);
    setup.info.dataset = inputs.text->description();
    return inputs;
  }
  if (setup.prompts_from_api || setup.trace) {
    return make_error("--dataset-path: a dataset of prompts sends its own prompts; it does not combine with " +
                      std::string(setup.trace ? "--trace" : "--prompt-source api"));
  }
  const bool has_images = !loaded->dataset->entries.front().image_urls.empty();
  const bool image_task = setup.info.task == "image-text-to-text" || setup.info.task == "image-to-embeddings";
  if (has_images && !image_task) {
    return make_error("--dataset-image-column: the dataset's images are sent with --task image-text-to-text or "
                      "image-to-embeddings, not " + setup.info.task);
  }
  if (!has_images && any_dataset_scenario && image_task) {
    return make_error("--traffic-scenario dataset with --task " + setup.info.task + " needs a dataset of images: "
                      "--dataset-image-column (or image_column in --dataset-config), or a folder of images");
  }
  inputs.sampler.emplace(loaded->dataset->entries.size(), setup.dataset_with_replacement, setup.seed);
  inputs.dataset = std::move(*loaded->dataset);
  inputs.text = workload::PromptSource::built_in();  // unused by dataset requests; kept for the shared paths
  setup.info.dataset = inputs.dataset->description;
  std::cout << "Dataset: " << setup.info.dataset << "\n";
  return inputs;
}

// --shared-prefix-tokens: the shared system prompts, each from its own seeded place in the text.
std::vector<load::SharedPrefix> shared_prefixes(const ExperimentSetup& setup, const workload::PromptSource& text,
                                                const tokenizer::Tokenizer* tokenizer) {
  std::vector<load::SharedPrefix> prefixes;
  if (setup.shared_prefix_tokens <= 0) return prefixes;
  for (int64_t g = 0; g < setup.num_prefixes; ++g) {
    workload::Random random(workload::Random::mix(setup.seed ^ 0x707265666978ULL ^ static_cast<uint64_t>(g) << 48));  // "prefix"
    load::SharedPrefix prefix;
    if (tokenizer != nullptr) {
      prefix.text = text.make_exact_prompt(setup.shared_prefix_tokens, random, *tokenizer, prefix.tokens);
    } else {
      prefix.text = text.make_prompt(setup.shared_prefix_tokens, random);
      prefix.tokens = workload::estimate_tokens(prefix.text);
    }
    prefixes.push_back(std::move(prefix));
  }
  return prefixes;
}

// --prefix-len / --prefix-ratio: the shared prefix of each length a request may need (one, or one
// per D scenario's input), built once, seeded by the length as Python seeds it.
load::InlinePrefixes inline_prefixes(const ExperimentSetup& setup, const workload::PromptSource& text,
                                     const tokenizer::Tokenizer* tokenizer) {
  load::InlinePrefixes prefixes;
  prefixes.fixed_tokens = setup.prefix_len;
  prefixes.ratio = setup.prefix_ratio;
  if (!prefixes.enabled()) return prefixes;
  std::vector<int64_t> lengths;
  if (setup.prefix_len >= 0) lengths.push_back(setup.prefix_len);
  for (const load::RunPlan& plan : setup.runs) {
    if (setup.prefix_ratio >= 0) lengths.push_back(static_cast<int64_t>(static_cast<double>(plan.scenario.input_a) * setup.prefix_ratio));
  }
  for (int64_t length : lengths) {
    if (length <= 0 || prefixes.by_length.count(length) != 0) continue;
    workload::Random random(workload::Random::mix(setup.seed ^ 0x696e6c696e65ULL ^ static_cast<uint64_t>(length) << 20));  // "inline"
    load::SharedPrefix& prefix = prefixes.by_length[length];
    if (tokenizer != nullptr) {
      prefix.text = text.make_exact_prompt(length, random, *tokenizer, prefix.tokens);
    } else {
      prefix.text = text.make_prompt(length, random);
      prefix.tokens = workload::estimate_tokens(prefix.text);
    }
  }
  return prefixes;
}

// After the baseline and the probe: the open-loop runs at rates evenly spaced between theirs.
void add_swept_runs(ExperimentSetup& setup, const std::vector<metrics::RunSummary>& summaries) {
  const load::RunPlan base = setup.runs[0];
  const metrics::RunDescription base_description = setup.descriptions[0];
  for (double rate : metrics::sweep_rates(summaries[0].requests_per_s, summaries[1].requests_per_s, setup.sweep->steps)) {
    load::RunPlan plan = base;
    plan.run_index = static_cast<uint32_t>(setup.runs.size());
    plan.concurrency = 0;
    plan.arrival = setup.sweep->arrival;
    plan.arrival->rate = rate;
    setup.runs.push_back(plan);
    metrics::RunDescription description = base_description;
    description.run_index = plan.run_index;
    description.iteration_type = "request_rate";
    description.concurrency = 0;
    description.request_rate = rate;
    description.arrival = plan.arrival->describe();
    setup.descriptions.push_back(description);
    setup.info.request_rates.push_back(rate);
  }
  setup.info.runs = setup.descriptions;
  std::cout << "sweep: one user " << summaries[0].requests_per_s << " req/s, throughput probe "
            << summaries[1].requests_per_s << " req/s; now " << setup.runs.size() - 2 << " rates between them\n";
}

void print_sweep(const metrics::SweepResult& sweep) {
  std::cout << "sweep: knee at ";
  if (sweep.knee_rate) {
    std::cout << *sweep.knee_rate << " req/s (the highest rate the server kept up with: completed >= "
              << metrics::kKeptUp * 100 << "% of offered)";
  } else {
    std::cout << "none found (the server fell behind at the lowest swept rate)";
  }
  if (sweep.highest_rate_meeting_slo) std::cout << "; highest rate meeting the SLO: " << *sweep.highest_rate_meeting_slo << " req/s";
  std::cout << "\n";
}

report::ShardFile describe_shard(const ExperimentSetup& setup) {
  report::ShardFile shard;
  shard.index = setup.shard.index;
  shard.count = setup.shard.count;
  shard.seed = setup.seed;
  shard.plan_sha256 = shard_plan_sha256(setup);
  shard.start_at_ns = setup.start_at_ns;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) shard.host = host;
  for (const auto& address : setup.local_addresses) shard.local_ips.push_back(address.to_string());
  shard.version = GENAI_BENCH_VERSION;
  return shard;
}

std::string shard_status(int exit_status) {
  switch (exit_status) {
    case kExitOk: return "completed";
    case kExitMissedStart: return "missed_start";
    case kExitInterrupted: return "interrupted";
    case kExitNoRequestSucceeded: return "no_request_succeeded";
    case kExitResultsNotWritten: return "results_not_written";
    default: return "failed";
  }
}

}  // namespace

int run_experiment(ExperimentSetup& setup, load::StopControl& stop) {
  // Refused before anything starts: a run that would run out of descriptors half-way fails every
  // request after the limit, which measures the limit, not the server.
  if (auto fits = check_open_file_limit(most_streams(setup), setup.api_base.empty()); !fits) {
    return fail(fits.error());
  }
  // --shard / --start-at: shard.json, written when the records' clock starts and again at the end.
  // The plan's hash is taken before the built-in mock (if any) gives the address a port.
  std::optional<report::ShardFile> shard_file;
  if (setup.write_shard_file) {
    shard_file = describe_shard(setup);
    if (!setup.shard.whole()) {
      const std::string i = std::to_string(setup.shard.index), n = std::to_string(setup.shard.count);
      std::cout << "shard " << setup.shard.describe() << ": this process runs users, arrivals and request indices " << i
                << ", " << i << " + " << n << ", ... of the plan (sha256 " << shard_file->plan_sha256.substr(0, 12)
                << "); `genai-bench merge` joins the shards' folders\n";
    }
    if (setup.start_at_ns) {
      std::cout << "the first run starts at " << format_rfc3339_ns(*setup.start_at_ns) << " (--start-at), once ready\n";
    }
  }
  // No --api-base: serve the built-in mock in this process, on one thread of its own.
  std::unique_ptr<mock::MockServer> mock_server;
  if (setup.api_base.empty()) {
    auto server = mock::MockServer::listen(setup.mock_options);
    if (!server) return fail(server.error());
    mock_server = std::move(*server);
    mock_server->start();
    setup.api_base = "http://127.0.0.1:" + std::to_string(mock_server->port());
    setup.info.api_base = setup.api_base;
    setup.info.built_in_mock = true;
    std::cout << "No --api-base given: benchmarking the built-in mock server at " << setup.api_base << " (TTFT "
              << setup.mock_options.ttft.mean_ms << " ms, ITL " << setup.mock_options.itl.mean_ms << " ms)\n";
  }

  auto url = net::parse_url(setup.api_base);
  if (!url) return fail("--api-base: " + url.error());
  // Said once the command line is known to be good: a refusal stays one line.
  if (!setup.defaults_note.empty()) std::cout << setup.defaults_note << "\n";
  setup.backend_options.base_path = url->path;
  auto backend = api::make_backend(setup.api_backend, setup.backend_options);
  if (!backend) return fail(backend.error());
  auto client = net::make_client_context({*url, setup.verify_tls, setup.timeouts, setup.local_addresses});
  if (!client) return fail(client.error());
  // Signatures and OAuth tokens, made per request; Google's first token is fetched here.
  auto authorizer = make_provider_authorizer(setup.api_backend, setup.provider_flags, setup.backend_options.api_key,
                                             [](const std::string& line) { std::cerr << "\n" << line << "\n"; });
  if (!authorizer) return fail(authorizer.error());
  auto inputs = load_workload_inputs(setup);
  if (!inputs) return fail(inputs.error());
  const std::optional<workload::PromptSource>& prompts = inputs->text;
  const std::unique_ptr<tokenizer::Tokenizer>& tokenizer = inputs->tokenizer;
  if (setup.prompts_from_api && setup.trace) return fail("--prompt-source api: not with --trace (a trace's prompts are built from its hash ids)");
  if (!setup.prompt_cache.empty() && !setup.prompts_from_api) return fail("--prompt-cache: only used with --prompt-source api");

  if (auto status = prepare_folder(setup.folder); !status) return fail(status.error());
  if (setup.console_log != nullptr) {
    std::error_code ignored;
    if (!setup.log_dir.empty()) std::filesystem::create_directories(setup.log_dir, ignored);
    const std::string log_path = (setup.log_dir.empty() ? setup.folder : setup.log_dir) + "/genai_bench.log";
    if (auto status = setup.console_log->open_file(log_path); !status) return fail(status.error());
  }
  if (setup.verbose) say_plan(setup);
  setup.info.folder = setup.folder;
  setup.info.runs = setup.descriptions;
  setup.info.started_at = report::iso8601_now_utc();
  if (auto status = report::write_experiment_json(setup.info, setup.folder); !status) return fail(status.error());
  if (auto status = report::write_genai_bench_metadata(setup.info, setup.folder); !status) return fail(status.error());
  auto records_writer = report::RecordsWriter::open(setup.folder + "/records.jsonl");
  if (!records_writer) return fail(records_writer.error());
  // A record that cannot be written is a result lost: stop starting requests at the first one.
  (*records_writer)->on_failure([&stop](const std::string& error) {
    if (stop.records_unwritable.exchange(true)) return;
    stop.stop_requested = true;
    std::cerr << "\ngenai-bench: cannot write records.jsonl (" << error
              << "): no new requests are started; the records written so far are kept\n";
  });

  std::map<std::string, workload::PromptPool> generated_prompts;
  if (setup.prompts_from_api) {
    auto pools = prepare_api_prompts(api_prompt_setup(setup, *client, url->host_header(), *prompts));
    if (!pools) return fail(pools.error());
    generated_prompts = std::move(*pools);
    setup.info.token_count_note =
        "input: server usage.prompt_tokens when sent, else the usage.completion_tokens the server reported when it "
        "generated the prompt (--prompt-source api; prompts in prompts/)";
  }

  load::LoadTarget target;
  target.backend = backend->get();
  target.client = *client;
  target.host_header = url->host_header();
  target.prompts = &*prompts;
  target.tokenizer = tokenizer.get();
  if (setup.prompts_from_api) target.generated_prompts = &generated_prompts;
  target.shared_prefixes = shared_prefixes(setup, *prompts, tokenizer.get());
  target.inline_prefixes = inline_prefixes(setup, *prompts, tokenizer.get());
  const workload::ImageUrls images(setup.seed);  // made on first use, per size
  target.images = &images;
  target.task = setup.info.task;
  target.dataset_lengths_optional = setup.api_backend == "openai" || setup.api_backend == "vllm" || setup.api_backend == "sglang" ||
                                    setup.api_backend == "together" || setup.api_backend == "azure-openai";
  if (inputs->dataset) {
    target.dataset = &*inputs->dataset;
    target.dataset_sampler = &*inputs->sampler;
  }
  std::optional<workload::TracePrompts> trace_prompts;
  if (setup.trace) {
    trace_prompts.emplace(*prompts, tokenizer.get(), setup.seed, setup.trace_block_tokens);
    target.trace = setup.trace.get();
    target.trace_prompts = &*trace_prompts;
  }
  target.retry = setup.retry;
  target.seed = setup.seed;
  target.worker_threads = setup.threads;
  target.experiment_start = net::Clock::now();
  // The two clocks read together: shard.json says where the records' zero is on the wall clock.
  const int64_t records_zero_epoch_ns = net::realtime_now_ns() - net::nanoseconds_between(target.experiment_start, net::Clock::now());
  target.send_request_ids = setup.send_request_ids;
  setup.steady_origin_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(target.experiment_start.time_since_epoch()).count();
  // Records go to the file through the live window the dashboard reads.
  metrics::LiveWindow live(**records_writer);
  target.sink = setup.dashboard ? static_cast<metrics::RecordSink*>(&live) : records_writer->get();
  target.stop = &stop;
  target.secret = setup.backend_options.api_key;
  target.authorizer = authorizer->get();
  target.shutdown_grace = setup.shutdown_grace;

  const std::unique_ptr<RunDisplay> progress_line =
      setup.dashboard ? make_dashboard(live, target.experiment_start) : make_progress_lines();
  std::unique_ptr<ServerMetricsScraper> server_metrics;  // --server-metrics
  if (!setup.server_metrics_urls.empty()) {
    auto scraper = ServerMetricsScraper::open({setup.server_metrics_urls, setup.server_metrics_interval,
                                               setup.folder + "/server_metrics.jsonl", target.experiment_start,
                                               setup.verify_tls, std::chrono::seconds(5),
                                               [](const std::string& line) { std::cerr << "\n" << line << "\n"; }});
    if (!scraper) return fail(scraper.error());
    server_metrics = std::move(*scraper);
  }
  // Every exit from here on says how it ended in shard.json.
  const auto finish = [&](int exit_status) {
    if (!shard_file) return exit_status;
    shard_file->status = shard_status(exit_status);
    shard_file->exit_status = exit_status;
    if (auto status = report::write_shard_file(*shard_file, setup.folder); !status) {
      std::cerr << "genai-bench: " << status.error() << "\n";
      return exit_status == kExitOk ? kExitResultsNotWritten : exit_status;
    }
    return exit_status;
  };
  if (shard_file) {
    shard_file->records_zero_epoch_ns = records_zero_epoch_ns;
    if (auto status = report::write_shard_file(*shard_file, setup.folder); !status) return fail(status.error());
  }
  std::vector<metrics::RunSummary> summaries;
  bool reports_written = true;
  uint64_t succeeded = 0;
  for (size_t index = 0; index < setup.runs.size() && !stop.stop_requested; ++index) {
    load::RunPlan plan = setup.runs[index];
    plan.preconnect = setup.preconnect;
    set_ramp_up(setup, plan);
    plan.shard = setup.shard;
    if (index == 0) {
      plan.start_at_ns = setup.start_at_ns;
      plan.start_grace = setup.start_grace;
    }
    load::RunProgress progress;
    const int64_t bursts = std::max<int64_t>(1, setup.bursts_per_run);
    progress_line->start_run(run_label(setup, index),
                             plan.shard.part_of(setup.bursts_per_run > 0 ? static_cast<uint64_t>(bursts * plan.concurrency)
                                                                         : plan.max_requests));
    std::vector<metrics::RequestRecord> records;
    if (server_metrics) server_metrics->start_run(setup.descriptions[index].run_index);
    for (int64_t burst = 0; burst < bursts && !stop.stop_requested; ++burst) {
      plan.first_request_index = static_cast<uint64_t>(burst * plan.concurrency);
      const auto tick = [&] { progress_line->update(progress); };
      auto burst_records = plan.open_loop() ? load::run_open_loop(plan, target, progress, tick)
                                        : load::run_closed_loop(plan, target, progress, tick);
      for (auto& record : burst_records) records.push_back(std::move(record));
      if (index == 0 && burst == 0 && shard_file) {
        shard_file->start_epoch_ns = progress.start_epoch_ns.load();
        if (setup.start_at_ns) shard_file->start_lateness_ms = static_cast<double>(progress.start_lateness_ns.load()) / 1e6;
      }
      if (progress.missed_start.load()) {
        std::cerr << "genai-bench: not ready by --start-at " << format_rfc3339_ns(*setup.start_at_ns) << " + --start-grace ("
                  << static_cast<double>(progress.start_lateness_ns.load()) / 1e6
                  << " ms after the start time): nothing was started; exit status " << kExitMissedStart << "\n";
        if (mock_server) mock_server->stop();
        return finish(kExitMissedStart);
      }
      plan.start_at_ns.reset();  // later bursts start when the one before ends
    }
    std::vector<metrics::ServerMetricsSummary> server_summaries;
    if (server_metrics) server_summaries = server_metrics->finish_run();
    progress_line->finish_run(progress);
    if (const uint64_t waited = progress.waited_for_cap.load(); waited > 0) {
      std::cout << run_label(setup, index) << ": " << waited << " requests were due while --max-concurrency "
                << plan.concurrency << " requests were in flight, and started late\n";
    }
    if (const uint64_t on_loop = progress.prompts_built_on_loop.load(); on_loop > 0) {
      std::cerr << "warning: in " << run_label(setup, index) << " " << on_loop
                << " prompts were built on the event loops (the tokenizer fell behind the requests); "
                   "their build time is in those requests' client lag\n";
    }

    std::vector<const metrics::RequestRecord*> pointers;
    for (const auto& record : records) {
      pointers.push_back(&record);
      if (record.ok()) ++succeeded;
    }
    if (setup.verbose) say_failures(run_label(setup, index), records);
    summaries.push_back(metrics::summarize_run(setup.descriptions[index], pointers));
    summaries.back().server_metrics = std::move(server_summaries);
    if (auto status = report::write_genai_bench_run(setup.info, summaries.back(), pointers, setup.folder); !status) {
      std::cerr << "genai-bench: " << status.error() << "\n";
      reports_written = false;
    }
    if (setup.sweep && index == 1) add_swept_runs(setup, summaries);
    reports_written = write_reports(setup, summaries) && reports_written;
    if (setup.on_run_summarized) setup.on_run_summarized(summaries.back());
  }
  if (setup.sweep && summaries.size() > 2) {
    setup.info.sweep = metrics::summarize_sweep(summaries, setup.sweep->slo_attainment);
    print_sweep(*setup.info.sweep);
  }

  setup.info.ended_at = report::iso8601_now_utc();
  const bool records_written = !stop.records_unwritable.load();
  setup.info.interrupted = stop.stop_requested.load() && records_written;
  reports_written = write_reports(setup, summaries) && reports_written;
  std::cout << "\n" << report::console_summary_table(summaries) << "\nResults: " << setup.folder << "\n";
  if (mock_server) mock_server->stop();
  if (!records_written) {
    std::cerr << "genai-bench: records.jsonl is incomplete (" << (*records_writer)->write_error() << "): "
              << (*records_writer)->records_lost() << " measured requests are not in it; exit status "
              << kExitResultsNotWritten << "\n";
    return finish(kExitResultsNotWritten);
  }
  if (!reports_written) {
    std::cerr << "genai-bench: some result files could not be written (see above); exit status " << kExitResultsNotWritten
              << "\n";
    return finish(kExitResultsNotWritten);
  }
  if (setup.info.interrupted) return finish(kExitInterrupted);
  if (succeeded == 0) {
    std::cerr << "genai-bench: no request succeeded (" << failure_kinds(summaries) << "); exit status "
              << kExitNoRequestSucceeded << "\n";
    return finish(kExitNoRequestSucceeded);
  }
  return finish(kExitOk);
}

}  // namespace genai::app
