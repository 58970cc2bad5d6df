// `genai-bench upload [--storage-* ...] FOLDER...`: experiment folders written earlier (or by
// `merge`) sent where `benchmark --upload-results` sends a new one, and the benchmark's own upload
// at the end of an experiment.
#pragma once

#include <CLI/App.hpp>
#include <functional>
#include <string>
#include <vector>

#include "upload/storage_options.h"

namespace genai::app {

struct UploadFlags {
  upload::StorageOptions storage;
  std::vector<std::string> folders;
};

void add_upload_flags(CLI::App& command, UploadFlags& flags);
// 0 when every file of every folder arrived, 6 (kExitUploadFailed) when any did not, 2 for flags,
// 130 when `stopped` said so (Ctrl-C) before it was done.
int run_upload_command(const UploadFlags& flags, const std::function<bool()>& stopped);

// For `benchmark --upload-results`: the folder of the experiment just run, under `name` (empty:
// the folder's own). true when it all arrived.
bool upload_experiment_folder(const upload::StorageOptions& options, const std::string& folder, const std::string& name,
                              const std::function<bool()>& stopped);

}  // namespace genai::app
