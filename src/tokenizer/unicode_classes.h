// The character classes Hugging Face's tokenizers test characters with, answered as that Rust
// library answers them (ICU supplies the Unicode data). Two sources of truth there: Rust's own
// char methods (is_whitespace, is_numeric, to_lowercase: recent Unicode) and the crates
// unicode_categories (is_punctuation, is_other, is_mark_nonspacing) and
// unicode-normalization-alignments (is_combining_mark), whose tables stop at Unicode 8.0 and
// 9.0: a character assigned later is not punctuation, not "other", not a mark there, so those
// classes are ICU's category limited to characters of that age. Checked against the reference
// library on every code point (tests/reference/make_wordpiece_unigram.cjs probes).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace genai::tokenizer {

// Rust's char::is_whitespace (the White_Space property).
bool is_rust_whitespace(char32_t c);
// Rust's char::is_numeric (categories Nd, Nl, No).
bool is_rust_numeric(char32_t c);
// BERT's punctuation: ASCII punctuation (symbols such as $ + < included) or category P*.
bool is_bert_punctuation(char32_t c);
// BertNormalizer's "control" (categories Cc, Cf, Co; tab, newline and return excluded).
bool is_bert_control(char32_t c);
// BertNormalizer's accents (category Mn, after NFD).
bool is_nonspacing_mark(char32_t c);
// StripAccents' marks (categories Mn, Mc, Me).
bool is_combining_mark(char32_t c);
// Rust regex's \w: Alphabetic, marks, decimal digits, connector punctuation, joiners.
bool is_regex_word(char32_t c);
// BertNormalizer's CJK ideographs, which it surrounds with spaces.
bool is_bert_chinese(char32_t c);
// Appends Rust's char::to_lowercase of `c` (full mappings, one character at a time: no final
// sigma rule) as UTF-8.
void append_lowercase(std::string& out, char32_t c);

// Decodes the valid UTF-8 character at text[at]; `length` gets its byte length.
char32_t decode_utf8(std::string_view text, size_t at, size_t& length);
void append_utf8(std::string& out, char32_t c);

}  // namespace genai::tokenizer
