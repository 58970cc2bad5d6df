#include "app/api_prompts.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <iostream>

#include "net/http_request.h"
#include "workload/random.h"

namespace genai::app {
namespace {

namespace asio = boost::asio;

constexpr int kAttempts = 3;  // a prompt whose completion_tokens differs from n is asked for again

struct Job {
  PromptPool* pool;
  const workload::Scenario* scenario;
  size_t index;
};

struct Generation {
  const ApiPromptSetup* setup = nullptr;
  const api::Backend* backend = nullptr;
  std::vector<Job> jobs;
  size_t next_job = 0;  // one event-loop thread: no atomics
  std::string failure;  // the first request that failed, with why
  size_t mismatched = 0;
};

uint64_t scenario_hash(const std::string& text) { return std::hash<std::string>{}(text); }

asio::awaitable<void> generate(Generation& generation, load::UserSlot& slot) {
  const ApiPromptSetup& setup = *generation.setup;
  const load::RequestContext context{&setup.retry, net::Clock::now(), nullptr, setup.backend_options.api_key, nullptr};
  while (generation.failure.empty() && generation.next_job < generation.jobs.size()) {
    const Job job = generation.jobs[generation.next_job++];
    PromptPool::Entry& entry = job.pool->entries[job.index];
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      // Lengths and seed words depend only on the seed, the scenario and the index (and attempt).
      using workload::Random;
      Random random(Random::mix(Random::mix(setup.seed ^ scenario_hash(job.pool->scenario)) ^
                                  (job.index * kAttempts + static_cast<size_t>(attempt))));
      entry.input_tokens = job.scenario->sample(random).input_tokens;
      std::uniform_int_distribution<int> word_count(5, 10);
      api::GenerationRequest request;
      request.prompt = "Write a long text that uses these words: " + setup.seed_text->random_words(word_count(random), random);
      request.max_output_tokens = entry.input_tokens;
      const api::HttpRequestSpec spec = generation.backend->build_request(request);
      load::PreparedRequest prepared;
      prepared.bytes = net::serialize_request(spec.method, spec.target, setup.host_header, *spec.headers, spec.body);
      metrics::RequestRecord record;
      co_await load::run_request(slot, prepared, context, record);
      if (!record.ok()) {
        generation.failure = "--prompt-source api: generating a prompt of " + std::to_string(entry.input_tokens) +
                             " tokens failed: " + record.error_message;
        break;
      }
      if (record.output_source != metrics::CountSource::usage) {
        generation.failure = "--prompt-source api: the server's response has no usage.completion_tokens, so the "
                             "generated prompt's length cannot be checked; use --model-tokenizer instead";
        break;
      }
      entry.generated_tokens = record.output_tokens;
      entry.prompt = slot.recorder.generated_text();
      if (entry.generated_tokens == entry.input_tokens) break;
      if (attempt + 1 == kAttempts) ++generation.mismatched;
    }
  }
  slot.connection.close();  // a kept-alive connection's timer would keep the loop running
}

}  // namespace

std::string prompt_pool_path(const std::string& dir, const workload::Scenario& scenario) {
  return dir + "/" + scenario.file_stem() + ".jsonl";
}

Result<std::map<std::string, PromptPool>> prepare_api_prompts(const ApiPromptSetup& setup) {
  api::BackendOptions options = setup.backend_options;
  options.stream = false;
  options.ignore_eos = true;  // with max_tokens, also writes min_tokens: exactly n tokens
  auto backend = api::make_backend(setup.api_backend, options);
  if (!backend) return make_error(backend.error());

  std::map<std::string, PromptPool> pools;
  Generation generation;
  generation.setup = &setup;
  generation.backend = backend->get();
  size_t reused = 0;
  for (const auto& [scenario, count] : setup.scenarios) {
    PromptPool& pool = pools[scenario.to_string()];
    if (!pool.entries.empty()) {  // the same scenario in several runs: the largest need
      for (size_t i = pool.entries.size(); i < count; ++i) generation.jobs.push_back({&pool, &scenario, i});
      pool.entries.resize(std::max(pool.entries.size(), count));
      continue;
    }
    pool = PromptPool{scenario.to_string(), options.model, options.endpoint, setup.seed, {}};
    if (!setup.cache_dir.empty() && std::filesystem::exists(prompt_pool_path(setup.cache_dir, scenario))) {
      auto cached = read_prompt_pool(prompt_pool_path(setup.cache_dir, scenario));
      if (!cached) return make_error(cached.error());
      if (cached->made_for(pool)) {
        pool.entries = std::move(cached->entries);
        reused += std::min(pool.entries.size(), count);
      } else {
        std::cerr << "note: " << prompt_pool_path(setup.cache_dir, scenario)
                  << " was made for another model, endpoint or seed; generating new prompts\n";
      }
    }
    for (size_t i = pool.entries.size(); i < count; ++i) generation.jobs.push_back({&pool, &scenario, i});
    pool.entries.resize(std::max(pool.entries.size(), count));
  }

  if (!generation.jobs.empty()) {
    std::cout << "Generating " << generation.jobs.size() << " prompts with the server (--prompt-source api)"
              << (reused > 0 ? ", " + std::to_string(reused) + " reused from --prompt-cache" : std::string()) << "\n";
    asio::io_context context(1);
    std::vector<std::unique_ptr<load::UserSlot>> slots;
    const size_t workers = std::min<size_t>(static_cast<size_t>(std::max(1, setup.concurrency)), generation.jobs.size());
    for (size_t i = 0; i < workers; ++i) {
      slots.push_back(std::make_unique<load::UserSlot>(context.get_executor(), setup.client, **backend, true));
      asio::co_spawn(context, generate(generation, *slots.back()), asio::detached);
    }
    context.run();
    if (!generation.failure.empty()) return make_error(generation.failure);
    if (generation.mismatched > 0) {
      std::cerr << "warning: " << generation.mismatched << " generated prompts kept a length other than asked for after "
                << kAttempts << " tries; their records carry the length the server reported\n";
    }
  } else if (reused > 0) {
    std::cout << "Reusing " << reused << " prompts from --prompt-cache " << setup.cache_dir << "\n";
  }

  std::error_code error;
  std::filesystem::create_directories(setup.output_dir, error);
  if (error) return make_error("cannot create '" + setup.output_dir + "': " + error.message());
  for (const auto& [scenario, count] : setup.scenarios) {
    if (auto status = write_prompt_pool(pools[scenario.to_string()], prompt_pool_path(setup.output_dir, scenario)); !status) {
      return make_error(status.error());
    }
  }
  return pools;
}

}  // namespace genai::app
