// `genai-bench upload [--storage-* ...] FOLDER...`: experiment folders written earlier (or by
// `merge`) sent where `benchmark --upload-results` sends a new one, and the benchmark's own upload
// at the end of an experiment.
#pragma once

#include <CLI/App.hpp>
#include <string>
#include <vector>

#include "upload/storage_options.h"

namespace genai::app {

struct UploadFlags {
  upload::StorageOptions storage;
  std::vector<std::string> folders;
};

void add_upload_flags(CLI::App& command, UploadFlags& flags);
// 0 when every file of every folder arrived, 6 (kExitUploadFailed) when any did not, 2 for flags.
int run_upload_command(const UploadFlags& flags);

// For `benchmark --upload-results`: the folder of the experiment just run. true when it all arrived.
bool upload_experiment_folder(const upload::StorageOptions& options, const std::string& folder);

}  // namespace genai::app
