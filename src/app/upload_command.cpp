#include "app/upload_command.h"

#include <filesystem>
#include <iostream>

#include "app/exit_status.h"
#include "cli/storage_flags.h"
#include "upload/folder_upload.h"

namespace genai::app {

void add_upload_flags(CLI::App& command, UploadFlags& flags) {
  cli::add_storage_flags(command, flags.storage, true);
  command.add_option("folders", flags.folders, "experiment folders (each goes to PREFIX/FOLDER NAME/...)")->required();
}

int run_upload_command(const UploadFlags& flags, const std::function<bool()>& stopped) {
  auto settings = upload::check_storage_options(flags.storage);
  if (!settings) {
    std::cerr << "genai-bench upload: " << settings.error() << "\n";
    return kExitBadCommandLine;
  }
  settings->retry.stopped = stopped;
  for (const std::string& folder : flags.folders) {
    std::error_code error;
    if (!std::filesystem::is_directory(folder, error)) {
      std::cerr << "genai-bench upload: " << folder << ": not a folder\n";
      return kExitBadCommandLine;
    }
  }
  std::vector<upload::FolderToUpload> folders;
  for (const std::string& folder : flags.folders) folders.push_back({folder, ""});
  bool all_ok = true;
  for (const upload::FolderUpload& folder : upload::upload_folders(flags.storage, *settings, folders, std::cout, std::cerr)) {
    all_ok = all_ok && folder.ok();
  }
  if (!all_ok && stopped()) return kExitInterrupted;
  return all_ok ? kExitOk : kExitUploadFailed;
}

}  // namespace genai::app
