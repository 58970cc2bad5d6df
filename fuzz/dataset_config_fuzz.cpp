// Fuzzes what names a dataset: Python's dataset config (workload/dataset_spec), the choice of a
// split's files from a repository listing and its README's YAML configs (workload/dataset_files),
// and prompt_lambda expressions (workload/dataset_prompt_lambda) applied to a row.
// Input: byte 0 chooses by its value mod 3 ('0' a config file, '1' a listing: its first line the
// split asked for, every line a file, the whole input the README; '2' a prompt_lambda); the rest
// is the text.
#include <boost/json/parse.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "memory_file.h"
#include "workload/dataset_files.h"
#include "workload/dataset_prompt_lambda.h"
#include "workload/dataset_spec.h"

namespace {

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

void check_listing(std::string_view text) {
  const std::vector<std::string> lines = lines_of(text);
  if (lines.empty()) return;
  genai::workload::SplitQuery query;
  if (auto split = genai::workload::parse_split(lines.front())) query.split = split->name;
  for (const auto& chooser : {0, 1}) {
    auto chosen = chooser == 0 ? genai::workload::choose_split_files(lines, query, text)
                               : genai::workload::choose_parquet_conversion(lines, query);
    if (!chosen) {
      FUZZ_CHECK(!chosen.error().empty(), "an error without a message");
      continue;
    }
    for (const std::string& file : chosen->files) {  // chosen among the listing, never made up
      FUZZ_CHECK(std::find(lines.begin(), lines.end(), file) != lines.end(), "chose '%s', not listed", file.c_str());
    }
  }
}

void check_lambda(const std::string& text) {
  auto parsed = genai::workload::PromptLambda::parse(text);
  if (!parsed) {
    FUZZ_CHECK(!parsed.error().empty(), "an error without a message");
    return;
  }
  static const boost::json::value kRow = boost::json::parse(
      R"({"question": "Why?", "id": 3, "conversations": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": "ok"}],
          "tags": ["a", "b"], "empty": null, "flag": true})");
  (void)parsed->apply(kRow);
  (void)parsed->apply(boost::json::value(nullptr));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      static genai::fuzz::MemoryFile file;
      auto spec = genai::workload::read_dataset_config(file.write(data + 1, size - 1));
      if (!spec) FUZZ_CHECK(spec.error().find('\n') == std::string::npos, "a multi-line error: %s", spec.error().c_str());
      break;
    }
    case 1: check_listing(text); break;
    default: check_lambda(text); break;
  }
  return 0;
}
