#include "workload/scenario.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

namespace genai::workload {
namespace {

// Reads "(a,b)" at `text` (or "(a)" when `second` is null), advancing it. Non-negative integers
// only, as genai-bench's \d+.
bool read_pair(std::string_view& text, int64_t& first, int64_t* second) {
  auto read_number = [&](int64_t& out) {
    const char* end = text.data() + text.size();
    auto [rest, error] = std::from_chars(text.data(), end, out);
    if (error != std::errc() || rest == text.data() || text.front() == '-' || text.front() == '+') return false;
    text.remove_prefix(static_cast<size_t>(rest - text.data()));
    return true;
  };
  auto expect = [&](char c) {
    if (text.empty() || text.front() != c) return false;
    text.remove_prefix(1);
    return true;
  };
  if (!expect('(') || !read_number(first)) return false;
  if (second != nullptr && (!expect(',') || !read_number(*second))) return false;
  return expect(')');
}

// Reads "(a,b,...)" at `text`, advancing it.
bool read_tuple(std::string_view& text, std::vector<int64_t>& out) {
  if (text.empty() || text.front() != '(') return false;
  text.remove_prefix(1);
  while (true) {
    int64_t value = 0;
    auto [rest, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || rest == text.data() || text.front() == '-' || text.front() == '+') return false;
    text.remove_prefix(static_cast<size_t>(rest - text.data()));
    out.push_back(value);
    if (text.empty()) return false;
    const char separator = text.front();
    text.remove_prefix(1);
    if (separator == ')') return true;
    if (separator != ',') return false;
  }
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace

Result<Scenario> parse_scenario(std::string_view raw_text) {
  const std::string_view text = trim(raw_text);
  const std::string quoted = "'" + std::string(raw_text) + "'";
  const char* forms = " (expected D(in,out), N(mean_in,sd_in)/(mean_out,sd_out), "
                      "U(min_in,max_in)/(min_out,max_out), U(max_in,max_out), E(tokens), "
                      "R(tokens_per_document,tokens_per_query), I(width,height[,images]), A(chars) or dataset)";
  if (text.empty()) return make_error("empty traffic scenario" + std::string(forms));
  if (text == "dataset") {
    Scenario scenario;
    scenario.kind = Scenario::Kind::dataset;
    return scenario;
  }

  Scenario scenario;
  std::string_view rest = text.substr(1);
  switch (text.front()) {
    case 'D': scenario.kind = Scenario::Kind::deterministic; break;
    case 'N': scenario.kind = Scenario::Kind::normal; break;
    case 'U': scenario.kind = Scenario::Kind::uniform; break;
    case 'E': scenario.kind = Scenario::Kind::embedding; break;
    case 'R': scenario.kind = Scenario::Kind::rerank; break;
    case 'I': scenario.kind = Scenario::Kind::image; break;
    case 'A': scenario.kind = Scenario::Kind::audio; break;
    default: return make_error("unknown traffic scenario type in " + quoted + forms);
  }
  if (scenario.kind == Scenario::Kind::image) {  // I(w,h) or I(w,h,n)
    std::vector<int64_t> numbers;
    if (!read_tuple(rest, numbers) || !rest.empty() || numbers.size() < 2 || numbers.size() > 3) {
      return make_error("malformed traffic scenario " + quoted + forms);
    }
    scenario.input_a = numbers[0];
    scenario.input_b = numbers[1];
    scenario.output_a = numbers.size() == 3 ? numbers[2] : 1;
    if (scenario.input_a < 1 || scenario.input_b < 1 || scenario.output_a < 1 || scenario.input_a > 16384 ||
        scenario.input_b > 16384) {
      return make_error("image width and height must be 1-16384 and images at least 1 in " + quoted);
    }
    return scenario;
  }
  if (scenario.kind == Scenario::Kind::audio) {  // A(chars)
    if (!read_pair(rest, scenario.input_a, nullptr) || !rest.empty()) {
      return make_error("malformed traffic scenario " + quoted + forms);
    }
    if (scenario.input_a < 1 || scenario.input_a > kMaxScenarioTokens) {
      return make_error("characters must be 1-" + std::to_string(kMaxScenarioTokens) + " in " + quoted);
    }
    return scenario;
  }
  if (scenario.kind == Scenario::Kind::embedding || scenario.kind == Scenario::Kind::rerank) {
    const bool pair = scenario.kind == Scenario::Kind::rerank;
    if (!read_pair(rest, scenario.input_a, pair ? &scenario.input_b : nullptr) || !rest.empty()) {
      return make_error("malformed traffic scenario " + quoted + forms);
    }
    if (scenario.input_a < 1 || (pair && scenario.input_b < 1)) return make_error("token counts must be at least 1 in " + quoted);
    return scenario;
  }
  if (!read_pair(rest, scenario.input_a, &scenario.input_b)) {
    return make_error("malformed traffic scenario " + quoted + forms);
  }
  bool has_output_pair = false;
  if (!rest.empty() && rest.front() == '/') {
    rest.remove_prefix(1);
    if (!read_pair(rest, scenario.output_a, &scenario.output_b)) {
      return make_error("malformed traffic scenario " + quoted + forms);
    }
    has_output_pair = true;
  }
  if (!rest.empty()) return make_error("unexpected text after traffic scenario " + quoted + forms);
  for (int64_t count : {scenario.input_a, scenario.input_b, scenario.output_a, scenario.output_b}) {
    if (count > kMaxScenarioTokens) {
      return make_error("token counts above " + std::to_string(kMaxScenarioTokens) + " are not supported, in " + quoted);
    }
  }

  switch (scenario.kind) {
    case Scenario::Kind::deterministic:
      if (has_output_pair) return make_error("D takes one pair, D(in,out), in " + quoted);
      scenario.output_a = scenario.input_b;
      scenario.input_b = scenario.output_b = 0;
      if (scenario.input_a < 1 || scenario.output_a < 1) {
        return make_error("token counts must be at least 1 in " + quoted);
      }
      break;
    case Scenario::Kind::normal:
      if (!has_output_pair) return make_error("N needs two pairs, N(mean_in,sd_in)/(mean_out,sd_out), in " + quoted);
      break;
    case Scenario::Kind::uniform:
      if (!has_output_pair) {  // short form U(max_in,max_out): minimums of 1
        scenario.output_b = scenario.input_b;
        scenario.input_b = scenario.input_a;
        scenario.input_a = scenario.output_a = 1;
        scenario.short_uniform = true;
      }
      if (scenario.input_a > scenario.input_b || scenario.output_a > scenario.output_b) {
        return make_error("uniform minimum exceeds maximum in " + quoted);
      }
      break;
    case Scenario::Kind::embedding:
    case Scenario::Kind::rerank:
    case Scenario::Kind::image:
    case Scenario::Kind::audio:
    case Scenario::Kind::dataset:
      break;
  }
  return scenario;
}

TokenLengths Scenario::sample(Random& random) const {
  // Toward zero, as Python's int(); a draw far in a tail is held to the limit (a double beyond
  // int64's range has no int64 value at all).
  auto truncate = [](double value) {
    return static_cast<int64_t>(std::clamp(value, 0.0, static_cast<double>(kMaxScenarioTokens)));
  };
  switch (kind) {
    case Kind::deterministic:
      return {input_a, output_a};
    case Kind::embedding:
    case Kind::rerank:
      return {input_a, 0};  // per text (per document); nothing is generated
    case Kind::audio:
      return {input_a, 0};  // characters of the text to speak
    case Kind::image:
      return {kImagePromptTokens, kImageOutputTokens};
    case Kind::dataset:
      return {0, kDatasetOutputTokens};
    case Kind::normal: {
      std::normal_distribution<double> input(static_cast<double>(input_a), static_cast<double>(input_b));
      std::normal_distribution<double> output(static_cast<double>(output_a), static_cast<double>(output_b));
      const int64_t input_tokens = std::max<int64_t>(1, truncate(input(random)));
      const int64_t output_tokens = std::max<int64_t>(2, truncate(output(random)));
      return {input_tokens, output_tokens};
    }
    case Kind::uniform: {
      // numpy.random.uniform(low, high) draws from [low, high); an empty range returns low.
      auto draw = [&](int64_t low, int64_t high) {
        std::uniform_real_distribution<double> range(static_cast<double>(low), static_cast<double>(std::max(low, high)));
        return truncate(range(random));
      };
      const int64_t input_tokens = std::max<int64_t>(1, draw(input_a, input_b));
      const int64_t output_tokens = std::max<int64_t>(2, draw(output_a, output_b));
      return {input_tokens, output_tokens};
    }
  }
  return {};
}

std::string_view Scenario::task() const {
  if (kind == Kind::embedding) return "text-to-embeddings";
  if (kind == Kind::rerank) return "text-to-rerank";
  if (kind == Kind::image) return "image-text-to-text";
  if (kind == Kind::audio) return "text-to-speech";
  if (kind == Kind::dataset) return "";
  return "text-to-text";
}

bool Scenario::fits_task(std::string_view wanted) const {
  if (kind == Kind::dataset) return true;
  // As Python genai-bench: I(w,h[,n]) gives the images' size and count of every image task.
  if (kind == Kind::image) return wanted == "image-text-to-text" || wanted == "text-to-image" || wanted == "image-to-embeddings";
  return task() == wanted;
}

std::string Scenario::to_string() const {
  auto pair = [](int64_t a, int64_t b) { return "(" + std::to_string(a) + "," + std::to_string(b) + ")"; };
  switch (kind) {
    case Kind::deterministic: return "D" + pair(input_a, output_a);
    case Kind::normal: return "N" + pair(input_a, input_b) + "/" + pair(output_a, output_b);
    case Kind::uniform:
      if (short_uniform) return "U" + pair(input_b, output_b);
      return "U" + pair(input_a, input_b) + "/" + pair(output_a, output_b);
    case Kind::embedding: return "E(" + std::to_string(input_a) + ")";
    case Kind::rerank: return "R" + pair(input_a, input_b);
    case Kind::image:
      return "I(" + std::to_string(input_a) + "," + std::to_string(input_b) +
             (output_a > 1 ? "," + std::to_string(output_a) : std::string()) + ")";
    case Kind::audio: return "A(" + std::to_string(input_a) + ")";
    case Kind::dataset: return "dataset";
  }
  return {};
}

std::string Scenario::file_stem() const {
  std::string stem;
  for (char c : to_string()) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      stem.push_back(c);
    } else if (!stem.empty() && stem.back() != '_') {
      stem.push_back('_');
    }
  }
  while (!stem.empty() && stem.back() == '_') stem.pop_back();
  return stem;
}

}  // namespace genai::workload
