#include "app/named_tokenizer.h"

#include <openssl/evp.h>

#include <filesystem>
#include <fstream>

#include "hub/hub_download.h"
#include "net/one_shot_http.h"
#include "tokenizer/tiktoken.h"

namespace genai::app {
namespace {

namespace fs = std::filesystem;

// tiktoken's own URLs for the encodings we implement.
struct TiktokenName {
  const char* name;
  tokenizer::TiktokenEncoding encoding;
  const char* url;
};
constexpr TiktokenName kTiktokenNames[] = {
    {"cl100k_base", tokenizer::TiktokenEncoding::cl100k_base, "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"},
    {"o200k_base", tokenizer::TiktokenEncoding::o200k_base, "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"},
};

std::string sha1_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += {kHex[digest[i] >> 4], kHex[digest[i] & 15]};
  return hex;
}

Result<std::unique_ptr<tokenizer::Tokenizer>> load_tiktoken_by_name(const TiktokenName& known,
                                                                    const std::function<void(const std::string&)>& progress,
                                                                    bool offline) {
  const std::string path = tiktoken_cache_path(known.url);
  std::error_code error;
  if (!fs::exists(path, error)) {
    if (offline) return make_error(std::string(known.name) + ": not in tiktoken's cache (" + path + ") and HF_HUB_OFFLINE is set");
    if (progress) progress("Downloading " + std::string(known.name) + " from " + known.url);
    net::OneShotRequest request;
    request.url = known.url;
    request.timeout = std::chrono::minutes(5);
    auto reply = net::request_once(request);
    if (!reply) return make_error(std::string(known.name) + ": " + reply.error());
    if (reply->status != 200) {
      return make_error(std::string(known.name) + ": " + known.url + " answered HTTP " + std::to_string(reply->status));
    }
    fs::create_directories(fs::path(path).parent_path(), error);
    const std::string temporary = path + ".incomplete";
    std::ofstream(temporary, std::ios::binary) << reply->body;
    fs::rename(temporary, path, error);
    if (error) return make_error(std::string(known.name) + ": cannot write " + path + ": " + error.message());
  }
  return tokenizer::load_tiktoken(path, known.encoding);
}

}  // namespace

std::string tiktoken_cache_path(const std::string& url, const std::function<const char*(const char*)>& getenv_fn) {
  std::string dir;
  for (const char* name : {"TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"}) {
    if (const char* value = getenv_fn(name); value != nullptr && *value != '\0') {
      dir = value;
      break;
    }
  }
  if (dir.empty()) {
    const char* temporary = getenv_fn("TMPDIR");
    dir = std::string(temporary != nullptr && *temporary != '\0' ? temporary : "/tmp") + "/data-gym-cache";
  }
  return dir + "/" + sha1_hex(url);
}

Result<std::unique_ptr<tokenizer::Tokenizer>> load_named_tokenizer(const std::string& given,
                                                                   const std::function<void(const std::string&)>& progress,
                                                                   const hub::HubEnvironment& environment) {
  std::error_code error;
  if (fs::exists(given, error)) return tokenizer::load_tokenizer(given);
  for (const TiktokenName& known : kTiktokenNames) {
    if (given == known.name) return load_tiktoken_by_name(known, progress, environment.offline);
  }
  if (!hub::is_repo_id(given)) {
    return make_error("--model-tokenizer: '" + given +
                      "' is not a file or folder, a tiktoken encoding (cl100k_base, o200k_base) or a Hugging Face id (ORG/NAME)");
  }
  auto file = hub::fetch_hub_file(environment, hub::RepoKind::model, given, "tokenizer.json", false, progress);
  if (!file) return make_error("--model-tokenizer " + file.error());
  // tokenizer_config.json comes along, as the Python libraries fetch it (chat template, special tokens).
  auto config = hub::fetch_hub_file(environment, hub::RepoKind::model, given, "tokenizer_config.json", true, progress);
  if (!config) return make_error("--model-tokenizer " + config.error());
  return tokenizer::load_tokenizer((*file)->path);
}

}  // namespace genai::app
