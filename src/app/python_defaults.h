// Python genai-bench's default experiment, per task, for runs against a real server: the traffic
// scenarios, concurrencies and batch sizes it runs when none are given (genai_bench/cli/
// validation.py). The built-in mock keeps a short demo instead (one scenario, one user).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace genai::app {

// Python's scenarios for the task (empty for a task it has none for).
std::vector<std::string> python_default_scenarios(const std::string& task);
// The demo's one scenario for the task.
std::string demo_scenario(const std::string& task);

// Python's concurrencies (1 ... 256) and, for embeddings and rerank, its batch sizes.
const std::vector<int64_t>& python_default_concurrencies();
const std::vector<int64_t>& python_default_batch_sizes();

}  // namespace genai::app
