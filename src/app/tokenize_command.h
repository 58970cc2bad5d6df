// `genai-bench tokenize --model-tokenizer T [--ids] [--lines] [FILE|-]`: the token count (or ids)
// of a text, with the same tokenizer the benchmark uses.
#pragma once

#include <CLI/App.hpp>
#include <string>

namespace genai::app {

struct TokenizeFlags {
  std::string model_tokenizer;
  std::string input = "-";
  bool ids = false;
  bool lines = false;
};

void add_tokenize_flags(CLI::App& command, TokenizeFlags& flags);
int run_tokenize_command(const TokenizeFlags& flags);

}  // namespace genai::app
