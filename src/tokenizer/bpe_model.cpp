#include "tokenizer/bpe_model.h"

#include <algorithm>
#include <cstdio>
#include <queue>

#include "common/utf8.h"
#include "tokenizer/hf_json.h"
#include "tokenizer/tokenizer.h"

namespace genai::tokenizer::hf {
namespace {

constexpr uint32_t kNone = UINT32_MAX;
// Words up to this many symbols merge by scanning for the lowest rank (fast on short words);
// longer ones (a whole line under Gemma's pre-tokenizer) use a heap, as Hugging Face does.
constexpr size_t kLongWord = 48;

}  // namespace

BpeModel BpeModel::load(simdjson::dom::object model) {
  const std::string_view type = text_field(model, "type", "$.model");
  if (type != "BPE") throw LoadError{"$.model.type: '" + std::string(type) + "' is not supported yet (supported: BPE)"};
  for (const char* affix : {"continuing_subword_prefix", "end_of_word_suffix"}) {
    std::string_view value;
    if (!model[affix].get(value) && !value.empty()) {
      throw LoadError{std::string("$.model.") + affix + ": a non-empty value is not supported yet"};
    }
  }
  double dropout = 0;
  if (!model["dropout"].get(dropout) && dropout > 0) throw LoadError{"$.model.dropout: BPE dropout is random; not supported"};
  BpeModel bpe;
  bpe.byte_fallback_ = flag(model, "byte_fallback");
  bpe.ignore_merges_ = flag(model, "ignore_merges");
  bpe.fuse_unknown_ = flag(model, "fuse_unk");
  simdjson::dom::object vocab;
  if (model["vocab"].get(vocab)) throw LoadError{"$.model.vocab: expected an object"};
  bpe.load_vocabulary(vocab);
  std::string_view unknown;
  if (!model["unk_token"].get(unknown)) bpe.unknown_id_ = bpe.id_of(unknown);
  simdjson::dom::array merges;
  if (model["merges"].get(merges)) throw LoadError{"$.model.merges: expected an array"};
  bpe.load_merges(merges);
  return bpe;
}

void BpeModel::load_vocabulary(simdjson::dom::object vocab) {
  size_t total = 0, id_limit = 0;
  for (auto [token, id_value] : vocab) {  // first pass: sizes, so the views never move
    uint64_t id = 0;
    if (id_value.get(id) || id >= kNone) throw LoadError{"$.model.vocab['" + std::string(token) + "']: expected an id"};
    if (id >= kMaxTokenId) throw LoadError{"$.model.vocab['" + std::string(token) + "']: id " + std::to_string(id) + " is larger than any vocabulary's"};
    total += token.size();
    id_limit = std::max<size_t>(id_limit, id + 1);
  }
  token_text_.resize(total);
  token_of_id_.resize(id_limit);
  vocab_.reserve(vocab.size());
  size_t offset = 0;
  for (auto [token, id_value] : vocab) {
    const uint64_t id = id_value.get_uint64().value_unsafe();
    std::copy(token.begin(), token.end(), token_text_.begin() + static_cast<std::ptrdiff_t>(offset));
    const std::string_view stored(token_text_.data() + offset, token.size());
    offset += token.size();
    token_of_id_[id] = stored;
    vocab_.emplace(stored, static_cast<uint32_t>(id));
  }
  std::fill(std::begin(ascii_id_), std::end(ascii_id_), kNone);
  for (int c = 0; c < 128; ++c) {
    const char text = static_cast<char>(c);
    if (auto id = id_of(std::string_view(&text, 1))) ascii_id_[c] = *id;
  }
  std::fill(std::begin(byte_token_), std::end(byte_token_), kNone);
  for (int byte = 0; byte < 256; ++byte) {
    char name[8];
    std::snprintf(name, sizeof name, "<0x%02X>", byte);
    if (auto id = id_of(name)) byte_token_[byte] = *id;
  }
}

void BpeModel::load_merges(simdjson::dom::array merges) {
  merges_.reserve(merges.size());
  std::string joined;
  uint32_t rank = 0;
  for (simdjson::dom::element merge : merges) {
    auto path = [rank] { return "$.model.merges[" + std::to_string(rank) + "]"; };  // only for errors: 500k merges
    std::string_view left, right, both;
    simdjson::dom::array pair;
    if (!merge.get(both)) {  // the older format: "left right"
      const size_t space = both.find(' ');
      if (space == std::string_view::npos || both.find(' ', space + 1) != std::string_view::npos) {
        throw LoadError{path() + ": expected \"a b\" with one space"};
      }
      left = both.substr(0, space);
      right = both.substr(space + 1);
    } else if (merge.get(pair) || pair.size() != 2 || pair.at(0).get(left) || pair.at(1).get(right)) {
      throw LoadError{path() + ": expected \"a b\" or [\"a\", \"b\"]"};
    }
    joined.assign(left).append(right);
    const auto left_id = id_of(left), right_id = id_of(right), merged_id = id_of(joined);
    if (!left_id || !right_id || !merged_id) {
      throw LoadError{path() + ": '" + std::string(!left_id ? left : !right_id ? right : std::string_view(joined)) +
                      "' is not in the vocabulary"};
    }
    merges_.emplace(pair_key(*left_id, *right_id), Merge{rank, *merged_id});  // the first listing wins
    ++rank;
  }
}

std::optional<uint32_t> BpeModel::id_of(std::string_view token) const {
  auto found = vocab_.find(token);
  if (found == vocab_.end()) return std::nullopt;
  return found->second;
}

void BpeModel::encode_word(std::string_view word, std::vector<uint32_t>& ids) const {
  if (word.empty()) return;
  if (ignore_merges_) {
    if (auto whole = id_of(word)) {
      ids.push_back(*whole);
      return;
    }
  }
  std::vector<uint32_t> symbols;
  word_symbols(word, symbols);
  if (symbols.size() > kLongWord) {
    merge_long(symbols);
  } else {
    merge(symbols);
  }
  ids.insert(ids.end(), symbols.begin(), symbols.end());
}

// One symbol per character; a character outside the vocabulary becomes its <0xXX> byte tokens
// (with byte_fallback and all of them present), else the unknown token (runs of them fused into
// one with fuse_unk), else nothing, as in Hugging Face's BPE.
void BpeModel::word_symbols(std::string_view word, std::vector<uint32_t>& symbols) const {
  symbols.reserve(word.size());
  bool unknown_pending = false;
  for (size_t at = 0; at < word.size();) {
    const size_t length = std::max<size_t>(1, utf8_sequence_length(word, at));
    const std::string_view character = word.substr(at, length);
    at += length;
    const auto lead = static_cast<unsigned char>(character[0]);
    std::optional<uint32_t> id = lead < 128 ? (ascii_id_[lead] == kNone ? std::nullopt : std::optional(ascii_id_[lead]))
                                            : id_of(character);
    if (id) {
      if (unknown_pending) symbols.push_back(*unknown_id_);
      unknown_pending = false;
      symbols.push_back(*id);
      continue;
    }
    if (byte_fallback_ && std::all_of(character.begin(), character.end(),
                                      [&](char byte) { return byte_token_[static_cast<unsigned char>(byte)] != kNone; })) {
      for (char byte : character) symbols.push_back(byte_token_[static_cast<unsigned char>(byte)]);
      continue;
    }
    if (!unknown_id_) continue;
    if (unknown_pending && !fuse_unknown_) symbols.push_back(*unknown_id_);
    unknown_pending = true;
  }
  if (unknown_pending) symbols.push_back(*unknown_id_);
}

void BpeModel::merge(std::vector<uint32_t>& symbols) const {
  size_t count = symbols.size();
  if (count < 2) return;
  Merge pairs[kLongWord];  // pairs[i]: merging symbols i and i + 1
  auto pair_at = [&](size_t i) {
    auto found = merges_.find(pair_key(symbols[i], symbols[i + 1]));
    return found == merges_.end() ? Merge{kNone, kNone} : found->second;
  };
  for (size_t i = 0; i + 1 < count; ++i) pairs[i] = pair_at(i);
  while (count > 1) {
    size_t at = 0;
    for (size_t i = 1; i + 1 < count; ++i) {
      if (pairs[i].rank < pairs[at].rank) at = i;
    }
    if (pairs[at].rank == kNone) break;
    symbols[at] = pairs[at].merged_id;
    std::copy(symbols.begin() + static_cast<std::ptrdiff_t>(at) + 2, symbols.begin() + static_cast<std::ptrdiff_t>(count),
              symbols.begin() + static_cast<std::ptrdiff_t>(at) + 1);
    if (at + 2 < count) std::copy(pairs + at + 2, pairs + count - 1, pairs + at + 1);
    --count;
    if (at + 1 < count) pairs[at] = pair_at(at);
    if (at > 0) pairs[at - 1] = pair_at(at - 1);
  }
  symbols.resize(count);
}

void BpeModel::merge_long(std::vector<uint32_t>& symbols) const {
  struct Candidate {
    uint32_t rank, position, merged_id;
    bool operator>(const Candidate& other) const {
      return rank != other.rank ? rank > other.rank : position > other.position;
    }
  };
  const auto count = static_cast<uint32_t>(symbols.size());
  std::vector<uint32_t> next(count), previous(count);
  std::vector<bool> alive(count, true);
  for (uint32_t i = 0; i < count; ++i) {
    next[i] = i + 1 < count ? i + 1 : kNone;
    previous[i] = i > 0 ? i - 1 : kNone;
  }
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
  auto consider = [&](uint32_t left) {
    if (left == kNone || next[left] == kNone) return;
    auto found = merges_.find(pair_key(symbols[left], symbols[next[left]]));
    if (found != merges_.end()) queue.push({found->second.rank, left, found->second.merged_id});
  };
  for (uint32_t i = 0; i + 1 < count; ++i) consider(i);
  while (!queue.empty()) {
    const Candidate top = queue.top();
    queue.pop();
    const uint32_t right = next[top.position];
    if (!alive[top.position] || right == kNone) continue;
    // A stale candidate: one of its symbols has merged since (a pair's merged token names it).
    auto found = merges_.find(pair_key(symbols[top.position], symbols[right]));
    if (found == merges_.end() || found->second.merged_id != top.merged_id) continue;
    symbols[top.position] = top.merged_id;
    alive[right] = false;
    next[top.position] = next[right];
    if (next[right] != kNone) previous[next[right]] = top.position;
    consider(previous[top.position]);
    consider(top.position);
  }
  size_t kept = 0;
  for (uint32_t i = 0; i < count; ++i) {
    if (alive[i]) symbols[kept++] = symbols[i];
  }
  symbols.resize(kept);
}

}  // namespace genai::tokenizer::hf
