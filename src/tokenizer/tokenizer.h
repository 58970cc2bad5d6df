// A tokenizer counts and encodes text exactly as a model's own tokenizer does. Loaded once,
// then used from any thread (encode is const and keeps no shared mutable state).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace genai::tokenizer {

// Token ids (and tiktoken ranks) index tables of this many entries at most: the largest
// vocabularies have a few hundred thousand; a file naming id 4294967294 must be refused, not
// answered with a 64 GB table.
inline constexpr uint32_t kMaxTokenId = 16'777'216;

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  // Ordinary text: special tokens written in the text are encoded as the characters they are.
  // Invalid UTF-8 is read as U+FFFD, as a Python or JavaScript string would hold it. The content's
  // tokens only, no BOS or other special tokens around them (Hugging Face's encode(text,
  // add_special_tokens=False)): prompts are sized by their content, and the server's chat template
  // adds its own. count is the same.
  virtual std::vector<uint32_t> encode(std::string_view text) const = 0;
  // As Hugging Face's default encode(text): the content's tokens with the special tokens the
  // tokenizer.json's post_processor adds around one text (Llama 2's and Gemma's BOS). The same as
  // encode for tokenizers without a post-processor (tiktoken).
  virtual std::vector<uint32_t> encode_with_special_tokens(std::string_view text) const { return encode(text); }
  virtual std::string decode(const std::vector<uint32_t>& ids) const = 0;
  virtual size_t count(std::string_view text) const { return encode(text).size(); }
};

// Loads --model-tokenizer: a tiktoken rank file (cl100k_base or o200k_base, named so).
// Errors name the file and what is wrong with it.
Result<std::unique_ptr<Tokenizer>> load_tokenizer(const std::string& path);

}  // namespace genai::tokenizer
