// tiktoken's byte-pair merge: split a pre-tokenized piece into the tokens of a rank table by
// repeatedly merging the adjacent pair whose concatenation has the lowest rank.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace genai::tokenizer {

// `rank_of(bytes)` is the rank (= id) of a byte sequence, or nothing if it is not a token.
using RankLookup = std::function<std::optional<uint32_t>(std::string_view)>;

// Appends the ids of `piece` to `out`. Every single byte must have a rank (true of byte-level
// tables such as cl100k_base and o200k_base).
void byte_pair_encode(std::string_view piece, const RankLookup& rank_of, std::vector<uint32_t>& out);

}  // namespace genai::tokenizer
