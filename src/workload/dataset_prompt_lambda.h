// Python genai-bench's `prompt_lambda` (a dataset config's prompt built from each row), without
// Python: the expressions its documentation shows, evaluated over the row as JSON.
//   lambda x: x['conversations'][0]['value']
//   lambda x: x['conversations'][0]['value'] if len(x['conversations']) > 1 else ''
//   lambda item: f"Question: {item['question']}\nAnswer briefly."
// Supported: the row's name, string / integer / True / False / None literals, f-strings of those,
// subscripts and slices ([0], [-1], ['key'], [:100]), .get(key[, default]), .strip(), len(), str(),
// +, comparisons (== != < <= > >= in, not in), and, or, not, A if C else B, parentheses. As in
// Python genai-bench (utils.safe_eval_prompt), a text that is not a lambda is a column name when
// the row has it, else the text itself; a row the expression fails on gets an empty prompt.
#pragma once

#include <boost/json/value.hpp>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace genai::workload {

class PromptLambda {
 public:
  // Errors name what could not be read: "prompt_lambda: unsupported syntax at 'lambda x: x.foo(' ...".
  static Result<PromptLambda> parse(const std::string& text);

  // The prompt for `row` (str() of the result; None is ""), or the reason it failed.
  Result<std::string> apply(const boost::json::value& row) const;

  // The row's top-level keys the expression reads (to know which columns to load), when known.
  const std::vector<std::string>& keys() const { return keys_; }

  struct Node;

 private:
  std::shared_ptr<const Node> root_;
  std::string column_or_text_;  // not a lambda
  std::vector<std::string> keys_;
};

}  // namespace genai::workload
