#include "cli/implied_subcommand.h"

#include <string_view>

namespace genai::cli {

std::vector<std::string> with_implied_subcommand(int argc, char** argv) {
  std::vector<std::string> arguments(argv, argv + argc);
  if (arguments.size() < 2) return arguments;
  const std::string& first = arguments[1];
  auto ends_with = [&](std::string_view suffix) {
    return first.size() > suffix.size() && first.compare(first.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  // A config named alone, found or not (a missing one is then refused by --config, naming it).
  if (ends_with(".yaml") || ends_with(".yml")) {
    arguments.insert(arguments.begin() + 1, {"benchmark", "--config"});
    return arguments;
  }
  // A flag first, other than the top level's own: the Rust rewrite's form.
  const bool top_level_flag = first == "-h" || first == "--help" || first == "--version";
  if (first.size() > 1 && first[0] == '-' && !top_level_flag) arguments.insert(arguments.begin() + 1, "benchmark");
  return arguments;
}

}  // namespace genai::cli
