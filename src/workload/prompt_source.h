// Where prompt text comes from: a user's text file (--dataset-path) or the built-in corpus.
// Until the tokenizer lands, lengths are approximate: one token per 4 bytes (estimate_tokens),
// and every record says its input count is an estimate.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "tokenizer/tokenizer.h"
#include "workload/random.h"

namespace genai::workload {

// The stand-in token count: bytes / 4, rounded up (the mock server counts prompts the same way).
int64_t estimate_tokens(std::string_view text);

class PromptSource {
 public:
  // Reads a UTF-8 text file; an error names the file. Empty files are an error.
  static Result<PromptSource> from_text_file(const std::string& path);
  static PromptSource built_in();

  // A prompt of `tokens` estimated tokens: consecutive words of the corpus from a random start
  // (wrapping around), cut to exactly 4 * tokens bytes without splitting a UTF-8 character.
  std::string make_prompt(int64_t tokens, Random& random) const;

  // A prompt of exactly `tokens` tokens under `tokenizer` where the corpus allows (verified by
  // re-encoding); `actual_tokens` is its count as re-encoded, which callers record.
  std::string make_exact_prompt(int64_t tokens, Random& random, const tokenizer::Tokenizer& tokenizer,
                                int64_t& actual_tokens) const;

  // `count` words picked at random from the text, space-separated (--prompt-source api's seeds).
  std::string random_words(int count, Random& random) const;

  const std::string& description() const { return description_; }

 private:
  explicit PromptSource(std::string text, std::string description);
  std::string text_;                 // whitespace normalised to single spaces
  std::vector<uint32_t> word_starts_;
  std::string description_;
};

}  // namespace genai::workload
