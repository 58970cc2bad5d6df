// Loading and applying the post-processor of a tokenizer.json (hf_post_processor.h), after
// Hugging Face's processors/{template,bert,roberta,sequence}.rs.
#include "tokenizer/hf_post_processor.h"

#include "tokenizer/hf_json.h"
#include "tokenizer/tokenizer.h"

namespace genai::tokenizer::hf {
namespace {

uint32_t token_id(simdjson::dom::element value, const std::string& path) {
  uint64_t id = 0;
  if (value.get(id)) throw LoadError{path + ": expected a token id"};
  if (id >= kMaxTokenId) throw LoadError{path + ": " + std::to_string(id) + " is larger than any vocabulary's"};
  return static_cast<uint32_t>(id);
}

// Bert's "cls"/"sep" and Roberta's: ["[CLS]", 101], a token and its id.
uint32_t token_pair_id(simdjson::dom::object settings, const char* key, const std::string& path) {
  simdjson::dom::array pair;
  simdjson::dom::element id;
  const std::string pair_path = path + "." + key;
  if (settings[key].get(pair) || pair.size() != 2 || pair.at(1).get(id)) {
    throw LoadError{pair_path + ": expected [token, id]"};
  }
  return token_id(id, pair_path + "[1]");
}

}  // namespace

PostProcessor PostProcessor::load(simdjson::dom::element settings) {
  PostProcessor processor;
  if (settings.is_null()) return processor;
  simdjson::dom::object object;
  if (settings.get(object)) throw LoadError{"$.post_processor: expected an object or null"};
  for_each_in_sequence(object, "processors", "$.post_processor",
                       [&](simdjson::dom::object step, const std::string& path) { processor.add(step, path); });
  return processor;
}

void PostProcessor::add(simdjson::dom::object settings, const std::string& path) {
  const std::string_view type = text_field(settings, "type", path);
  if (type == "ByteLevel") return;  // trims offsets; the ids stay as they are
  if (type == "TemplateProcessing") return add_template(settings, path);
  if (type != "BertProcessing" && type != "RobertaProcessing") {
    throw LoadError{path + ".type: '" + std::string(type) + "' is not supported yet"};
  }
  // The first part becomes "cls part sep"; later ones "part sep" (Bert) or "sep part sep"
  // (Roberta). Roberta's trim_offsets and add_prefix_space change offsets only.
  const Item cls{-1, {token_pair_id(settings, "cls", path)}};
  const Item sep{-1, {token_pair_id(settings, "sep", path)}};
  Step step;
  for (size_t part = 0; part < parts_; ++part) {
    const Item input{static_cast<int>(part), {}};
    if (part == 0) {
      step.push_back({cls, input, sep});
    } else if (type == "BertProcessing") {
      step.push_back({input, sep});
    } else {
      step.push_back({sep, input, sep});
    }
  }
  steps_.push_back(std::move(step));
}

void PostProcessor::add_template(simdjson::dom::object settings, const std::string& path) {
  // One part takes the "single" template, two the "pair" one; Hugging Face stops on more
  // (todo!()), so such a Sequence is refused.
  if (parts_ == 0 || parts_ > 2) {
    throw LoadError{path + ": a template after a step that leaves " + std::to_string(parts_) +
                    " parts, which Hugging Face cannot apply"};
  }
  const char* key = parts_ == 1 ? "single" : "pair";
  simdjson::dom::object special_tokens;
  if (settings["special_tokens"].get(special_tokens)) throw LoadError{path + ".special_tokens: expected an object"};
  simdjson::dom::array pieces;
  if (settings[key].get(pieces)) throw LoadError{path + "." + key + ": expected an array"};
  Step step;
  size_t index = 0;
  for (simdjson::dom::element entry : pieces) {
    const std::string piece_path = path + "." + key + "[" + std::to_string(index++) + "]";
    simdjson::dom::object piece;
    if (entry.get(piece)) throw LoadError{piece_path + ": expected {\"SpecialToken\": ...} or {\"Sequence\": ...}"};
    simdjson::dom::object body;
    if (!piece["Sequence"].get(body)) {
      const std::string_view id = text_field(body, "id", piece_path + ".Sequence");
      const int input = id == "A" ? 0 : id == "B" ? 1 : -1;
      if (input < 0 || static_cast<size_t>(input) >= parts_) {
        throw LoadError{piece_path + ".Sequence.id: expected " + (parts_ == 1 ? "\"A\"" : "\"A\" or \"B\"")};
      }
      step.push_back({Item{input, {}}});
      continue;
    }
    if (piece["SpecialToken"].get(body)) {
      throw LoadError{piece_path + ": expected {\"SpecialToken\": ...} or {\"Sequence\": ...}"};
    }
    const std::string_view name = text_field(body, "id", piece_path + ".SpecialToken");
    // The ids come from special_tokens, as in Hugging Face, which refuses a template naming a
    // token missing there.
    simdjson::dom::object token;
    const std::string token_path = path + ".special_tokens[\"" + std::string(name) + "\"]";
    if (special_tokens[name].get(token)) throw LoadError{token_path + ": missing (named by " + piece_path + ")"};
    simdjson::dom::array ids;
    if (token["ids"].get(ids)) throw LoadError{token_path + ".ids: expected an array"};
    Item special;
    size_t id_index = 0;
    for (simdjson::dom::element id : ids) {
      special.ids.push_back(token_id(id, token_path + ".ids[" + std::to_string(id_index++) + "]"));
    }
    step.push_back({std::move(special)});
  }
  parts_ = step.size();
  steps_.push_back(std::move(step));
}

std::vector<uint32_t> PostProcessor::apply(std::vector<uint32_t> content) const {
  std::vector<std::vector<uint32_t>> parts{std::move(content)};
  for (const Step& step : steps_) {
    std::vector<std::vector<uint32_t>> next(step.size());
    for (size_t index = 0; index < step.size(); ++index) {
      for (const Item& item : step[index]) {
        const std::vector<uint32_t>& ids = item.input >= 0 ? parts[static_cast<size_t>(item.input)] : item.ids;
        next[index].insert(next[index].end(), ids.begin(), ids.end());
      }
    }
    parts = std::move(next);
  }
  std::vector<uint32_t> ids;
  for (const std::vector<uint32_t>& part : parts) ids.insert(ids.end(), part.begin(), part.end());
  return ids;
}

}  // namespace genai::tokenizer::hf
