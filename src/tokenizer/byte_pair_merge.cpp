#include "tokenizer/byte_pair_merge.h"

#include <limits>

namespace genai::tokenizer {
namespace {
constexpr uint32_t kNoRank = std::numeric_limits<uint32_t>::max();
}

// The algorithm of tiktoken's _byte_pair_merge (and, with pair ranks, of Hugging Face's BPE
// word merge): only the ranks next to a merge change, so each step is one scan for the minimum.
void byte_pair_merge(std::string_view piece, std::vector<size_t>& boundaries, const PairRank& rank_of) {
  if (boundaries.size() < 3) return;
  std::vector<uint32_t> ranks(boundaries.size(), kNoRank);  // ranks[i]: merging symbols i and i + 1
  auto pair_rank = [&](size_t i) -> uint32_t {
    if (i + 2 >= boundaries.size()) return kNoRank;
    auto rank = rank_of(piece.substr(boundaries[i], boundaries[i + 1] - boundaries[i]),
                        piece.substr(boundaries[i + 1], boundaries[i + 2] - boundaries[i + 1]));
    return rank ? *rank : kNoRank;
  };
  for (size_t i = 0; i + 2 < boundaries.size(); ++i) ranks[i] = pair_rank(i);
  while (boundaries.size() > 2) {
    uint32_t lowest = kNoRank;
    size_t at = 0;
    for (size_t i = 0; i + 2 < boundaries.size(); ++i) {
      if (ranks[i] < lowest) {
        lowest = ranks[i];
        at = i;
      }
    }
    if (lowest == kNoRank) break;
    boundaries.erase(boundaries.begin() + static_cast<std::ptrdiff_t>(at) + 1);
    ranks.erase(ranks.begin() + static_cast<std::ptrdiff_t>(at) + 1);
    ranks[at] = pair_rank(at);
    if (at > 0) ranks[at - 1] = pair_rank(at - 1);
  }
}

void byte_pair_encode(std::string_view piece, const RankLookup& rank_of, std::vector<uint32_t>& out) {
  if (piece.empty()) return;
  if (auto whole = rank_of(piece)) {
    out.push_back(*whole);
    return;
  }
  std::vector<size_t> boundaries(piece.size() + 1);
  for (size_t i = 0; i <= piece.size(); ++i) boundaries[i] = i;
  // Adjacent views of one piece: their concatenation is the view spanning both.
  byte_pair_merge(piece, boundaries, [&](std::string_view left, std::string_view right) {
    return rank_of(std::string_view(left.data(), left.size() + right.size()));
  });
  for (size_t i = 0; i + 1 < boundaries.size(); ++i) {
    auto rank = rank_of(piece.substr(boundaries[i], boundaries[i + 1] - boundaries[i]));
    out.push_back(rank ? *rank : kNoRank);  // a byte with no rank: the table is not byte-level
  }
}

}  // namespace genai::tokenizer
