#include "app/prompt_pool_file.h"

#include <boost/json.hpp>
#include <fstream>

#include "report/file_output.h"

namespace genai::app {
namespace {

namespace json = boost::json;

// Reads the fields of one line; the first problem is kept, naming file, line and field.
struct LineFields {
  const json::object& object;
  std::string where;
  std::string error;

  const json::value* get(const char* key) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr && error.empty()) error = where + ": missing \"" + key + "\"";
    return value;
  }
  std::string text(const char* key) {
    const json::value* value = get(key);
    if (value == nullptr) return {};
    if (!value->is_string()) {
      if (error.empty()) error = where + ": \"" + key + "\" must be a string";
      return {};
    }
    return std::string(value->as_string());
  }
  int64_t integer(const char* key) {
    const json::value* value = get(key);
    if (value == nullptr) return 0;
    if (!value->is_int64() || value->as_int64() < 0) {
      if (error.empty()) error = where + ": \"" + key + "\" must be a non-negative integer";
      return 0;
    }
    return value->as_int64();
  }
  uint64_t unsigned_integer(const char* key) {
    const json::value* value = get(key);
    if (value != nullptr && value->is_uint64()) return value->as_uint64();
    return static_cast<uint64_t>(integer(key));
  }
};

}  // namespace

Result<PromptPool> read_prompt_pool(const std::string& path) {
  std::ifstream file(path);
  if (!file) return make_error("--prompt-cache: cannot open '" + path + "'");
  PromptPool pool;
  std::string line;
  for (int line_number = 1; std::getline(file, line); ++line_number) {
    const std::string where = "--prompt-cache: " + path + ":" + std::to_string(line_number);
    json::error_code error;
    json::value value = json::parse(line, error);
    if (error || !value.is_object()) return make_error(where + ": not a JSON object");
    LineFields fields{value.as_object(), where, {}};
    if (line_number == 1) {
      pool.scenario = fields.text("scenario");
      pool.model = fields.text("model");
      pool.endpoint = fields.text("endpoint");
      pool.seed = fields.unsigned_integer("seed");
      if (!fields.error.empty()) return make_error(fields.error);
      continue;
    }
    const int64_t index = fields.integer("index");
    const int64_t input = fields.integer("input_tokens");
    const int64_t generated = fields.integer("generated_tokens");
    std::string prompt = fields.text("prompt");
    if (!fields.error.empty()) return make_error(fields.error);
    if (index != static_cast<int64_t>(pool.entries.size())) {
      return make_error(where + ": \"index\" is " + std::to_string(index) + ", expected " +
                        std::to_string(pool.entries.size()));
    }
    pool.entries.push_back({input, generated, std::move(prompt)});
  }
  return pool;
}

Status write_prompt_pool(const PromptPool& pool, const std::string& path) {
  std::string contents = json::serialize(json::object{
      {"scenario", pool.scenario}, {"model", pool.model}, {"endpoint", pool.endpoint}, {"seed", pool.seed}});
  contents += '\n';
  for (size_t i = 0; i < pool.entries.size(); ++i) {
    const PromptPool::Entry& entry = pool.entries[i];
    contents += json::serialize(json::object{{"index", i},
                                             {"input_tokens", entry.input_tokens},
                                             {"generated_tokens", entry.generated_tokens},
                                             {"prompt", entry.prompt}});
    contents += '\n';
  }
  return report::write_file_atomically(path, contents);
}

}  // namespace genai::app
