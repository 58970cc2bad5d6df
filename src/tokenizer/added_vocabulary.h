// The added tokens of a tokenizer.json (special tokens, chat markers, Gemma's thousands of
// "<unusedN>" and whitespace runs), found in text before anything else, as Hugging Face does:
// the leftmost match, the longest one where several start there. Tokens marked "normalized" are
// looked for in the normalized text, the others in the text as given.
#pragma once

#include <boost/unordered/unordered_flat_map.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace genai::tokenizer::hf {

class AddedVocabulary {
 public:
  struct Match {
    size_t at;
    size_t length;
    uint32_t id;
  };

  void add(std::string_view content, uint32_t id, bool normalized);
  // The first added token of the given kind in `text` at or after `from`.
  std::optional<Match> find(std::string_view text, size_t from, bool normalized) const;
  bool empty(bool normalized) const { return tries_[normalized].nodes.size() <= 1; }

 private:
  // A byte trie: few tokens share long prefixes, and matching walks at most the longest token's
  // length from each candidate start. Hand-written: no Debian package offers Aho-Corasick in C++,
  // and this is short.
  struct Trie {
    static constexpr uint32_t kNone = UINT32_MAX;
    struct Node {
      uint32_t token = kNone;  // the id of the token ending here
    };
    std::vector<Node> nodes{Node{}};
    boost::unordered_flat_map<uint64_t, uint32_t> edges;  // (node << 8 | byte) -> child
    bool first_byte[256] = {};
  };
  Trie tries_[2];
};

}  // namespace genai::tokenizer::hf
