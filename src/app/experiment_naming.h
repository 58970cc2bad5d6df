// Where an experiment's folder goes: named as Python genai-bench names it, and never on top of
// an earlier experiment's files.
#pragma once

#include <string>

namespace genai::app {

// Python genai-bench's default folder name: BACKEND_[ENGINE_][VERSION_]TASK_MODEL_TIMESTAMP,
// the timestamp local time as %Y%m%d_%H%M%S; characters a path cannot hold become '_'.
std::string python_experiment_folder_name(const std::string& api_backend, const std::string& server_engine,
                                          const std::string& server_version, const std::string& task,
                                          const std::string& model, const std::string& timestamp);

// Python's `model`: --model when given, else the tokenizer's last path part, else the API's
// model name's (meta-llama/Llama-3.1-8B -> Llama-3.1-8B).
std::string python_display_model(const std::string& model_flag, const std::string& tokenizer,
                                 const std::string& api_model_name);

// The folder to write: `base/name` when it does not exist or is empty, else the first of
// `base/name_2`, `base/name_3`, ... that is free. Python writes into an existing folder ("data
// might be overridden"); mixing two experiments' runs in one folder is never what was meant.
std::string non_colliding_folder(const std::string& base, const std::string& name);

// Now, local time, as both tools stamp folder names.
std::string timestamp_for_names();

// Any character other than letters, digits, '-', '.' and '_' as '_'.
std::string safe_name(std::string text);

}  // namespace genai::app
