#include "upload/folder_upload.h"

#include <boost/json.hpp>
#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

#include "common/duration.h"
#include "common/rfc3339.h"
#include "common/secrets.h"
#include "report/experiment_folder.h"
#include "report/file_output.h"
#include "report/json_text.h"

namespace genai::upload {

namespace {

namespace json = boost::json;

// Failures said one per line up to this many; past it, the rest are counted (a wrong key fails
// every file alike, and a screenful of the same line hides the summary).
constexpr size_t kFailuresListed = 5;
// Files in flight at once: enough to hide a round trip per file, few enough for any link.
constexpr int kParallelFiles = 4;
// S3 and OCI refuse smaller parts (except the last); Azure and GCS take them, but one floor is simpler.
constexpr uint64_t kMinimumPartSize = 5ull << 20;
constexpr uint64_t kMaximumPartSize = 1ull << 30;

std::string scrubbed(std::string line, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) line = mask_secret(std::move(line), secret);
  return line;
}

// Appends the upload's account to the folder's experiment.json (when it has one), rewriting the
// file through a temporary so a crash cannot leave half of it.
void record_in_experiment_json(const std::string& folder, const std::string& provider, const FolderUpload& upload,
                               std::ostream& err) {
  const std::string path = folder + "/experiment.json";
  auto experiment = report::read_json_object(path);
  if (!experiment) return;  // not an experiment folder: nothing to record in
  json::object entry{{"provider", provider},
                     {"destination", upload.destination},
                     {"files", upload.files},
                     {"bytes", upload.bytes},
                     {"seconds", upload.seconds},
                     {"failed_files", upload.failed_files},
                     {"retries", upload.retries},
                     {"status", upload.ok() ? "ok" : "failed"},
                     {"finished_at", format_rfc3339_ns(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count())}};
  json::value& uploads = (*experiment)["uploads"];
  if (!uploads.is_array()) uploads = json::array();
  uploads.as_array().push_back(std::move(entry));
  if (auto written = report::write_file_atomically(path, report::pretty_json(*experiment)); !written) {
    err << "genai-bench: the upload's summary was not added to " << path << ": " << written.error() << "\n";
  }
}

FolderUpload upload_one_folder(const StorageOptions& options, const TransferSettings& settings, const FolderToUpload& source,
                               const std::vector<std::string>& secrets, std::ostream& out, std::ostream& err) {
  const auto started = std::chrono::steady_clock::now();
  const std::string& folder = source.path;
  FolderUpload upload;
  upload.folder = folder;
  const std::string name = source.name.empty() ? folder_name(folder) : source.name;
  const std::string key_prefix = object_key(options.prefix, name, "");
  auto say_failed = [&](const std::string& why) {
    err << scrubbed("genai-bench: upload of " + folder + " failed: " + why + "; the local folder is intact", secrets) << "\n";
  };
  Result<std::vector<LocalFile>> files = list_folder_files(folder);
  if (!files) {
    say_failed(files.error());
    upload.not_started = true;
    return upload;
  }
  upload.files = files->size();
  for (const LocalFile& file : *files) upload.bytes += file.size;
  StorageOptions for_folder = options;
  if (for_folder.provider == "github" && for_folder.bucket.empty()) for_folder.bucket = folder_name(folder);  // the tag
  auto store = make_object_store(for_folder, settings);
  Status ready = store ? (*store)->prepare() : Status(make_error(store.error()));
  if (!ready) {
    upload.destination = store ? (*store)->destination(key_prefix) : "";
    upload.failed_files = upload.files;
    upload.not_started = true;
    say_failed(ready.error());
    upload.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    record_in_experiment_json(folder, options.provider, upload, err);
    return upload;
  }
  upload.destination = (*store)->destination(key_prefix);

  std::atomic<size_t> next{0};
  std::atomic<int> retries{0};
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  auto work = [&] {
    for (size_t index = next++; index < files->size(); index = next++) {
      const LocalFile& file = (*files)[index];
      const std::string key = object_key(options.prefix, name, file.relative);
      int file_retries = 0;
      Status sent = make_error("not sent: interrupted");
      if (!(settings.retry.stopped && settings.retry.stopped())) {
        // An exception on a worker thread would end the process (std::terminate): one file fails instead.
        try {
          sent = (*store)->put(file, key, file_retries);
        } catch (const std::exception& error) {
          sent = make_error(std::string("internal error: ") + error.what());
        }
      }
      retries += file_retries;
      if (!sent) {
        std::lock_guard lock(failures_mutex);
        failures.push_back(key + ": " + sent.error());
      }
    }
  };
  std::vector<std::thread> workers;
  for (int i = 1; i < kParallelFiles && static_cast<size_t>(i) < files->size(); ++i) workers.emplace_back(work);
  work();
  for (std::thread& worker : workers) worker.join();

  upload.failed_files = failures.size();
  upload.retries = retries;
  upload.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::sort(failures.begin(), failures.end());
  for (size_t i = 0; i < failures.size() && i < kFailuresListed; ++i) {
    err << scrubbed("genai-bench: not uploaded: " + failures[i], secrets) << "\n";
  }
  if (failures.size() > kFailuresListed) {
    err << "genai-bench: ... and " << failures.size() - kFailuresListed << " more files not uploaded\n";
  }
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", upload.seconds);
  const std::string retried = upload.retries == 0 ? ""
                              : ", " + std::to_string(upload.retries) + (upload.retries == 1 ? " request" : " requests") + " retried";
  if (upload.ok()) {
    out << scrubbed("genai-bench: uploaded " + std::to_string(upload.files) + " files (" + std::to_string(upload.bytes) + " bytes) to " +
                        upload.destination + " in " + seconds + " s" + retried,
                    secrets)
        << "\n";
  } else {
    err << scrubbed("genai-bench: upload to " + upload.destination + " failed: " + std::to_string(upload.failed_files) + " of " +
                        std::to_string(upload.files) + " files were not uploaded" + retried + "; the local folder is intact: " + folder,
                    secrets)
        << "\n";
  }
  record_in_experiment_json(folder, options.provider, upload, err);
  return upload;
}

}  // namespace

Result<TransferSettings> check_storage_options(const StorageOptions& options) {
  TransferSettings settings;
  auto part_size = parse_byte_size(options.part_size);
  if (!part_size) return make_error("--storage-part-size: " + part_size.error());
  if (*part_size < kMinimumPartSize) return make_error("--storage-part-size: at least 5MiB (S3 and OCI refuse smaller parts)");
  if (*part_size > kMaximumPartSize) {
    return make_error("--storage-part-size: at most 1GiB (each of the 4 files in flight holds one part in memory)");
  }
  settings.part_size = *part_size;
  auto timeout = parse_duration(options.timeout, DefaultUnit::seconds);
  if (!timeout) return make_error("--storage-timeout: " + timeout.error());
  settings.retry.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(*timeout);
  if (settings.retry.timeout.count() <= 0) return make_error("--storage-timeout: more than 0 (5m, 90s)");
  settings.retry.connect_timeout = std::min(settings.retry.connect_timeout, settings.retry.timeout);
  if (options.s3_addressing != "auto" && options.s3_addressing != "path" && options.s3_addressing != "virtual") {
    return make_error("--storage-s3-addressing: auto, path or virtual");
  }
  if (options.bucket.empty() && options.provider != "github") {
    return make_error("--storage-bucket is needed with --storage-provider " + options.provider +
                      (options.provider == "azure" ? " (the container)" : ""));
  }
  // The store is made once here for its checks (credentials present, endpoint valid); no request yet.
  auto store = make_object_store(options, settings);
  if (!store) return make_error(store.error());
  return settings;
}

std::vector<std::string> storage_secrets(const StorageOptions& options) {
  std::vector<std::string> secrets = {options.aws_secret_access_key, options.aws_session_token, options.azure_account_key,
                                      options.azure_connection_string, options.azure_sas_token, options.github_token,
                                      options.oci.security_token};
  // A SAS token's signature alone (sig=...), and a connection string's key, may appear on their own.
  for (const std::string& text : {options.azure_sas_token, options.azure_connection_string}) {
    for (const char* field : {"sig=", "AccountKey=", "SharedAccessSignature="}) {
      const size_t at = text.find(field);
      if (at == std::string::npos) continue;
      const size_t start = at + std::string_view(field).size();
      secrets.push_back(text.substr(start, text.find_first_of(";&", start) - start));
    }
  }
  std::erase_if(secrets, [](const std::string& secret) { return secret.size() < 4; });
  return secrets;
}

std::vector<FolderUpload> upload_folders(const StorageOptions& options, const TransferSettings& settings,
                                         const std::vector<FolderToUpload>& folders, std::ostream& out, std::ostream& err) {
  const std::vector<std::string> secrets = storage_secrets(options);
  std::vector<FolderUpload> uploads;
  for (const FolderToUpload& folder : folders) uploads.push_back(upload_one_folder(options, settings, folder, secrets, out, err));
  return uploads;
}

}  // namespace genai::upload
