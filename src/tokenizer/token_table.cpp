#include "tokenizer/token_table.h"

#include <algorithm>

namespace genai::tokenizer::hf {

TokenTable TokenTable::build(const std::vector<std::pair<std::string_view, uint32_t>>& entries) {
  TokenTable table;
  size_t total = 0;
  uint32_t id_limit = 0;
  for (const auto& [text, id] : entries) {
    total += text.size();
    id_limit = std::max(id_limit, id + 1);
  }
  table.text_.resize(total);
  table.tokens_.resize(id_limit);
  table.ids_.reserve(entries.size());
  size_t offset = 0;
  for (const auto& [text, id] : entries) {
    std::copy(text.begin(), text.end(), table.text_.begin() + static_cast<std::ptrdiff_t>(offset));
    const std::string_view stored(table.text_.data() + offset, text.size());
    offset += text.size();
    table.tokens_[id] = stored;
    table.ids_.insert_or_assign(stored, id);
    table.longest_ = std::max(table.longest_, text.size());
  }
  return table;
}

}  // namespace genai::tokenizer::hf
