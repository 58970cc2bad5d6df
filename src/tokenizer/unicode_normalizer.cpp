#include "tokenizer/unicode_normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace genai::tokenizer {
namespace {

const icu::Normalizer2* instance(UnicodeForm form, UErrorCode& status) {
  switch (form) {
    case UnicodeForm::nfc: return icu::Normalizer2::getNFCInstance(status);
    case UnicodeForm::nfd: return icu::Normalizer2::getNFDInstance(status);
    case UnicodeForm::nfkc: return icu::Normalizer2::getNFKCInstance(status);
    case UnicodeForm::nfkd: return icu::Normalizer2::getNFKDInstance(status);
  }
  return nullptr;
}

bool is_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Hugging Face normalizes with the crate unicode-normalization-alignments, whose tables are
// Unicode 9.0: a character assigned later has no decomposition and combines with nothing there.
// Such a character that ICU would change is kept as it is, the text either side normalized alone.
bool unknown_to_reference(const icu::Normalizer2& normalizer, UChar32 c) {
  if (c < 0x80 || normalizer.isInert(c)) return false;
  UVersionInfo age;
  u_charAge(c, age);
  return age[0] > 9;
}

icu::UnicodeString normalize_as_reference(const icu::Normalizer2& normalizer, const icu::UnicodeString& text, UErrorCode& status) {
  icu::UnicodeString out;
  int32_t segment_start = 0;
  for (int32_t at = 0; at < text.length();) {
    const UChar32 c = text.char32At(at);
    const int32_t next = text.moveIndex32(at, 1);
    if (unknown_to_reference(normalizer, c)) {
      out.append(normalizer.normalize(text.tempSubStringBetween(segment_start, at), status));
      out.append(c);
      segment_start = next;
    }
    at = next;
  }
  if (segment_start == 0) return normalizer.normalize(text, status);
  out.append(normalizer.normalize(text.tempSubStringBetween(segment_start), status));
  return out;
}

}  // namespace

std::string unicode_normalize(std::string_view utf8, UnicodeForm form) {
  if (is_ascii(utf8)) return std::string(utf8);  // ASCII is normalized in every form
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = instance(form, status);
  if (normalizer == nullptr || U_FAILURE(status)) return std::string(utf8);
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  // Most text is already normalized: check first, and skip the copy.
  if (normalizer->isNormalized(text, status) && U_SUCCESS(status)) return std::string(utf8);
  status = U_ZERO_ERROR;
  const icu::UnicodeString normalized = normalize_as_reference(*normalizer, text, status);
  if (U_FAILURE(status)) return std::string(utf8);
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

}  // namespace genai::tokenizer
