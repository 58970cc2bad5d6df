// One of N processes that together run one experiment (--shard I/N): a filter on the one
// deterministic plan every process draws, never a second way to run it, so N = 1 is the
// unsharded run exactly. Items (open-loop arrivals, closed-loop users, conversations, request
// indices) are dealt round-robin: shard I owns global items I, I + N, I + 2N, ...; so integer
// quantities split as floor(Q/N) + (I < Q mod N) and the shards' parts sum to Q.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace genai::load {

struct Shard {
  uint32_t index = 0;
  uint32_t count = 1;

  bool whole() const { return count == 1; }
  // How many of the items 0 .. quantity-1 are this shard's.
  uint64_t part_of(uint64_t quantity) const {
    return quantity / count + (index < quantity % count ? 1 : 0);
  }
  // The global number of this shard's local item `local` (0-based).
  uint64_t global(uint64_t local) const { return local * count + index; }
  bool owns(uint64_t global_item) const { return global_item % count == index; }
  std::string describe() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// Reads the environment; a test passes its own.
using EnvironmentLookup = std::function<const char*(const char* name)>;

// "I/N" (0 <= I < N), or "auto/N": I from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job), else
// SLURM_PROCID (srun). Errors name the flag and what was wrong, in one line.
Result<Shard> parse_shard(std::string_view text, const EnvironmentLookup& environment);

}  // namespace genai::load
