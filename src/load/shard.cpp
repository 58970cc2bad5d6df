#include "load/shard.h"

#include <charconv>
#include <cstdlib>

namespace genai::load {

namespace {

bool parse_number(std::string_view text, uint64_t& value) {
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

Result<Shard> parse_shard(std::string_view text, const EnvironmentLookup& environment) {
  const size_t slash = text.find('/');
  const std::string said = "--shard " + std::string(text);
  if (slash == std::string_view::npos) return Error{said + ": expected I/N (0 <= I < N) or auto/N"};
  uint64_t count = 0;
  if (!parse_number(text.substr(slash + 1), count) || count == 0 || count > 1'000'000) {
    return Error{said + ": N must be a whole number from 1 to 1000000"};
  }
  const std::string_view index_text = text.substr(0, slash);
  uint64_t index = 0;
  if (index_text == "auto") {
    std::string source = "JOB_COMPLETION_INDEX";
    const char* value = environment("JOB_COMPLETION_INDEX");
    if (value == nullptr || *value == '\0') {
      source = "SLURM_PROCID";
      value = environment("SLURM_PROCID");
    }
    if (value == nullptr || *value == '\0') {
      return Error{said + ": neither JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) nor SLURM_PROCID (srun) is set; "
                          "give the index: --shard I/" + std::to_string(count)};
    }
    if (!parse_number(value, index)) return Error{said + ": " + source + " is not a whole number: '" + value + "'"};
    if (index >= count) {
      return Error{said + ": " + source + "=" + value + " is not below N=" + std::to_string(count) +
                   " (more shards run than the N given?)"};
    }
  } else if (!parse_number(index_text, index) || index >= count) {
    return Error{said + ": I must be a whole number from 0 to N-1 (" + std::to_string(count - 1) + ")"};
  }
  return Shard{static_cast<uint32_t>(index), static_cast<uint32_t>(count)};
}

}  // namespace genai::load
