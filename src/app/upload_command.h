// `genai-bench upload [--storage-* ...] FOLDER...`: experiment folders written earlier (or by
// `merge`) sent where `benchmark --upload-results` sends a new one.
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

}  // namespace genai::app
