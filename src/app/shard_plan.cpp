#include "app/shard_plan.h"

#include <sstream>

#include "auth/hashing.h"

namespace genai::app {

std::string shard_plan_text(const ExperimentSetup& setup) {
  std::ostringstream text;
  text << "api_backend=" << setup.api_backend << "\n"
       << "api_base=" << setup.api_base << "\n"
       << "model=" << setup.backend_options.model << "\n"
       << "task=" << setup.info.task << "\n"
       << "stream=" << setup.backend_options.stream << "\n"
       << "ignore_eos=" << setup.backend_options.ignore_eos << "\n"
       << "extra_body=" << setup.backend_options.extra_body_json << "\n"
       << "seed=" << setup.seed << "\n"
       << "dataset=" << setup.dataset_path << "|" << setup.dataset_config << "|" << setup.dataset_split << "\n"
       << "tokenizer=" << setup.tokenizer_path << "\n"
       << "trace=" << (setup.trace ? std::to_string(setup.trace->requests.size()) + " requests" : "") << "\n"
       << "prefixes=" << setup.shared_prefix_tokens << "|" << setup.num_prefixes << "|" << setup.prefix_len << "|"
       << setup.prefix_ratio << "\n"
       << "bursts_per_run=" << setup.bursts_per_run << "\n"
       << "ramp_up=" << (setup.ramp_up ? setup.ramp_up->count() : -1) << "|" << setup.spawn_rate << "\n";
  for (size_t index = 0; index < setup.runs.size(); ++index) {
    const load::RunPlan& plan = setup.runs[index];
    const metrics::RunDescription& run = setup.descriptions.at(index);
    text << "run=" << plan.run_index << "|" << run.scenario << "|" << run.iteration_type << "|" << plan.concurrency << "|"
         << run.request_rate << "|" << run.arrival << "|" << plan.batch_size << "|" << plan.turns << "|"
         << plan.think_time.count() << "|" << plan.max_requests << "|" << plan.max_duration.count() << "|"
         << plan.trace_speedup << "|" << run.warmup_ratio << "|" << run.cooldown_ratio << "\n";
  }
  return text.str();
}

std::string shard_plan_sha256(const ExperimentSetup& setup) { return auth::sha256_hex(shard_plan_text(setup)); }

}  // namespace genai::app
