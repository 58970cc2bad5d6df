// The traffic-scenario grammar of Python genai-bench: how many tokens each request sends and asks
// for. D(in,out) fixed; N(mean_in,sd_in)/(mean_out,sd_out) normal; U(min_in,max_in)/(min_out,max_out)
// and the short U(max_in,max_out) (minimum 1) uniform; for the other tasks, E(tokens) (each text of
// an embeddings request) and R(tokens_per_document,tokens_per_query) (a rerank request's documents
// and its query), I(width,height) or I(width,height,images) (image-text-to-text: each request sends
// that many images of that size with a short text prompt; image-to-embeddings: that many images to
// embed; text-to-image: asks for that many images of that size) and A(chars) (text-to-speech: a
// text of exactly that many characters to speak). Sampling follows genai-bench: normal and
// uniform draws are truncated to integers, input is at least 1 token and output at least 2. And
// `dataset` (any task): requests send the dataset's entries as they are, no length drawn.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "common/result.h"
#include "workload/random.h"

namespace genai::workload {

struct TokenLengths {
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
};

// Image scenarios fix the text around the images: a prompt of this many tokens, and this many
// output tokens asked for.
// No model reads or writes more tokens in one request; larger counts are refused (and draws held
// to it), so lengths stay far from int64's limits.
inline constexpr int64_t kMaxScenarioTokens = 100'000'000;
inline constexpr int64_t kImagePromptTokens = 32;
inline constexpr int64_t kImageOutputTokens = 128;
// The `dataset` scenario's output length for an entry that has none of its own, where the API
// needs one (Anthropic, Bedrock, Vertex, OCI, Cohere). OpenAI-compatible backends send no
// max_tokens there, the server's own limit, as Python genai-bench does.
inline constexpr int64_t kDatasetOutputTokens = 256;

struct Scenario {
  enum class Kind { deterministic, normal, uniform, embedding, rerank, image, audio, dataset };
  Kind kind = Kind::deterministic;
  // deterministic: (input, -, output, -); normal: (mean, sd) pairs; uniform: (min, max) pairs;
  // embedding: (tokens per text, -, -, -); rerank: (tokens per document, tokens per query, -, -);
  // image: (width, height, images per request, -); audio: (characters, -, -, -); dataset: none.
  int64_t input_a = 0, input_b = 0, output_a = 0, output_b = 0;
  bool short_uniform = false;  // written as U(max_in,max_out); kept so it prints back the same

  // Audio scenarios: (characters, 0), not tokens.
  TokenLengths sample(Random& random) const;
  // The task the scenario belongs to first: "text-to-text", "text-to-embeddings", "text-to-rerank",
  // "image-text-to-text" (I also serves text-to-image and image-to-embeddings), "text-to-speech";
  // "" for `dataset`, which belongs to every task.
  std::string_view task() const;
  // Whether requests of `task` can be made from this scenario.
  bool fits_task(std::string_view task) const;
  // As the user would write it: "D(100,100)", "N(480,240)/(300,150)", "U(50,100)/(200,250)".
  std::string to_string() const;
  // For file names, as Python genai-bench names them: "D_100_100", "N_480_240_300_150".
  std::string file_stem() const;
};

Result<Scenario> parse_scenario(std::string_view text);

}  // namespace genai::workload
