// The "post_processor" of a tokenizer.json: the special tokens Hugging Face's encode adds around
// one text's ids when add_special_tokens is true (Gemma's and Llama 2's <bos>, BERT's [CLS] [SEP]).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <vector>

namespace genai::tokenizer::hf {

class PostProcessor {
 public:
  // `settings` is $.post_processor: TemplateProcessing, BertProcessing, RobertaProcessing,
  // ByteLevel (offsets only: no ids), a Sequence of them, or null. Throws LoadError naming the
  // JSON path of anything else.
  static PostProcessor load(simdjson::dom::element settings);
  // The ids of a single text with the special tokens added, as Hugging Face's
  // post_process(encoding, None, add_special_tokens=True).
  std::vector<uint32_t> apply(std::vector<uint32_t> content) const;

 private:
  // Hugging Face passes a list of encodings from step to step and joins them at the end: a
  // template turns each of its pieces into one (so a Sequence's next template sees two, and uses
  // its "pair" template), Bert and Roberta wrap each one. Which parts each step makes is known
  // when loading, since we always start from one text: each output part is a list of items, an
  // input part or a special token's ids.
  struct Item {
    int input = -1;             // the index of an input part, or -1 for `ids`
    std::vector<uint32_t> ids;  // a special token's (several for a multi-id TemplateProcessing one)
  };
  using Part = std::vector<Item>;
  using Step = std::vector<Part>;
  void add(simdjson::dom::object settings, const std::string& path);
  void add_template(simdjson::dom::object settings, const std::string& path);

  std::vector<Step> steps_;
  size_t parts_ = 1;  // how many parts the steps so far leave
};

}  // namespace genai::tokenizer::hf
