#include "tokenizer/added_vocabulary.h"

namespace genai::tokenizer::hf {

void AddedVocabulary::add(std::string_view content, uint32_t id, bool normalized) {
  if (content.empty()) return;
  Trie& trie = tries_[normalized];
  trie.first_byte[static_cast<unsigned char>(content[0])] = true;
  uint32_t node = 0;
  for (char c : content) {
    const uint64_t edge = uint64_t{node} << 8 | static_cast<unsigned char>(c);
    auto found = trie.edges.find(edge);
    if (found == trie.edges.end()) {
      found = trie.edges.emplace(edge, static_cast<uint32_t>(trie.nodes.size())).first;
      trie.nodes.emplace_back();
    }
    node = found->second;
  }
  // A token listed twice keeps its first id, as Hugging Face's vocabulary does.
  if (trie.nodes[node].token == Trie::kNone) trie.nodes[node].token = id;
}

std::optional<AddedVocabulary::Match> AddedVocabulary::find(std::string_view text, size_t from, bool normalized) const {
  const Trie& trie = tries_[normalized];
  if (trie.nodes.size() <= 1) return std::nullopt;
  for (size_t start = from; start < text.size(); ++start) {
    if (!trie.first_byte[static_cast<unsigned char>(text[start])]) continue;
    std::optional<Match> longest;
    uint32_t node = 0;
    for (size_t at = start; at < text.size(); ++at) {
      auto child = trie.edges.find(uint64_t{node} << 8 | static_cast<unsigned char>(text[at]));
      if (child == trie.edges.end()) break;
      node = child->second;
      if (trie.nodes[node].token != Trie::kNone) longest = Match{start, at + 1 - start, trie.nodes[node].token};
    }
    if (longest) return longest;
  }
  return std::nullopt;
}

}  // namespace genai::tokenizer::hf
