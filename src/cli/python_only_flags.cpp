#include "cli/python_only_flags.h"

#include <CLI/CLI.hpp>

namespace genai::cli {

void add_python_only_flags(CLI::App& command, PythonOnlyFlags& flags) {
  const std::string group = "Python genai-bench options (accepted; each says what happens instead)";
  command.add_option("--num-workers,--num_workers", flags.num_workers, "Locust worker processes: one process drives every core here")
      ->group(group);
  command.add_option("--master-port,--master_port", flags.master_port, "Locust master's port: there is no master")->group(group);
  command.add_option("--spawn-rate,--spawn_rate", flags.spawn_rate,
                     "users started per second, as Locust starts them (Python's default: the concurrency, i.e. over 1 s)")
      ->check(CLI::PositiveNumber)->group(group);
  command.add_option("--metrics-refresh-interval,--metrics_refresh_interval", flags.metrics_refresh_interval,
                     "live metrics refresh: the dashboard redraws 4 times a second")->group(group);
  command.add_option("--iteration-type,--iteration_type", flags.iteration_type,
                     "num_concurrency or batch_size: chosen by the task (batch sizes for embeddings and rerank)")
      ->check(CLI::IsMember({"num_concurrency", "batch_size"}, CLI::ignore_case))->group(group);
  command.add_option("--model", flags.model, "the model's display name: names the experiment folder (requests name --api-model-name)")
      ->group(group);
  command.add_option("--log-dir,--log_dir", flags.log_dir, "where genai_bench.log goes (default: the experiment folder)")
      ->group(group);
  command.add_option("--model-auth-type,--model_auth_type", flags.model_auth_type,
                     "oci-*: the same as --auth; other backends: decided by the credentials given")->group(group);
}

std::vector<std::string> python_only_notes(const PythonOnlyFlags& flags, const std::string& api_backend, const std::string& task) {
  std::vector<std::string> notes;
  if (flags.num_workers) {
    notes.push_back("--num-workers: no worker processes are needed; one process drives the load on every core (--threads)");
  }
  if (flags.master_port) notes.push_back("--master-port: there is no master process to listen on; ignored");
  if (flags.metrics_refresh_interval) notes.push_back("--metrics-refresh-interval: the live dashboard redraws 4 times a second");
  const bool pooling = task == "text-to-embeddings" || task == "text-to-rerank";
  if (!flags.iteration_type.empty() && (flags.iteration_type == "batch_size") != pooling) {
    notes.push_back("--iteration-type " + flags.iteration_type + ": runs iterate over " +
                    (pooling ? "--batch-size for " + task : "--num-concurrency for " + task) + ", as Python selects for this task");
  }
  if (!flags.model_auth_type.empty() && api_backend.rfind("oci-", 0) != 0) {
    notes.push_back("--model-auth-type: for " + api_backend + " the credentials given decide how requests are authorized");
  }
  return notes;
}

}  // namespace genai::cli
