#include "tokenizer/byte_pair_merge.h"

#include <limits>

namespace genai::tokenizer {
namespace {

constexpr uint32_t kNoRank = std::numeric_limits<uint32_t>::max();

struct Part {
  size_t start;
  uint32_t rank;  // rank of the pair starting here (this part and the next), kNoRank if none
};

}  // namespace

// The algorithm of tiktoken's _byte_pair_merge: boundaries start between every byte; the pair
// with the lowest rank merges, and only the ranks next to it change. Quadratic in the piece's
// length in the worst case, like the reference; pieces are words, so short.
void byte_pair_encode(std::string_view piece, const RankLookup& rank_of, std::vector<uint32_t>& out) {
  if (piece.empty()) return;
  if (auto whole = rank_of(piece)) {
    out.push_back(*whole);
    return;
  }
  std::vector<Part> parts;
  parts.reserve(piece.size() + 1);
  for (size_t i = 0; i <= piece.size(); ++i) parts.push_back({i, kNoRank});
  // Rank of the bytes from boundary i to boundary i + 2 (the pair that merging at i would make).
  auto pair_rank = [&](size_t i) -> uint32_t {
    if (i + 2 >= parts.size()) return kNoRank;
    auto rank = rank_of(piece.substr(parts[i].start, parts[i + 2].start - parts[i].start));
    return rank ? *rank : kNoRank;
  };
  for (size_t i = 0; i + 2 < parts.size(); ++i) parts[i].rank = pair_rank(i);
  while (parts.size() > 2) {
    uint32_t lowest = kNoRank;
    size_t at = 0;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      if (parts[i].rank < lowest) {
        lowest = parts[i].rank;
        at = i;
      }
    }
    if (lowest == kNoRank) break;
    parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(at) + 1);
    parts[at].rank = pair_rank(at);
    if (at > 0) parts[at - 1].rank = pair_rank(at - 1);
  }
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    auto rank = rank_of(piece.substr(parts[i].start, parts[i + 1].start - parts[i].start));
    out.push_back(rank ? *rank : kNoRank);  // a byte with no rank: the table is not byte-level
  }
}

}  // namespace genai::tokenizer
