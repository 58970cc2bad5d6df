#include "load/load_target.h"
#include "net/http_request.h"

namespace genai::load {
namespace {

// Spreads (seed, run, request) into well-mixed, independent generator seeds.
uint64_t mix(uint64_t value) { return workload::Random::splitmix64(value); }

}  // namespace

PreparedRequest prepare_request(const LoadTarget& target, const workload::Scenario& scenario, uint32_t run_index,
                                uint64_t request_index) {
  workload::Random random(mix(mix(mix(target.seed) ^ run_index) ^ request_index));
  const workload::TokenLengths lengths = scenario.sample(random);
  api::GenerationRequest generation;
  PreparedRequest prepared;
  const workload::PromptPool* pool = nullptr;
  if (target.generated_prompts != nullptr) {
    if (auto found = target.generated_prompts->find(scenario.to_string()); found != target.generated_prompts->end()) {
      pool = &found->second;
    }
  }
  if (target.dataset != nullptr) {
    const workload::DatasetEntry& entry = target.dataset->entries[target.dataset_sampler->pick(request_index)];
    generation.prompt = entry.prompt;
    generation.messages_json = entry.messages_json;
    if (target.tokenizer != nullptr) {
      prepared.estimated_input_tokens = static_cast<int64_t>(target.tokenizer->count(entry.prompt));
      prepared.input_count_source = metrics::CountSource::tokenizer;
    } else {
      prepared.estimated_input_tokens = workload::estimate_tokens(entry.prompt);
    }
  } else if (target.trace != nullptr && request_index < target.trace->requests.size()) {
    const workload::TraceRequest& line = target.trace->requests[request_index];
    generation.prompt = target.trace_prompts->build(line, request_index, prepared.estimated_input_tokens);
    prepared.input_count_source = target.tokenizer != nullptr ? metrics::CountSource::tokenizer : metrics::CountSource::estimate;
    generation.max_output_tokens = line.output_length;
  } else if (pool != nullptr && !pool->entries.empty()) {
    const workload::PromptPool::Entry& entry = pool->entries[request_index % pool->entries.size()];
    generation.prompt = entry.prompt;
    prepared.estimated_input_tokens = entry.generated_tokens;
    prepared.input_count_source = metrics::CountSource::generated;
  } else if (target.tokenizer != nullptr) {
    generation.prompt =
        target.prompts->make_exact_prompt(lengths.input_tokens, random, *target.tokenizer, prepared.estimated_input_tokens);
    prepared.input_count_source = metrics::CountSource::tokenizer;
  } else {
    generation.prompt = target.prompts->make_prompt(lengths.input_tokens, random);
    prepared.estimated_input_tokens = workload::estimate_tokens(generation.prompt);
  }
  if (target.dataset != nullptr) {
    const workload::DatasetEntry& entry = target.dataset->entries[target.dataset_sampler->pick(request_index)];
    generation.max_output_tokens = entry.output_tokens.value_or(lengths.output_tokens);
  } else if (target.trace == nullptr) {
    generation.max_output_tokens = lengths.output_tokens;
  }
  const api::HttpRequestSpec spec = target.backend->build_request(generation);
  prepared.prompt_chars = static_cast<int64_t>(generation.prompt.size());
  prepared.bytes = net::serialize_request(spec.method, spec.target, target.host_header, *spec.headers, spec.body);
  return prepared;
}

}  // namespace genai::load
