// tiktoken rank files (cl100k_base, o200k_base): "base64(token bytes) rank" per line. The
// pre-tokenization pattern is not in the file; it belongs to the encoding, named by the file.
#include <openssl/evp.h>

#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "tokenizer/byte_pair_merge.h"
#include "tokenizer/tiktoken.h"
#include "tokenizer/regex_splitter.h"
#include "tokenizer/tokenizer.h"

namespace genai::tokenizer {
namespace {

// The encodings' published pre-tokenization patterns, as OpenAI's tiktoken and js-tiktoken
// (our reference) define them.
constexpr const char* kCl100kPattern =
    R"(('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr const char* kO200kPattern =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// Lookups by string_view without building a std::string per lookup.
struct BytesHash {
  using is_transparent = void;
  size_t operator()(std::string_view bytes) const { return std::hash<std::string_view>{}(bytes); }
};
using RankTable = std::unordered_map<std::string, uint32_t, BytesHash, std::equal_to<>>;

class TiktokenTokenizer final : public Tokenizer {
 public:
  static Result<std::unique_ptr<Tokenizer>> load(const std::string& path, const char* pattern_text) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return make_error("--model-tokenizer: cannot open '" + path + "'");
    auto tokenizer = std::unique_ptr<TiktokenTokenizer>(new TiktokenTokenizer());
    std::string line;
    size_t line_number = 0;
    while (std::getline(file, line)) {
      ++line_number;
      if (line.empty()) continue;
      const size_t space = line.find(' ');
      const std::string where = path + ":" + std::to_string(line_number);
      if (space == std::string::npos) return make_error(where + ": expected 'base64-token rank'");
      std::string bytes(space, '\0');  // decoded is at most as long as base64 text
      const int decoded = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                          reinterpret_cast<const unsigned char*>(line.data()), static_cast<int>(space));
      if (decoded < 0 || space % 4 != 0) return make_error(where + ": the token is not valid base64");
      size_t padding = 0;  // EVP_DecodeBlock counts '=' padding as zero bytes
      for (size_t i = space; i > 0 && line[i - 1] == '='; --i) ++padding;
      if (padding > 2 || padding > static_cast<size_t>(decoded)) return make_error(where + ": the token is not valid base64");
      bytes.resize(static_cast<size_t>(decoded) - padding);
      // Ranks index a table: a plain decimal below kMaxTokenId (no sign, no spaces, no overflow).
      uint32_t rank = 0;
      const std::string_view rank_text = std::string_view(line).substr(space + 1);
      const auto [end, error] = std::from_chars(rank_text.data(), rank_text.data() + rank_text.size(), rank);
      if (error != std::errc() || end != rank_text.data() + rank_text.size() || rank_text.empty()) {
        return make_error(where + ": the rank is not a number");
      }
      if (rank >= kMaxTokenId) return make_error(where + ": rank " + std::string(rank_text) + " is larger than any vocabulary's");
      if (tokenizer->bytes_of_rank_.size() <= rank) tokenizer->bytes_of_rank_.resize(rank + 1);
      tokenizer->bytes_of_rank_[rank] = bytes;
      tokenizer->ranks_.emplace(std::move(bytes), rank);
    }
    if (tokenizer->ranks_.empty()) return make_error("--model-tokenizer: '" + path + "' holds no tokens");
    auto splitter = RegexSplitter::compile(pattern_text);
    if (!splitter) return make_error("internal error: the tiktoken pattern: " + splitter.error());
    tokenizer->splitter_.emplace(std::move(*splitter));
    return std::unique_ptr<Tokenizer>(std::move(tokenizer));
  }

  std::vector<uint32_t> encode(std::string_view raw_text) const override {
    const std::string text = valid_utf8(raw_text);
    std::vector<uint32_t> ids;
    ids.reserve(text.size() / 3);
    const RankLookup rank_of = [this](std::string_view bytes) -> std::optional<uint32_t> {
      auto found = ranks_.find(bytes);
      if (found == ranks_.end()) return std::nullopt;
      return found->second;
    };
    for (std::string_view piece : splitter_->split(text)) byte_pair_encode(piece, rank_of, ids);
    return ids;
  }

  std::string decode(const std::vector<uint32_t>& ids) const override {
    std::string text;
    for (uint32_t id : ids) {
      if (id < bytes_of_rank_.size()) text += bytes_of_rank_[id];
    }
    return text;
  }

 private:
  TiktokenTokenizer() = default;
  RankTable ranks_;
  std::vector<std::string> bytes_of_rank_;
  std::optional<RegexSplitter> splitter_;
};

}  // namespace

Result<std::unique_ptr<Tokenizer>> load_tiktoken(const std::string& path, TiktokenEncoding encoding) {
  return TiktokenTokenizer::load(path, encoding == TiktokenEncoding::o200k_base ? kO200kPattern : kCl100kPattern);
}

}  // namespace genai::tokenizer
