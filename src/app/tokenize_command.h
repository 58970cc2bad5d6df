// `genai-bench tokenize --model-tokenizer T [--ids] [--lines] [--no-special-tokens] [FILE|-]`: the
// token count (or ids) of a text, with the same tokenizer the benchmark uses; by default with the
// special tokens Hugging Face's encode adds, so it can be compared with Hugging Face as it is.
#pragma once

#include <CLI/App.hpp>
#include <string>

namespace genai::app {

struct TokenizeFlags {
  std::string model_tokenizer;
  std::string input = "-";
  bool ids = false;
  bool lines = false;
  bool no_special_tokens = false;
};

void add_tokenize_flags(CLI::App& command, TokenizeFlags& flags);
int run_tokenize_command(const TokenizeFlags& flags);

}  // namespace genai::app
