// Fuzzes the prompt dataset readers (workload/dataset: JSONL, ShareGPT, CSV) and the text corpus
// a plain file becomes (workload/prompt_source), with the seeded sampling over what was read.
// Input: byte 0 chooses the format by its value mod 4 ('0' text, '1' jsonl, '2' sharegpt,
// '3' csv); the rest is the file.
#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "memory_file.h"
#include "workload/dataset.h"
#include "workload/prompt_source.h"
#include "workload/random.h"

namespace {

using genai::workload::DatasetFormat;

// A canonical CSV of `rows` (every field quoted): parse_csv must read it back as the same rows.
std::string write_csv(const std::vector<std::vector<std::string>>& rows) {
  std::string text;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) text.push_back(',');
      text.push_back('"');
      for (char c : row[i]) text.append(c == '"' ? "\"\"" : std::string(1, c));
      text.push_back('"');
    }
    text.push_back('\n');
  }
  return text;
}

void check_text_corpus(const std::string& path, size_t size) {
  auto source = genai::workload::PromptSource::from_text_file(path);
  if (!source) return;
  genai::workload::Random random(size);
  const int64_t tokens = static_cast<int64_t>(size % 300);
  const std::string prompt = source->make_prompt(tokens, random);
  FUZZ_CHECK(prompt.size() == static_cast<size_t>(std::max<int64_t>(1, tokens) * 4), "a prompt of %lld tokens has %zu bytes",
             static_cast<long long>(tokens), prompt.size());
  FUZZ_CHECK(!source->random_words(1 + static_cast<int>(size % 8), random).empty(), "no words from a text with words");
}

void check_dataset(const genai::workload::Dataset& dataset, size_t size) {
  FUZZ_CHECK(!dataset.entries.empty(), "an accepted dataset without prompts");
  simdjson::dom::parser parser;
  for (const genai::workload::DatasetEntry& entry : dataset.entries) {
    FUZZ_CHECK(!entry.prompt.empty(), "an empty prompt was accepted");
    FUZZ_CHECK(!entry.output_tokens || *entry.output_tokens >= 1, "output_tokens %lld",
               static_cast<long long>(*entry.output_tokens));
    // Sent as the request's messages: it must still be JSON.
    simdjson::dom::element messages;
    FUZZ_CHECK(entry.messages_json.empty() || !parser.parse(entry.messages_json).get(messages),
               "messages are not JSON: %s", entry.messages_json.c_str());
  }
  const bool with_replacement = (size & 1) != 0;
  const genai::workload::DatasetSampler sampler(dataset.entries.size(), with_replacement, size);
  std::vector<bool> picked(dataset.entries.size());
  for (uint64_t request = 0; request < dataset.entries.size(); ++request) {
    const size_t entry = sampler.pick(request);
    FUZZ_CHECK(entry < dataset.entries.size(), "picked entry %zu of %zu", entry, dataset.entries.size());
    // Without replacement, every entry is used once before any is used again.
    FUZZ_CHECK(with_replacement || !picked[entry], "entry %zu picked twice in one pass", entry);
    picked[entry] = true;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr DatasetFormat kFormats[] = {DatasetFormat::text, DatasetFormat::jsonl, DatasetFormat::sharegpt,
                                               DatasetFormat::csv};
  const DatasetFormat format = kFormats[data[0] % 4];
  static genai::fuzz::MemoryFile file;
  const std::string& path = file.write(data + 1, size - 1);

  if (format == DatasetFormat::text) {
    check_text_corpus(path, size);
    return 0;
  }
  if (format == DatasetFormat::csv) {
    auto rows = genai::workload::parse_csv(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
    if (rows) {
      auto again = genai::workload::parse_csv(write_csv(*rows));
      FUZZ_CHECK(again && *again == *rows, "CSV rows do not survive being written and read again");
    }
  }
  auto dataset = genai::workload::read_dataset(path, format, "prompt", nullptr);
  if (dataset) check_dataset(*dataset, size);
  return 0;
}
