// A vocabulary both ways: id to token text and text to id, the texts stored back to back in one
// buffer the views point into (a vector's buffer stays put when the table moves).
#pragma once

#include <boost/unordered/unordered_flat_map.hpp>

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace genai::tokenizer::hf {

class TokenTable {
 public:
  // `entries` (text, id); ids below kMaxTokenId, checked by the caller. Where a text is listed
  // twice the later id wins, as Hugging Face's maps keep the last.
  static TokenTable build(const std::vector<std::pair<std::string_view, uint32_t>>& entries);

  std::optional<uint32_t> id_of(std::string_view token) const {
    auto found = ids_.find(token);
    if (found == ids_.end()) return std::nullopt;
    return found->second;
  }
  // The token's text ("" for an id outside the vocabulary).
  std::string_view token(uint32_t id) const { return id < tokens_.size() ? tokens_[id] : std::string_view(); }
  size_t longest() const { return longest_; }  // bytes of the longest text

 private:
  std::vector<char> text_;
  std::vector<std::string_view> tokens_;
  boost::unordered_flat_map<std::string_view, uint32_t> ids_;
  size_t longest_ = 0;
};

}  // namespace genai::tokenizer::hf
