#include "tokenizer/unicode_normalizer.h"

#include <unicode/normalizer2.h>
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
  const icu::UnicodeString normalized = normalizer->normalize(text, status);
  if (U_FAILURE(status)) return std::string(utf8);
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

}  // namespace genai::tokenizer
