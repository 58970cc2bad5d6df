#include "workload/dataset_prompt_lambda.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

namespace genai::workload {

namespace json = boost::json;
using NodePtr = std::shared_ptr<const PromptLambda::Node>;

struct PromptLambda::Node {
  enum class Kind { row, constant, fstring, subscript, slice, call, method, binary, negation, conditional };
  Kind kind = Kind::constant;
  json::value constant;
  std::string name;                // call: len/str; method: get/strip; binary: the operator
  std::vector<NodePtr> children;   // operands (slice: object, start or null, end or null)
  std::vector<std::string> texts;  // fstring: the literal text before each child, then the tail
};

namespace {

using Node = PromptLambda::Node;
using Kind = Node::Kind;

struct Token {
  enum class Type { name, number, string, fstring, symbol, end } type = Type::end;
  std::string text;
  size_t at = 0;
};

// Python's string escapes that datasets' prompts use. In an f-string, quotes inside {...} do not
// end it (Python 3.12's f"{row["key"]}", the form Python genai-bench documents).
bool read_string(std::string_view source, size_t& i, std::string& out, bool formatted = false) {
  const char quote = source[i++];
  int depth = 0;
  while (i < source.size() && (source[i] != quote || depth > 0)) {
    if (formatted && source.substr(i, 2) != "{{" && source.substr(i, 2) != "}}") {
      depth += source[i] == '{' ? 1 : source[i] == '}' ? -1 : 0;
    } else if (formatted) {
      out += source.substr(i, 2);
      i += 2;
      continue;
    }
    char c = source[i++];
    if (c == '\\' && i < source.size()) {
      const char escaped = source[i++];
      c = escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped == 'r' ? '\r' : escaped;
    }
    out.push_back(c);
  }
  if (i >= source.size()) return false;
  ++i;
  return true;
}

Result<std::vector<Token>> tokenize(std::string_view source) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < source.size()) {
    const char c = source[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token token;
    token.at = i;
    if ((c == 'f' || c == 'F') && i + 1 < source.size() && (source[i + 1] == '"' || source[i + 1] == '\'')) {
      token.type = Token::Type::fstring;
      ++i;
      if (!read_string(source, i, token.text, true)) return make_error("an f-string never closes");
    } else if (c == '"' || c == '\'') {
      token.type = Token::Type::string;
      if (!read_string(source, i, token.text)) return make_error("a string never closes");
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      token.type = Token::Type::name;
      while (i < source.size() && (std::isalnum(static_cast<unsigned char>(source[i])) || source[i] == '_')) token.text.push_back(source[i++]);
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      token.type = Token::Type::number;
      while (i < source.size() && std::isdigit(static_cast<unsigned char>(source[i]))) token.text.push_back(source[i++]);
    } else {
      token.type = Token::Type::symbol;
      const std::string_view two = source.substr(i, 2);
      if (two == "==" || two == "!=" || two == "<=" || two == ">=") {
        token.text = std::string(two);
        i += 2;
      } else if (std::string_view("[]().,:+-<>").find(c) != std::string_view::npos) {
        token.text = std::string(1, c);
        ++i;
      } else {
        return make_error("unsupported character '" + std::string(1, c) + "'");
      }
    }
    tokens.push_back(std::move(token));
  }
  tokens.push_back(Token{Token::Type::end, "", source.size()});
  return tokens;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string variable) : tokens_(std::move(tokens)), variable_(std::move(variable)) {}

  Result<NodePtr> whole() {
    NodePtr node = conditional();
    if (error_.empty() && peek().type != Token::Type::end) fail("unexpected '" + peek().text + "'");
    if (!error_.empty()) return make_error(error_);
    return node;
  }
  std::set<std::string> keys;  // the row's keys read by a constant subscript

 private:
  // Never past the end token, whatever a failed parse consumed (found by fuzzing).
  const Token& peek() const { return tokens_[std::min(position_, tokens_.size() - 1)]; }
  bool accept(std::string_view text) {
    if (peek().type == Token::Type::string || peek().type == Token::Type::fstring || peek().text != text) return false;
    ++position_;
    return true;
  }
  void expect(std::string_view text) {
    if (!accept(text)) fail("expected '" + std::string(text) + "'");
  }
  NodePtr fail(const std::string& message) {
    if (error_.empty()) error_ = message + " (at character " + std::to_string(peek().at + 1) + ")";
    return std::make_shared<Node>();
  }
  static NodePtr make(Kind kind, std::string name, std::vector<NodePtr> children) {
    auto node = std::make_shared<Node>();
    node->kind = kind;
    node->name = std::move(name);
    node->children = std::move(children);
    return node;
  }

  NodePtr conditional() {
    NodePtr value = disjunction();
    if (!accept("if")) return value;
    NodePtr condition = disjunction();
    expect("else");
    NodePtr otherwise = conditional();
    return make(Kind::conditional, "", {condition, value, otherwise});
  }
  NodePtr disjunction() {
    NodePtr left = conjunction();
    while (error_.empty() && accept("or")) left = make(Kind::binary, "or", {left, conjunction()});
    return left;
  }
  NodePtr conjunction() {
    NodePtr left = negation();
    while (error_.empty() && accept("and")) left = make(Kind::binary, "and", {left, negation()});
    return left;
  }
  NodePtr negation() {
    if (accept("not")) return make(Kind::negation, "", {negation()});
    return comparison();
  }
  NodePtr comparison() {
    NodePtr left = sum();
    for (const char* op : {"==", "!=", "<=", ">=", "<", ">", "in"}) {
      if (accept(op)) return make(Kind::binary, op, {left, sum()});
    }
    if (peek().text == "not" && position_ + 1 < tokens_.size() && tokens_[position_ + 1].text == "in") {
      position_ += 2;
      return make(Kind::binary, "not in", {left, sum()});
    }
    return left;
  }
  NodePtr sum() {
    NodePtr left = postfix();
    while (error_.empty() && accept("+")) left = make(Kind::binary, "+", {left, postfix()});
    return left;
  }
  NodePtr postfix() {
    NodePtr node = primary();
    while (error_.empty()) {
      if (accept("[")) {
        NodePtr start = peek().text == ":" ? nullptr : conditional();
        if (accept(":")) {
          NodePtr end = peek().text == "]" ? nullptr : conditional();
          expect("]");
          node = make(Kind::slice, "", {node, start, end});
          continue;
        }
        expect("]");
        if (node->kind == Kind::row && start->kind == Kind::constant && start->constant.is_string()) {
          keys.insert(std::string(start->constant.as_string()));
        }
        node = make(Kind::subscript, "", {node, start});
      } else if (accept(".")) {
        const std::string method = peek().text;
        if (peek().type != Token::Type::end) ++position_;
        if (method != "get" && method != "strip") return fail("unsupported method '" + method + "'");
        expect("(");
        std::vector<NodePtr> arguments = {node};
        while (error_.empty() && peek().text != ")") {
          arguments.push_back(conditional());
          if (!accept(",")) break;
        }
        expect(")");
        if (method == "get" && node->kind == Kind::row && arguments.size() > 1 && arguments[1]->constant.is_string()) {
          keys.insert(std::string(arguments[1]->constant.as_string()));
        }
        node = make(Kind::method, method, std::move(arguments));
      } else {
        return node;
      }
    }
    return node;
  }
  NodePtr primary() {
    const Token token = peek();
    auto constant = [&](json::value value) {
      ++position_;
      auto node = std::make_shared<Node>();
      node->constant = std::move(value);
      return node;
    };
    switch (token.type) {
      case Token::Type::string: return constant(json::string(token.text));
      case Token::Type::number: {
        int64_t number = 0;
        std::from_chars(token.text.data(), token.text.data() + token.text.size(), number);
        return constant(number);
      }
      case Token::Type::fstring: ++position_; return fstring(token.text);
      case Token::Type::end: return fail("the expression ends early");
      case Token::Type::symbol:
        if (accept("(")) {
          NodePtr inner = conditional();
          expect(")");
          return inner;
        }
        if (accept("-") && peek().type == Token::Type::number) {
          const NodePtr number = primary();
          return make(Kind::binary, "negate", {number});
        }
        return fail("unexpected '" + token.text + "'");
      case Token::Type::name: break;
    }
    if (token.text == variable_) {
      ++position_;
      return make(Kind::row, "", {});
    }
    if (token.text == "True" || token.text == "False") return constant(token.text == "True");
    if (token.text == "None") return constant(nullptr);
    if (token.text == "len" || token.text == "str") {
      ++position_;
      expect("(");
      NodePtr argument = conditional();
      expect(")");
      return make(Kind::call, token.text, {argument});
    }
    return fail("unsupported name '" + token.text + "' (only the row, len and str)");
  }
  NodePtr fstring(const std::string& text) {
    auto node = std::make_shared<Node>();
    node->kind = Kind::fstring;
    std::string literal;
    for (size_t i = 0; i < text.size(); ++i) {
      if ((text[i] == '{' || text[i] == '}') && i + 1 < text.size() && text[i + 1] == text[i]) {
        literal.push_back(text[i++]);
      } else if (text[i] == '{') {
        size_t depth = 1, end = i + 1;
        char quote = 0;
        for (; end < text.size() && depth > 0; ++end) {
          const char c = text[end];
          if (quote != 0) quote = c == quote ? 0 : quote;
          else if (c == '"' || c == '\'') quote = c;
          else if (c == '{' || c == '[' || c == '(') ++depth;
          else if (c == '}' || c == ']' || c == ')') --depth;
        }
        if (depth != 0) return fail("an f-string's '{' never closes");
        auto tokens = tokenize(text.substr(i + 1, end - i - 2));
        if (!tokens) return fail("in an f-string: " + tokens.error());
        Parser inner(std::move(*tokens), variable_);
        auto part = inner.whole();
        if (!part) return fail("in an f-string: " + part.error());
        keys.insert(inner.keys.begin(), inner.keys.end());
        node->texts.push_back(std::move(literal));
        literal.clear();
        node->children.push_back(*part);
        i = end - 1;
      } else {
        literal.push_back(text[i]);
      }
    }
    node->texts.push_back(std::move(literal));
    return node;
  }

  std::vector<Token> tokens_;
  std::string variable_;
  size_t position_ = 0;
  std::string error_;
};

// Python's str() of a value.
std::string python_str(const json::value& value) {
  switch (value.kind()) {
    case json::kind::string: return std::string(value.as_string());
    case json::kind::null: return "None";
    case json::kind::bool_: return value.as_bool() ? "True" : "False";
    case json::kind::int64: return std::to_string(value.as_int64());
    case json::kind::uint64: return std::to_string(value.as_uint64());
    case json::kind::double_: {
      char buffer[32];
      auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value.as_double());
      return error == std::errc() ? std::string(buffer, end) : "nan";
    }
    default: return json::serialize(value);
  }
}

bool truthy(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null: return false;
    case json::kind::bool_: return value.as_bool();
    case json::kind::int64: return value.as_int64() != 0;
    case json::kind::uint64: return value.as_uint64() != 0;
    case json::kind::double_: return value.as_double() != 0;
    case json::kind::string: return !value.as_string().empty();
    case json::kind::array: return !value.as_array().empty();
    case json::kind::object: return !value.as_object().empty();
  }
  return false;
}

Result<json::value> evaluate(const Node& node, const json::value& row);

Result<int64_t> as_index(const json::value& value) {
  if (value.is_int64()) return value.as_int64();
  if (value.is_uint64()) return static_cast<int64_t>(value.as_uint64());
  return make_error("an index must be an integer");
}

Result<json::value> subscript(const json::value& object, const json::value& key) {
  if (object.is_object()) {
    if (!key.is_string()) return make_error("a key must be a string");
    const json::value* found = object.as_object().if_contains(key.as_string());
    if (found == nullptr) return make_error("no key '" + std::string(key.as_string()) + "'");
    return *found;
  }
  auto index = as_index(key);
  if (!index) return make_error(index.error());
  const auto size = static_cast<int64_t>(object.is_array() ? object.as_array().size() : object.is_string() ? object.as_string().size() : 0);
  if (!object.is_array() && !object.is_string()) return make_error("only lists, strings and objects can be indexed");
  const int64_t at = *index < 0 ? *index + size : *index;
  if (at < 0 || at >= size) return make_error("index " + std::to_string(*index) + " out of range");
  if (object.is_array()) return object.as_array()[static_cast<size_t>(at)];
  return json::value(json::string(1, object.as_string()[static_cast<size_t>(at)]));
}

Result<json::value> compare(const std::string& op, const json::value& left, const json::value& right) {
  if (op == "in" || op == "not in") {
    bool found = false;
    if (right.is_string() && left.is_string()) found = std::string_view(right.as_string()).find(left.as_string()) != std::string_view::npos;
    else if (right.is_array()) for (const json::value& item : right.as_array()) found = found || item == left;
    else if (right.is_object() && left.is_string()) found = right.as_object().contains(left.as_string());
    else return make_error("'in' needs a string, list or object on its right");
    return json::value(op == "in" ? found : !found);
  }
  if (op == "==") return json::value(left == right);
  if (op == "!=") return json::value(left != right);
  int order = 0;
  if (left.is_number() && right.is_number()) {
    const double a = left.to_number<double>(), b = right.to_number<double>();
    order = a < b ? -1 : a > b ? 1 : 0;
  } else if (left.is_string() && right.is_string()) {
    const int c = std::string_view(left.as_string()).compare(right.as_string());
    order = c < 0 ? -1 : c > 0 ? 1 : 0;
  } else {
    return make_error("cannot order these values with " + op);
  }
  return json::value(op == "<" ? order < 0 : op == "<=" ? order <= 0 : op == ">" ? order > 0 : order >= 0);
}

Result<json::value> evaluate_binary(const Node& node, const json::value& row) {
  auto left = evaluate(*node.children[0], row);
  if (!left) return left;
  if (node.name == "negate") {
    if (!left->is_int64()) return make_error("'-' needs a number");
    return json::value(-left->as_int64());
  }
  if (node.name == "and" || node.name == "or") {
    if (truthy(*left) == (node.name == "or")) return left;
    return evaluate(*node.children[1], row);
  }
  auto right = evaluate(*node.children[1], row);
  if (!right) return right;
  if (node.name == "+") {
    if (left->is_string() && right->is_string()) return json::value(json::string(std::string(left->as_string()) + std::string(right->as_string())));
    if (left->is_int64() && right->is_int64()) return json::value(left->as_int64() + right->as_int64());
    return make_error("'+' needs two strings or two integers");
  }
  return compare(node.name, *left, *right);
}

Result<json::value> evaluate(const Node& node, const json::value& row) {
  switch (node.kind) {
    case Kind::row: return row;
    case Kind::constant: return node.constant;
    case Kind::fstring: {
      std::string text;
      for (size_t i = 0; i < node.children.size(); ++i) {
        auto part = evaluate(*node.children[i], row);
        if (!part) return part;
        text += node.texts[i] + python_str(*part);
      }
      return json::value(json::string(text + node.texts.back()));
    }
    case Kind::subscript: {
      auto object = evaluate(*node.children[0], row);
      if (!object) return object;
      auto key = evaluate(*node.children[1], row);
      if (!key) return key;
      return subscript(*object, *key);
    }
    case Kind::slice: {
      auto object = evaluate(*node.children[0], row);
      if (!object) return object;
      if (!object->is_array() && !object->is_string()) return make_error("only lists and strings can be sliced");
      const auto size = static_cast<int64_t>(object->is_array() ? object->as_array().size() : object->as_string().size());
      int64_t bounds[2] = {0, size};
      for (int b = 0; b < 2; ++b) {
        if (!node.children[1 + b]) continue;
        auto value = evaluate(*node.children[1 + b], row);
        if (!value) return value;
        auto index = as_index(*value);
        if (!index) return make_error(index.error());
        bounds[b] = std::clamp<int64_t>(*index < 0 ? *index + size : *index, 0, size);
      }
      const auto first = static_cast<size_t>(bounds[0]), last = static_cast<size_t>(std::max(bounds[0], bounds[1]));
      if (object->is_string()) return json::value(json::string(std::string_view(object->as_string()).substr(first, last - first)));
      const json::array& items = object->as_array();
      return json::value(json::array(items.begin() + static_cast<long>(first), items.begin() + static_cast<long>(last)));
    }
    case Kind::call: {
      auto argument = evaluate(*node.children[0], row);
      if (!argument) return argument;
      if (node.name == "str") return json::value(json::string(python_str(*argument)));
      if (argument->is_string()) return json::value(static_cast<int64_t>(argument->as_string().size()));
      if (argument->is_array()) return json::value(static_cast<int64_t>(argument->as_array().size()));
      if (argument->is_object()) return json::value(static_cast<int64_t>(argument->as_object().size()));
      return make_error("len() of a value without a length");
    }
    case Kind::method: {
      auto object = evaluate(*node.children[0], row);
      if (!object) return object;
      if (node.name == "strip") {
        if (!object->is_string() || node.children.size() != 1) return make_error(".strip() needs a string and no arguments");
        std::string_view text = object->as_string();
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
        return json::value(json::string(text));
      }
      if (!object->is_object() || node.children.size() < 2 || node.children.size() > 3) return make_error(".get() needs an object and a key");
      auto key = evaluate(*node.children[1], row);
      if (!key) return key;
      if (!key->is_string()) return make_error(".get() needs a string key");
      if (const json::value* found = object->as_object().if_contains(key->as_string())) return *found;
      if (node.children.size() == 3) return evaluate(*node.children[2], row);
      return json::value(nullptr);
    }
    case Kind::binary: return evaluate_binary(node, row);
    case Kind::negation: {
      auto value = evaluate(*node.children[0], row);
      if (!value) return value;
      return json::value(!truthy(*value));
    }
    case Kind::conditional: {
      auto condition = evaluate(*node.children[0], row);
      if (!condition) return condition;
      return evaluate(*node.children[truthy(*condition) ? 1 : 2], row);
    }
  }
  return make_error("unknown expression");
}

}  // namespace

Result<PromptLambda> PromptLambda::parse(const std::string& text) {
  PromptLambda parsed;
  std::string_view source = text;
  while (!source.empty() && std::isspace(static_cast<unsigned char>(source.front()))) source.remove_prefix(1);
  if (!source.starts_with("lambda")) {
    parsed.column_or_text_ = std::string(source);
    parsed.keys_.push_back(parsed.column_or_text_);
    return parsed;
  }
  const size_t colon = source.find(':');
  std::string variable(source.substr(6, colon == std::string_view::npos ? 0 : colon - 6));
  std::erase_if(variable, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (colon == std::string_view::npos || variable.empty() ||
      !std::all_of(variable.begin(), variable.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; })) {
    return make_error("prompt_lambda: expected 'lambda NAME: EXPRESSION', not '" + text + "'");
  }
  auto tokens = tokenize(source.substr(colon + 1));
  if (!tokens) return make_error("prompt_lambda: " + tokens.error() + " in '" + text + "'");
  Parser parser(std::move(*tokens), variable);
  auto root = parser.whole();
  if (!root) {
    return make_error("prompt_lambda: " + root.error() + " in '" + text +
                      "' (supported: subscripts, slices, .get, .strip, len, str, +, comparisons, and/or/not, "
                      "A if C else B, f-strings)");
  }
  parsed.root_ = *root;
  parsed.keys_.assign(parser.keys.begin(), parser.keys.end());
  return parsed;
}

Result<std::string> PromptLambda::apply(const boost::json::value& row) const {
  if (!root_) {
    const json::value* found = row.is_object() ? row.as_object().if_contains(column_or_text_) : nullptr;
    return found != nullptr ? python_str(*found) : column_or_text_;
  }
  auto value = evaluate(*root_, row);
  if (!value) return make_error(value.error());
  return value->is_null() ? std::string() : python_str(*value);
}

}  // namespace genai::workload
