// Fuzzes the tiktoken rank-file loader (tokenizer/tiktoken, tokenizer/byte_pair_merge); a file
// that loads then encodes and decodes text.
// Input: the rank file ("base64-token rank" lines); the low bit of byte 0 picks the encoding's
// pattern (set: o200k_base, clear: cl100k_base), the byte itself staying part of the file.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "memory_file.h"
#include "tokenizer/tiktoken.h"
#include "tokenizer_exercise.h"

namespace {

constexpr std::string_view kFixedText = "Hello world, h\xC3\xA9llo 123 4567!\n\t \xE4\xB8\x96\xE7\x95\x8C \xF0\x9F\x98\x80 "
                                        "<|endoftext|> it's \xFF\xC3 WORLD's";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static genai::fuzz::MemoryFile file;
  const auto encoding = (data[0] & 1) != 0 ? genai::tokenizer::TiktokenEncoding::o200k_base
                                           : genai::tokenizer::TiktokenEncoding::cl100k_base;
  auto tokenizer = genai::tokenizer::load_tiktoken(file.write(data, size), encoding);
  if (!tokenizer) return 0;
  genai::fuzz::exercise_tokenizer(**tokenizer, kFixedText);
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  genai::fuzz::exercise_tokenizer(**tokenizer, input.substr(size > 256 ? size - 256 : 0));
  std::vector<uint32_t> ids;
  for (uint32_t id = 0; id < 300; ++id) ids.push_back(id);
  ids.push_back(UINT32_MAX);
  (void)(*tokenizer)->decode(ids);
  return 0;
}
