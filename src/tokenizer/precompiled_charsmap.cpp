#include "tokenizer/precompiled_charsmap.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <memory>

#include "common/utf8.h"

namespace genai::tokenizer {
namespace {

// A Darts-clone unit: an inner node (label in bits 0-7, "has a value" in bit 8, the offset of its
// children in bits 10-31, scaled by 256 when bit 9 is set) or a value (bit 31 set, value in bits 0-30).
bool has_leaf(uint32_t unit) { return (unit >> 8 & 1) == 1; }
uint32_t value(uint32_t unit) { return unit & 0x7FFFFFFFu; }
uint32_t label(uint32_t unit) { return unit & 0x800000FFu; }  // a value unit never matches a byte
size_t offset(uint32_t unit) { return size_t{unit >> 10} << ((unit & (1u << 9)) >> 6); }

uint32_t read_u32_le(std::string_view bytes, size_t at) {
  uint32_t n = 0;
  for (size_t i = 0; i < 4; ++i) n |= uint32_t{static_cast<unsigned char>(bytes[at + i])} << (8 * i);
  return n;
}

bool is_valid_utf8(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    const size_t length = utf8_sequence_length(text, at);
    if (length == 0) return false;
    at += length;
  }
  return true;
}

// ICU's extended grapheme clusters (UAX #29), the unicode-segmentation crate's graphemes(true).
// One iterator per thread: making one loads the break rules.
icu::BreakIterator* grapheme_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> made(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    return U_FAILURE(status) ? nullptr : std::move(made);
  }();
  return iterator.get();
}

}  // namespace

Result<PrecompiledCharsmap> PrecompiledCharsmap::parse(std::string_view bytes) {
  PrecompiledCharsmap charsmap;
  if (bytes.empty()) return charsmap;
  if (bytes.size() < 4) return Error{"the charsmap is cut short (" + std::to_string(bytes.size()) + " bytes, no trie size)"};
  // As spm_precompiled reads it: size / 4 units, the replacements right after them (a size that
  // is not a multiple of 4 leaves its last bytes to the replacements).
  const size_t unit_count = read_u32_le(bytes, 0) / 4;
  if (unit_count > (bytes.size() - 4) / 4) {
    return Error{"the trie (" + std::to_string(unit_count) + " units) runs past the end of the charsmap (" +
                 std::to_string(bytes.size()) + " bytes)"};
  }
  charsmap.units_.reserve(unit_count);
  for (size_t unit = 0; unit < unit_count; ++unit) charsmap.units_.push_back(read_u32_le(bytes, 4 + 4 * unit));
  charsmap.replacements_ = bytes.substr(4 + 4 * unit_count);
  if (!is_valid_utf8(charsmap.replacements_)) return Error{"the replacements after the trie are not valid UTF-8"};
  return charsmap;
}

std::optional<std::string_view> PrecompiledCharsmap::transform(std::string_view text) const {
  // Darts-clone's common-prefix search, stopped at the first (shortest) key found: Hugging Face
  // takes results[0].
  if (units_.empty()) return std::nullopt;
  size_t node = offset(units_[0]);
  for (const char byte : text) {
    const auto c = static_cast<unsigned char>(byte);
    if (c == 0) break;
    node ^= c;
    if (node >= units_.size() || label(units_[node]) != c) return std::nullopt;
    const bool leaf = has_leaf(units_[node]);
    node ^= offset(units_[node]);
    if (!leaf) continue;
    if (node >= units_.size()) return std::nullopt;
    const size_t begin = value(units_[node]);
    // Past the end, or inside a character: Hugging Face would panic; nothing here.
    if (begin > replacements_.size() || (begin < replacements_.size() && utf8_sequence_length(replacements_, begin) == 0)) {
      return std::nullopt;
    }
    const size_t end = replacements_.find('\0', begin);
    return std::string_view(replacements_).substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  }
  return std::nullopt;
}

std::string PrecompiledCharsmap::apply(std::string_view text) const {
  if (units_.empty() || text.empty()) return std::string(text);
  icu::BreakIterator* graphemes = grapheme_iterator();
  UErrorCode status = U_ZERO_ERROR;
  UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (graphemes == nullptr || U_FAILURE(status)) {
    utext_close(utext);
    return std::string(text);
  }
  graphemes->setText(utext, status);
  std::string out;
  out.reserve(text.size());
  for (int32_t begin = graphemes->first(), end = graphemes->next(); end != icu::BreakIterator::DONE;
       begin = end, end = graphemes->next()) {
    const std::string_view grapheme = text.substr(static_cast<size_t>(begin), static_cast<size_t>(end - begin));
    if (grapheme.size() < 6) {
      if (const auto replacement = transform(grapheme)) {
        out.append(*replacement);
        continue;
      }
    }
    for (size_t at = 0; at < grapheme.size();) {
      const size_t length = std::max<size_t>(1, utf8_sequence_length(grapheme, at));
      const std::string_view character = grapheme.substr(at, length);
      const auto replacement = transform(character);
      out.append(replacement ? *replacement : character);
      at += length;
    }
  }
  utext_close(utext);
  return out;
}

}  // namespace genai::tokenizer
