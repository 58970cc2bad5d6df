#include "tokenizer/unigram_model.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

#include "common/utf8.h"
#include "tokenizer/hf_json.h"
#include "tokenizer/tokenizer.h"

namespace genai::tokenizer::hf {
namespace {

constexpr uint32_t kNoEntry = UINT32_MAX;
constexpr double kUnknownPenalty = 10.0;  // Hugging Face's K_UNK_PENALTY, sentencepiece's kUnkPenalty

// A score as Hugging Face holds it: serde_json, in its default build, reads a decimal number as
// (double)digits / 10^k (or * 10^k), two roundings, so about one score in four is a unit in the
// last place from the correctly rounded value simdjson gives; Viterbi sums then break near-ties
// the other way. The file's text is the shortest form of the correctly rounded double (both
// serde_json and Python write that), so that text is rebuilt here and read serde_json's way.
double as_serde_json_reads(double value) {
  static const std::array<double, 309> kPowersOfTen = [] {
    std::array<double, 309> powers{};
    for (size_t k = 0; k < powers.size(); ++k) powers[k] = std::strtod(("1e" + std::to_string(k)).c_str(), nullptr);
    return powers;
  }();
  char text[64];
  const auto written = std::to_chars(text, text + sizeof text, value);
  if (written.ec != std::errc()) return value;
  uint64_t digits = 0;
  int exponent = 0;
  bool negative = false, fraction = false;
  for (const char* at = text; at < written.ptr; ++at) {
    if (*at == '-') {
      negative = true;
    } else if (*at == '.') {
      fraction = true;
    } else if (*at == 'e') {
      int power = 0;
      std::from_chars(at + 1 + (at[1] == '+'), written.ptr, power);
      exponent += power;
      break;
    } else {
      digits = digits * 10 + static_cast<uint64_t>(*at - '0');  // at most 17 digits: no overflow
      if (fraction) --exponent;
    }
  }
  double result = static_cast<double>(digits);
  while (true) {
    const size_t magnitude = static_cast<size_t>(exponent < 0 ? -exponent : exponent);
    if (magnitude < kPowersOfTen.size()) {
      result = exponent >= 0 ? result * kPowersOfTen[magnitude] : result / kPowersOfTen[magnitude];
      break;
    }
    if (result == 0 || exponent >= 0) break;  // (a positive exponent past 308 is no finite score)
    result /= 1e308;
    exponent += 308;
  }
  return negative ? -result : result;
}

}  // namespace

std::unique_ptr<UnigramModel> UnigramModel::load(simdjson::dom::object model) {
  auto unigram = std::make_unique<UnigramModel>();
  simdjson::dom::array vocab;
  if (model["vocab"].get(vocab)) throw LoadError{"$.model.vocab: expected an array of [token, score]"};
  if (vocab.size() >= kMaxTokenId) throw LoadError{"$.model.vocab: larger than any vocabulary's"};
  std::vector<std::pair<std::string_view, uint32_t>> entries;
  entries.reserve(vocab.size());
  unigram->scores_.reserve(vocab.size());
  double lowest = std::numeric_limits<double>::infinity();
  for (simdjson::dom::element entry : vocab) {
    const auto id = static_cast<uint32_t>(entries.size());
    simdjson::dom::array pair;
    std::string_view text;
    double score = 0;
    if (entry.get(pair) || pair.size() != 2 || pair.at(0).get(text) || pair.at(1).get(score)) {
      throw LoadError{"$.model.vocab[" + std::to_string(id) + "]: expected [token, score]"};
    }
    entries.emplace_back(text, id);
    score = as_serde_json_reads(score);
    unigram->scores_.push_back(score);
    lowest = std::min(lowest, score);
  }
  unigram->vocab_ = TokenTable::build(entries);
  unigram->node_id_.push_back(kNoEntry);
  for (uint32_t id = 0; id < entries.size(); ++id) {
    // Where a text is listed twice, Hugging Face's map (and so its trie lookups) keeps the last id.
    unigram->add_to_trie(entries[id].first, *unigram->vocab_.id_of(entries[id].first));
  }
  uint64_t unknown_id = 0;
  // Hugging Face accepts a missing unk_id and fails the encode that meets an unknown character;
  // refusing the file says it once.
  if (model["unk_id"].get(unknown_id)) throw LoadError{"$.model.unk_id: expected the unknown token's id (null is not supported)"};
  if (unknown_id >= entries.size()) throw LoadError{"$.model.unk_id: " + std::to_string(unknown_id) + " is not in the vocabulary"};
  unigram->unknown_id_ = static_cast<uint32_t>(unknown_id);
  unigram->unknown_score_ = lowest - kUnknownPenalty;
  unigram->byte_fallback_ = flag(model, "byte_fallback");
  for (int byte = 0; byte < 256; ++byte) {
    char name[8];
    std::snprintf(name, sizeof name, "<0x%02X>", byte);
    unigram->byte_token_[byte] = unigram->vocab_.id_of(name).value_or(kNoEntry);
  }
  return unigram;
}

void UnigramModel::add_to_trie(std::string_view text, uint32_t id) {
  uint32_t node = 0;
  for (char byte : text) {
    auto [child, added] = children_.try_emplace(edge(node, static_cast<unsigned char>(byte)), static_cast<uint32_t>(node_id_.size()));
    if (added) node_id_.push_back(kNoEntry);
    node = child->second;
  }
  if (!text.empty()) node_id_[node] = id;
}

void UnigramModel::encode_word(std::string_view word, std::vector<uint32_t>& ids) const {
  if (word.empty()) return;
  struct BestPath {
    uint32_t id = 0;
    double score = 0;      // of the best path ending here
    size_t starts_at = 0;  // where its last piece starts
    bool reached = false;
  };
  thread_local std::vector<BestPath> ends_at;
  ends_at.assign(word.size() + 1, BestPath{});
  for (size_t start = 0; start < word.size();) {
    const double score_here = ends_at[start].score;
    size_t character = utf8_sequence_length(word, start);
    if (character == 0) character = 1;  // not reached: the text is valid UTF-8 by now
    bool has_single_character_piece = false;
    uint32_t node = 0;
    for (size_t end = start; end < word.size();) {
      auto child = children_.find(edge(node, static_cast<unsigned char>(word[end])));
      if (child == children_.end()) break;
      node = child->second;
      ++end;
      const uint32_t id = node_id_[node];
      if (id == kNoEntry) continue;
      BestPath& target = ends_at[end];
      const double candidate = scores_[id] + score_here;
      if (!target.reached || candidate > target.score) target = {id, candidate, start, true};
      if (end - start == character) has_single_character_piece = true;
    }
    if (!has_single_character_piece) {
      BestPath& target = ends_at[start + character];
      const double candidate = unknown_score_ + score_here;
      if (!target.reached || candidate > target.score) target = {unknown_id_, candidate, start, true};
    }
    start += character;
  }
  // Back from the end: pieces in reverse, unknown runs fused (Hugging Face's fuse_unk).
  thread_local std::vector<std::pair<size_t, size_t>> pieces;
  pieces.clear();
  size_t unknown_from = SIZE_MAX, unknown_to = 0;
  for (size_t end = word.size(); end > 0;) {
    const BestPath& node = ends_at[end];
    if (node.id == unknown_id_) {
      if (unknown_from == SIZE_MAX) unknown_to = end;
      unknown_from = node.starts_at;
    } else {
      if (unknown_from != SIZE_MAX) pieces.emplace_back(unknown_from, unknown_to);
      unknown_from = SIZE_MAX;
      pieces.emplace_back(node.starts_at, end);
    }
    end = node.starts_at;
  }
  if (unknown_from != SIZE_MAX) pieces.emplace_back(unknown_from, unknown_to);
  for (auto piece = pieces.rbegin(); piece != pieces.rend(); ++piece) {
    append_ids(word.substr(piece->first, piece->second - piece->first), ids);
  }
}

// A piece's id by its text, as Hugging Face looks it up (a fused run of unknown characters is no
// entry): its bytes' tokens with byte_fallback, else the unknown token.
void UnigramModel::append_ids(std::string_view piece, std::vector<uint32_t>& ids) const {
  if (auto id = vocab_.id_of(piece)) {
    ids.push_back(*id);
    return;
  }
  if (byte_fallback_ &&
      std::all_of(piece.begin(), piece.end(), [&](char byte) { return byte_token_[static_cast<unsigned char>(byte)] != kNoEntry; })) {
    for (char byte : piece) ids.push_back(byte_token_[static_cast<unsigned char>(byte)]);
    return;
  }
  ids.push_back(unknown_id_);
}

}  // namespace genai::tokenizer::hf
