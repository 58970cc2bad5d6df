// What the tokenizer targets do with a tokenizer that loaded: encode a text twice (the same ids
// both times: encode keeps no state between calls) and decode the ids; with the post-processor's
// special tokens, the content's ids are still all there, in order.
#pragma once

#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "tokenizer/tokenizer.h"

namespace genai::fuzz {

inline void exercise_tokenizer(const tokenizer::Tokenizer& tokenizer, std::string_view text) {
  const std::vector<uint32_t> ids = tokenizer.encode(text);
  FUZZ_CHECK(tokenizer.encode(text) == ids, "encoding the same text twice gave different ids");
  (void)tokenizer.decode(ids);
  const std::vector<uint32_t> with_specials = tokenizer.encode_with_special_tokens(text);
  FUZZ_CHECK(with_specials.size() >= ids.size(), "the special tokens took content ids away (%zu < %zu)",
             with_specials.size(), ids.size());
}

}  // namespace genai::fuzz
