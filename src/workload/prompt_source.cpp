#include "workload/prompt_source.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "workload/built_in_corpus.h"

namespace genai::workload {
namespace {

constexpr int64_t kBytesPerToken = 4;

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

int64_t estimate_tokens(std::string_view text) {
  return static_cast<int64_t>((text.size() + kBytesPerToken - 1) / kBytesPerToken);
}

PromptSource::PromptSource(std::string raw, std::string description) : description_(std::move(description)) {
  text_.reserve(raw.size());
  bool in_space = true;
  for (char c : raw) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      in_space = true;
      continue;
    }
    if (in_space) {
      if (!text_.empty()) text_.push_back(' ');
      word_starts_.push_back(static_cast<uint32_t>(text_.size()));
      in_space = false;
    }
    text_.push_back(c);
  }
}

Result<PromptSource> PromptSource::from_text_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("--dataset-path: cannot open '" + path + "'");
  std::ostringstream contents;
  contents << file.rdbuf();
  PromptSource source(contents.str(), path);
  if (source.word_starts_.empty()) return make_error("--dataset-path: '" + path + "' contains no text");
  if (source.text_.size() > UINT32_MAX) return make_error("--dataset-path: '" + path + "' is larger than 4 GiB");
  return source;
}

PromptSource PromptSource::built_in() { return PromptSource(std::string(built_in_corpus()), "built-in corpus"); }

std::string PromptSource::make_prompt(int64_t tokens, Random& random) const {
  const auto wanted = static_cast<size_t>(std::max<int64_t>(1, tokens) * kBytesPerToken);
  std::uniform_int_distribution<size_t> pick(0, word_starts_.size() - 1);
  size_t position = word_starts_[pick(random)];
  std::string prompt;
  prompt.reserve(wanted + 8);
  while (prompt.size() < wanted) {
    const size_t take = std::min(wanted - prompt.size(), text_.size() - position);
    prompt.append(text_, position, take);
    position += take;
    if (position == text_.size()) {  // wrap to the start, separated by a space
      position = 0;
      if (prompt.size() < wanted) prompt.push_back(' ');
    }
  }
  // Never end inside a UTF-8 sequence: blank its partial bytes to spaces, keeping the byte count.
  size_t lead = prompt.size();
  while (lead > 0 && is_utf8_continuation(prompt[lead - 1])) --lead;
  if (lead > 0) {
    const auto lead_byte = static_cast<unsigned char>(prompt[lead - 1]);
    const size_t expected = lead_byte >= 0xF0 ? 4 : lead_byte >= 0xE0 ? 3 : lead_byte >= 0xC0 ? 2 : 1;
    if (prompt.size() - (lead - 1) < expected) {
      for (size_t i = lead - 1; i < prompt.size(); ++i) prompt[i] = ' ';
    }
  }
  return prompt;
}

}  // namespace genai::workload
