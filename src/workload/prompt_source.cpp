#include "workload/prompt_source.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "workload/built_in_corpus.h"

namespace genai::workload {
namespace {

constexpr int64_t kBytesPerToken = 4;

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// How many bytes at the end of `text` are an incomplete UTF-8 character (0 if none).
size_t partial_utf8_tail(std::string_view text) {
  size_t lead = text.size();
  while (lead > 0 && is_utf8_continuation(text[lead - 1])) --lead;
  if (lead == 0) return 0;
  const auto lead_byte = static_cast<unsigned char>(text[lead - 1]);
  const size_t expected = lead_byte >= 0xF0 ? 4 : lead_byte >= 0xE0 ? 3 : lead_byte >= 0xC0 ? 2 : 1;
  const size_t present = text.size() - (lead - 1);
  return present < expected ? present : 0;
}

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
  const size_t partial = partial_utf8_tail(prompt);
  for (size_t i = prompt.size() - partial; i < prompt.size(); ++i) prompt[i] = ' ';
  return prompt;
}

std::string PromptSource::random_words(int count, Random& random) const {
  std::uniform_int_distribution<size_t> pick(0, word_starts_.size() - 1);
  std::string words;
  for (int i = 0; i < count; ++i) {
    const size_t start = word_starts_[pick(random)];
    const size_t end = std::min(text_.find(' ', start), text_.size());
    if (!words.empty()) words.push_back(' ');
    words.append(text_, start, end - start);
  }
  return words;
}

// Decoding a prefix of a text's tokens and encoding it again does not always give the same
// count (merges across the cut, a character split between tokens), so the prefix length is
// corrected by the difference until the re-encoded count is exact. Converges in one or two steps
// on natural text; ten tries bound it, and the prompt's true count is returned either way.
std::string PromptSource::make_exact_prompt(int64_t tokens, Random& random, const tokenizer::Tokenizer& tokenizer,
                                            int64_t& actual_tokens) const {
  const int64_t wanted = std::max<int64_t>(1, tokens);
  std::string pool = make_prompt(wanted * 2 + 16, random);  // at least ~2 bytes per token of room
  std::vector<uint32_t> ids = tokenizer.encode(pool);
  while (static_cast<int64_t>(ids.size()) < wanted + 8) {  // text denser than expected: take more
    pool += " " + make_prompt(wanted + 16, random);
    ids = tokenizer.encode(pool);
  }
  int64_t take = wanted;
  std::string prompt;
  for (int attempt = 0; attempt < 10; ++attempt) {
    take = std::clamp<int64_t>(take, 1, static_cast<int64_t>(ids.size()));
    prompt = tokenizer.decode(std::vector<uint32_t>(ids.begin(), ids.begin() + take));
    // A token boundary may fall inside a character: drop the partial character at the end.
    prompt.resize(prompt.size() - partial_utf8_tail(prompt));
    actual_tokens = static_cast<int64_t>(tokenizer.count(prompt));
    if (actual_tokens == wanted) return prompt;
    take += wanted - actual_tokens;
  }
  return prompt;
}

}  // namespace genai::workload
