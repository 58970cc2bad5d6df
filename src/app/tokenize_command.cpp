#include "app/tokenize_command.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "tokenizer/tokenizer.h"

namespace genai::app {
namespace {

void print(const tokenizer::Tokenizer& tokenizer, std::string_view text, bool ids) {
  if (!ids) {
    std::cout << tokenizer.count(text) << "\n";
    return;
  }
  std::string line;
  for (uint32_t id : tokenizer.encode(text)) {
    if (!line.empty()) line.push_back(' ');
    line += std::to_string(id);
  }
  std::cout << line << "\n";
}

}  // namespace

void add_tokenize_flags(CLI::App& command, TokenizeFlags& flags) {
  command.add_option("--model-tokenizer,--model_tokenizer", flags.model_tokenizer,
                     "tiktoken rank file (cl100k_base or o200k_base)")->required();
  command.add_option("input", flags.input, "text file, or - for standard input")->capture_default_str();
  command.add_flag("--ids", flags.ids, "print the token ids instead of their count");
  command.add_flag("--lines", flags.lines, "tokenize each line on its own (without its newline), one output line each");
}

int run_tokenize_command(const TokenizeFlags& flags) {
  auto tokenizer = tokenizer::load_tokenizer(flags.model_tokenizer);
  if (!tokenizer) {
    std::cerr << "genai-bench tokenize: " << tokenizer.error() << "\n";
    return 2;
  }
  std::ifstream file;
  if (flags.input != "-") {
    file.open(flags.input, std::ios::binary);
    if (!file) {
      std::cerr << "genai-bench tokenize: cannot open '" << flags.input << "'\n";
      return 2;
    }
  }
  std::istream& input = flags.input == "-" ? std::cin : file;
  std::ios::sync_with_stdio(false);
  if (flags.lines) {
    for (std::string line; std::getline(input, line);) print(**tokenizer, line, flags.ids);
  } else {
    std::ostringstream whole;
    whole << input.rdbuf();
    print(**tokenizer, whole.str(), flags.ids);
  }
  return 0;
}

}  // namespace genai::app
