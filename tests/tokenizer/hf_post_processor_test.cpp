// The post_processor of tokenizer.json: each type's special tokens around a single text, on a tiny
// hand-written byte-level BPE whose ids are known without any reference library.
#include <gtest/gtest.h>

#include <string>

#include "tokenizer/tokenizer.h"

#include "support/temporary_file.h"

namespace genai::tokenizer {
namespace {

using genai::testing::write_temporary_file;

// "hello" -> [8]; "hello hell" -> hello (8), Ġ (4), hell (7). The special tokens' ids (20 and up)
// need not be in the vocabulary: the post-processor adds them by id, as Hugging Face does.
std::string tiny_tokenizer(const std::string& post_processor) {
  return R"({
  "normalizer": null,
  "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
  "post_processor": )" + post_processor + R"(,
  "model": {"type": "BPE", "vocab": {"h": 0, "e": 1, "l": 2, "o": 3, "Ġ": 4, "he": 5, "ll": 6, "hell": 7, "hello": 8},
            "merges": ["h e", "l l", "he ll", "hell o"]}
})";
}

std::unique_ptr<Tokenizer> load(const std::string& post_processor) {
  auto tokenizer = load_tokenizer(write_temporary_file("post-processor-tokenizer.json", tiny_tokenizer(post_processor)));
  EXPECT_TRUE(tokenizer) << tokenizer.error();
  return tokenizer ? std::move(*tokenizer) : nullptr;
}

using Ids = std::vector<uint32_t>;

// Gemma 3's and Llama 2's shape: the BOS before the text (here also a two-id token after it, which
// TemplateProcessing's "ids" allows). The pair template is not used: one text is encoded.
constexpr const char* kTemplate = R"({"type": "TemplateProcessing",
  "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
             {"SpecialToken": {"id": "</s>", "type_id": 0}}],
  "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
  "special_tokens": {"<s>": {"id": "<s>", "ids": [20], "tokens": ["<s>"]},
                     "</s>": {"id": "</s>", "ids": [21, 22], "tokens": ["</", "s>"]}}})";

TEST(HfPostProcessor, TemplateProcessingPutsItsSpecialTokensAroundTheText) {
  auto tokenizer = load(kTemplate);
  ASSERT_TRUE(tokenizer);
  EXPECT_EQ(tokenizer->encode_with_special_tokens("hello hell"), (Ids{20, 8, 4, 7, 21, 22}));
  EXPECT_EQ(tokenizer->encode_with_special_tokens(""), (Ids{20, 21, 22}));  // Hugging Face's too
  // encode and count stay the content's alone: prompts are sized without the special tokens.
  EXPECT_EQ(tokenizer->encode("hello hell"), (Ids{8, 4, 7}));
  EXPECT_EQ(tokenizer->count("hello hell"), 3u);
}

TEST(HfPostProcessor, BertProcessingIsClsTextSep) {
  auto tokenizer = load(R"({"type": "BertProcessing", "sep": ["[SEP]", 31], "cls": ["[CLS]", 30]})");
  ASSERT_TRUE(tokenizer);
  EXPECT_EQ(tokenizer->encode_with_special_tokens("hello hell"), (Ids{30, 8, 4, 7, 31}));
}

TEST(HfPostProcessor, RobertaProcessingIsClsTextSep) {
  auto tokenizer = load(R"({"type": "RobertaProcessing", "sep": ["</s>", 41], "cls": ["<s>", 40],
                            "trim_offsets": true, "add_prefix_space": true})");
  ASSERT_TRUE(tokenizer);
  EXPECT_EQ(tokenizer->encode_with_special_tokens("hello"), (Ids{40, 8, 41}));
}

TEST(HfPostProcessor, ByteLevelNullAndMissingAddNothing) {
  for (const char* post_processor :
       {R"({"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": false, "use_regex": true})", "null"}) {
    auto tokenizer = load(post_processor);
    ASSERT_TRUE(tokenizer);
    EXPECT_EQ(tokenizer->encode_with_special_tokens("hello hell"), (Ids{8, 4, 7})) << post_processor;
  }
  auto missing = load_tokenizer(write_temporary_file("no-post-processor.json", R"({"normalizer": null,
      "pre_tokenizer": null, "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}})"));
  ASSERT_TRUE(missing) << missing.error();
  EXPECT_EQ((*missing)->encode_with_special_tokens("a"), (Ids{0}));
}

// As in Hugging Face, steps pass on a list of parts, joined at the end: a template makes one part
// per piece, so a later template sees two and uses its "pair" template, and Bert and Roberta wrap
// the first part in cls...sep and the others in ...sep or sep...sep. Current Llama 3 files are
// Sequence [ByteLevel, TemplateProcessing].
constexpr const char* kByteLevelStep = R"({"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": false, "use_regex": true})";
constexpr const char* kXThenText = R"({"type": "TemplateProcessing",
  "single": [{"SpecialToken": {"id": "X", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
  "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
  "special_tokens": {"X": {"id": "X", "ids": [50], "tokens": ["X"]}, "Y": {"id": "Y", "ids": [53], "tokens": ["Y"]}}})";

std::string sequence(const std::string& first, const std::string& second) {
  return R"({"type": "Sequence", "processors": [)" + std::string(kByteLevelStep) + ", " + first + ", " + second + "]}";
}

TEST(HfPostProcessor, SequencePassesPartsFromStepToStep) {
  struct Case {
    std::string second;
    Ids expected;
  };
  const Case cases[] = {
      // parts [X] [hello] -> [Y X Z] [hello Z]
      {R"({"type": "BertProcessing", "sep": ["Z", 52], "cls": ["Y", 51]})", {51, 50, 52, 8, 52}},
      // parts [X] [hello] -> [Y X Z] [Z hello Z]
      {R"({"type": "RobertaProcessing", "sep": ["Z", 52], "cls": ["Y", 51]})", {51, 50, 52, 52, 8, 52}},
      // parts [X] [hello] -> the pair template "B Y A": [hello] [Y] [X]
      {R"({"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A", "type_id": 0}}],
           "pair": [{"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "Y", "type_id": 0}},
                    {"Sequence": {"id": "A", "type_id": 0}}],
           "special_tokens": {"Y": {"id": "Y", "ids": [53], "tokens": ["Y"]}}})", {8, 53, 50}},
  };
  for (const Case& c : cases) {
    auto tokenizer = load(sequence(kXThenText, c.second));
    ASSERT_TRUE(tokenizer);
    EXPECT_EQ(tokenizer->encode_with_special_tokens("hello"), c.expected) << c.second;
  }
  // The Llama 3 shape: one template after ByteLevel.
  auto llama3 = load(R"({"type": "Sequence", "processors": [)" + std::string(kByteLevelStep) + ", " + kXThenText + "]}");
  ASSERT_TRUE(llama3);
  EXPECT_EQ(llama3->encode_with_special_tokens("hello"), (Ids{50, 8}));
}

TEST(HfPostProcessor, UnsupportedOrBrokenOnesAreRefusedWithTheirJsonPath) {
  struct Case {
    std::string post_processor;
    const char* expected;
  };
  const Case cases[] = {
      {R"({"type": "Mystery"})", "$.post_processor.type: 'Mystery' is not supported yet"},
      {R"({"type": "Sequence", "processors": [{"type": "ByteLevel"}, {"type": "Mystery"}]})",
       "$.post_processor.processors[1].type: 'Mystery'"},
      {R"({"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}], "special_tokens": {}})",
       "$.post_processor.special_tokens[\"<bos>\"]: missing (named by $.post_processor.single[0])"},
      {R"({"type": "TemplateProcessing", "single": [{"Sequence": {"id": "B", "type_id": 0}}], "special_tokens": {}})",
       "$.post_processor.single[0].Sequence.id: expected \"A\""},
      {R"({"type": "TemplateProcessing", "single": ["$A"], "special_tokens": {}})", "$.post_processor.single[0]: expected"},
      {R"({"type": "BertProcessing", "sep": ["[SEP]"], "cls": ["[CLS]", 1]})", "$.post_processor.sep: expected [token, id]"},
      {R"({"type": "RobertaProcessing", "sep": ["</s>", 4294967294], "cls": ["<s>", 0]})",
       "$.post_processor.sep[1]: 4294967294 is larger than any vocabulary's"},
      {"7", "$.post_processor: expected an object or null"},
      // A template after one that leaves three parts: Hugging Face stops (todo!()).
      {R"({"type": "Sequence", "processors": [)" + std::string(kTemplate) + ", " + kXThenText + "]}",
       "$.post_processor.processors[1]: a template after a step that leaves 3 parts"},
      // Two parts: the second template's "pair" is read, and B is allowed there but not C.
      {R"({"type": "Sequence", "processors": [)" + std::string(kXThenText) +
           R"(, {"type": "TemplateProcessing", "pair": [{"Sequence": {"id": "C", "type_id": 0}}], "special_tokens": {}}]})",
       "$.post_processor.processors[1].pair[0].Sequence.id: expected \"A\" or \"B\""},
  };
  for (const Case& c : cases) {
    auto tokenizer = load_tokenizer(write_temporary_file("bad-post-processor.json", tiny_tokenizer(c.post_processor)));
    ASSERT_FALSE(tokenizer) << c.post_processor;
    EXPECT_NE(tokenizer.error().find(c.expected), std::string::npos) << tokenizer.error();
    EXPECT_EQ(tokenizer.error().find('\n'), std::string::npos) << tokenizer.error();
  }
}

}  // namespace
}  // namespace genai::tokenizer
