#include "app/tokenize_command.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/named_tokenizer.h"
#include "tokenizer/tokenizer.h"

namespace genai::app {
namespace {

// The count is always the number of ids --ids would print, special tokens included or not alike.
void print(const tokenizer::Tokenizer& tokenizer, std::string_view text, const TokenizeFlags& flags) {
  if (!flags.ids && flags.no_special_tokens) {
    std::cout << tokenizer.count(text) << "\n";  // count may skip building the ids
    return;
  }
  const std::vector<uint32_t> ids =
      flags.no_special_tokens ? tokenizer.encode(text) : tokenizer.encode_with_special_tokens(text);
  if (!flags.ids) {
    std::cout << ids.size() << "\n";
    return;
  }
  std::string line;
  for (uint32_t id : ids) {
    if (!line.empty()) line.push_back(' ');
    line += std::to_string(id);
  }
  std::cout << line << "\n";
}

}  // namespace

void add_tokenize_flags(CLI::App& command, TokenizeFlags& flags) {
  command.add_option("--model-tokenizer,--model_tokenizer", flags.model_tokenizer,
                     "a Hugging Face id, cl100k_base or o200k_base, or a path: a tokenizer.json (or a folder "
                     "holding one) or a tiktoken rank file")
      ->required();
  command.add_option("input", flags.input, "text file, or - for standard input")->capture_default_str();
  command.add_flag("--ids", flags.ids, "print the token ids instead of their count");
  command.add_flag("--no-special-tokens,--no_special_tokens", flags.no_special_tokens,
                   "leave out the special tokens a tokenizer.json's post_processor adds around the text (BOS...), "
                   "as Hugging Face's encode(text, add_special_tokens=False); by default they are in the ids and "
                   "the count, as its default encode(text). The benchmark sizes prompts without them");
  command.add_flag("--lines", flags.lines, "tokenize each line on its own (without its newline), one output line each");
}

int run_tokenize_command(const TokenizeFlags& flags) {
  // Download lines go to standard error: standard output carries the ids or counts.
  auto tokenizer = load_named_tokenizer(flags.model_tokenizer, [](const std::string& line) { std::cerr << line << "\n"; });
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
    for (std::string line; std::getline(input, line);) print(**tokenizer, line, flags);
  } else {
    std::ostringstream whole;
    whole << input.rdbuf();
    print(**tokenizer, whole.str(), flags);
  }
  return 0;
}

}  // namespace genai::app
