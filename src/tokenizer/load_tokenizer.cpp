// Chooses the tokenizer format of --model-tokenizer: a tokenizer.json (or a model folder holding
// one), or a tiktoken rank file, whose encoding its name must say.
#include <filesystem>

#include "tokenizer/hf_tokenizer.h"
#include "tokenizer/tiktoken.h"
#include "tokenizer/tokenizer.h"

namespace genai::tokenizer {

Result<std::unique_ptr<Tokenizer>> load_tokenizer(const std::string& given_path) {
  std::string path = given_path;
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) path += "/tokenizer.json";
  const std::string name = path.substr(path.find_last_of('/') + 1);
  if (name.size() >= 5 && name.compare(name.size() - 5, 5, ".json") == 0) return load_hf_tokenizer(path);
  if (name.find("o200k") != std::string::npos) return load_tiktoken(path, TiktokenEncoding::o200k_base);
  if (name.find("cl100k") != std::string::npos) return load_tiktoken(path, TiktokenEncoding::cl100k_base);
  return make_error("--model-tokenizer: cannot tell the format of '" + given_path +
                    "' (expected a tokenizer.json, a folder holding one, or a tiktoken rank file named for "
                    "cl100k_base or o200k_base)");
}

}  // namespace genai::tokenizer
