// tiktoken's byte-pair merge: start from a piece's initial symbols and repeatedly merge the
// adjacent pair with the lowest rank (leftmost on ties) until no adjacent pair has one. (Hugging
// Face BPE merges token-id pairs in bpe_model, with the same order.)
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace genai::tokenizer {

// The rank of merging two adjacent symbols (views into the piece), or nothing.
using PairRank = std::function<std::optional<uint32_t>(std::string_view left, std::string_view right)>;

// `boundaries` holds the initial symbol boundaries (0, ..., piece.size()); on return, those of the
// merged symbols. Quadratic in the number of symbols in the worst case, like the references; pieces
// are words, so short.
void byte_pair_merge(std::string_view piece, std::vector<size_t>& boundaries, const PairRank& rank_of);

// tiktoken: symbols start as single bytes and a pair's rank is that of its concatenated bytes.
using RankLookup = std::function<std::optional<uint32_t>(std::string_view)>;
void byte_pair_encode(std::string_view piece, const RankLookup& rank_of, std::vector<uint32_t>& out);

}  // namespace genai::tokenizer
