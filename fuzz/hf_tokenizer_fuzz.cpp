// Fuzzes tokenizer.json loading (tokenizer/hf_tokenizer and the normalizer, pre-tokenizer, BPE
// model and added tokens it builds); a file that loads then encodes and decodes text.
// Input: the tokenizer.json contents.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "memory_file.h"
#include "tokenizer/hf_tokenizer.h"
#include "tokenizer_exercise.h"

namespace {

// Text with what tokenizers treat specially: spaces, digits, punctuation, accents, CJK, emoji,
// invalid UTF-8, an added-token-looking marker and SentencePiece's space.
constexpr std::string_view kFixedText = "Hello world, h\xC3\xA9llo 123 4567!\n\t \xE4\xB8\x96\xE7\x95\x8C \xF0\x9F\x98\x80 "
                                        "<|end|><s>\xE2\x96\x81x \xFF\xC3 it's";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static genai::fuzz::MemoryFile file;
  auto tokenizer = genai::tokenizer::load_hf_tokenizer(file.write(data, size));
  if (!tokenizer) return 0;
  genai::fuzz::exercise_tokenizer(**tokenizer, kFixedText);
  // Part of the input as text: the vocabulary's own strings and escapes.
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  genai::fuzz::exercise_tokenizer(**tokenizer, input.substr(size > 256 ? size - 256 : 0));
  // Ids a caller may hold: small ones, and arbitrary ones made from the input's bytes.
  std::vector<uint32_t> ids;
  for (uint32_t id = 0; id < 64; ++id) ids.push_back(id);
  for (size_t at = 0; at + 4 <= size && ids.size() < 96; at += 4) {
    ids.push_back(uint32_t{data[at]} | uint32_t{data[at + 1]} << 8 | uint32_t{data[at + 2]} << 16 |
                  uint32_t{data[at + 3]} << 24);
  }
  (void)(*tokenizer)->decode(ids);
  return 0;
}
