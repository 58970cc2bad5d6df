// Request i of a run, from whichever source the experiment uses: a dataset entry, a trace line, a
// server-generated prompt, or text cut from the corpus to the scenario's length (exactly, with a
// tokenizer); then the shared prefix, if any. Each source sets the prompt, its token count and
// where that count came from.
#include <cstdio>

#include "common/json_escape.h"
#include "load/load_target.h"
#include "net/http_request.h"

namespace genai::load {
namespace {

using workload::Random;

struct PromptChoice {
  api::GenerationRequest generation;
  int64_t input_tokens = 0;
  metrics::CountSource source = metrics::CountSource::estimate;
};

// The prompt's count: with a tokenizer, exact; else the estimate.
void count_prompt(const LoadTarget& target, PromptChoice& choice) {
  if (target.tokenizer != nullptr) {
    choice.input_tokens = static_cast<int64_t>(target.tokenizer->count(choice.generation.prompt));
    choice.source = metrics::CountSource::tokenizer;
  } else {
    choice.input_tokens = workload::estimate_tokens(choice.generation.prompt);
  }
}

const workload::PromptPool* generated_pool(const LoadTarget& target, const workload::Scenario& scenario) {
  if (target.generated_prompts == nullptr) return nullptr;
  auto found = target.generated_prompts->find(scenario.to_string());
  return found == target.generated_prompts->end() || found->second.entries.empty() ? nullptr : &found->second;
}

// An entry without its own length: the scenario's, or under the `dataset` scenario none at all
// where the API allows it (0).
int64_t dataset_default_length(const LoadTarget& target, const workload::Scenario& scenario, const workload::TokenLengths& lengths) {
  const bool none = scenario.kind == workload::Scenario::Kind::dataset && target.dataset_lengths_optional;
  return none ? 0 : lengths.output_tokens;
}

// Python genai-bench's prefix caching (--prefix-len, --prefix-ratio): the shared prefix of the
// request's length, a separator of 4 random hex digits (so what servers cache is exactly the
// prefix), then the request's own text, to `input_tokens` in all. False where no prefix applies.
bool inline_prefixed_prompt(const LoadTarget& target, int64_t input_tokens, workload::Random& random, PromptChoice& choice) {
  const InlinePrefixes& prefixes = target.inline_prefixes;
  if (!prefixes.enabled()) return false;
  const int64_t length = prefixes.fixed_tokens >= 0 ? prefixes.fixed_tokens
                                                    : static_cast<int64_t>(static_cast<double>(input_tokens) * prefixes.ratio);
  const auto found = prefixes.by_length.find(length);
  if (length <= 0 || found == prefixes.by_length.end()) return false;
  char separator[8];
  std::snprintf(separator, sizeof separator, "%04x", static_cast<unsigned>(random() & 0xFFFF));
  const tokenizer::Tokenizer* tokenizer = target.tokenizer;
  const int64_t separator_tokens = tokenizer != nullptr ? static_cast<int64_t>(tokenizer->count(separator))
                                                        : workload::estimate_tokens(separator);
  const int64_t rest = input_tokens - found->second.tokens - separator_tokens;
  std::string prompt = found->second.text + separator;
  if (rest > 0) {
    int64_t counted = 0;
    prompt += tokenizer != nullptr ? target.prompts->make_exact_prompt(rest, random, *tokenizer, counted)
                                   : target.prompts->make_prompt(rest, random);
  }
  // Counted whole: tokens may merge across the joins.
  choice.input_tokens = tokenizer != nullptr ? static_cast<int64_t>(tokenizer->count(prompt)) : workload::estimate_tokens(prompt);
  if (tokenizer != nullptr) choice.source = metrics::CountSource::tokenizer;
  choice.generation.prompt = std::move(prompt);
  return true;
}

PromptChoice choose_prompt(const LoadTarget& target, const workload::Scenario& scenario, uint64_t request_index,
                           workload::Random& random) {
  workload::TokenLengths lengths = scenario.sample(random);
  // As Python genai-bench: a draw shorter than --prefix-len (the tail of N or U) is drawn again.
  for (int again = 0; again < 10 && lengths.input_tokens < target.inline_prefixes.fixed_tokens; ++again) {
    lengths = scenario.sample(random);
  }
  PromptChoice choice;
  choice.generation.max_output_tokens = lengths.output_tokens;
  if (target.dataset != nullptr) {
    const workload::DatasetEntry& entry = target.dataset->entries[target.dataset_sampler->pick(request_index)];
    choice.generation.prompt = entry.prompt;
    choice.generation.messages_json = entry.messages_json;
    choice.generation.max_output_tokens = entry.output_tokens.value_or(dataset_default_length(target, scenario, lengths));
    count_prompt(target, choice);
  } else if (target.trace != nullptr && request_index < target.trace->requests.size()) {
    const workload::TraceRequest& line = target.trace->requests[request_index];
    choice.generation.prompt = target.trace_prompts->build(line, request_index, choice.input_tokens);
    choice.generation.max_output_tokens = line.output_length;
    if (target.tokenizer != nullptr) choice.source = metrics::CountSource::tokenizer;
  } else if (const workload::PromptPool* pool = generated_pool(target, scenario)) {
    const workload::PromptPool::Entry& entry = pool->entries[request_index % pool->entries.size()];
    choice.generation.prompt = entry.prompt;
    choice.input_tokens = entry.generated_tokens;
    choice.source = metrics::CountSource::generated;
  } else if (inline_prefixed_prompt(target, lengths.input_tokens, random, choice)) {
    // the prompt is made
  } else if (target.tokenizer != nullptr) {
    choice.generation.prompt =
        target.prompts->make_exact_prompt(lengths.input_tokens, random, *target.tokenizer, choice.input_tokens);
    choice.source = metrics::CountSource::tokenizer;
  } else {
    choice.generation.prompt = target.prompts->make_prompt(lengths.input_tokens, random);
    choice.input_tokens = workload::estimate_tokens(choice.generation.prompt);
  }
  return choice;
}

// Embeddings: batch_size texts of the scenario's tokens each; rerank: a query and batch_size
// documents. Counted together; `prompt` holds them all (for the record's input_chars). With the
// `dataset` scenario the texts are the dataset's entries as they are (the query first).
PromptChoice pooling_inputs(const LoadTarget& target, const RunPlan& plan, uint64_t request_index, workload::Random& random) {
  PromptChoice choice;
  const bool from_dataset = plan.scenario.kind == workload::Scenario::Kind::dataset;
  const bool rerank = from_dataset ? target.task == "text-to-rerank" : plan.scenario.kind == workload::Scenario::Kind::rerank;
  const auto texts = static_cast<uint64_t>(std::max<int64_t>(1, plan.batch_size)) + (rerank ? 1 : 0);
  uint64_t taken = 0;
  auto text = [&](int64_t tokens) {
    int64_t counted = 0;
    std::string made;
    if (from_dataset) {
      made = target.dataset->entries[target.dataset_sampler->pick(request_index * texts + taken++)].prompt;
      counted = target.tokenizer != nullptr ? static_cast<int64_t>(target.tokenizer->count(made)) : 0;
    } else {
      made = target.tokenizer != nullptr ? target.prompts->make_exact_prompt(tokens, random, *target.tokenizer, counted)
                                         : target.prompts->make_prompt(tokens, random);
    }
    choice.input_tokens += target.tokenizer != nullptr ? counted : workload::estimate_tokens(made);
    choice.generation.prompt += made;
    return made;
  };
  if (rerank) choice.generation.query = text(plan.scenario.input_b);
  for (int64_t i = 0; i < std::max<int64_t>(1, plan.batch_size); ++i) choice.generation.inputs.push_back(text(plan.scenario.input_a));
  if (target.tokenizer != nullptr) choice.source = metrics::CountSource::tokenizer;
  return choice;
}

// An image dataset's entries (Python genai-bench's image sampler): one entry per image asked for
// (the `dataset` scenario: one; I(w,h,n): n), their texts joined by spaces, their images as the
// dataset has them (not resized to the scenario's size). Output: the entry's own length, else the
// scenario's.
PromptChoice dataset_image_request(const LoadTarget& target, const RunPlan& plan, uint64_t request_index,
                                   workload::Random& random) {
  const bool one = plan.scenario.kind == workload::Scenario::Kind::dataset;
  const auto images = static_cast<uint64_t>(one ? 1 : std::max<int64_t>(1, plan.scenario.output_a));
  PromptChoice choice;
  std::string text, parts;
  for (uint64_t i = 0; i < images; ++i) {
    const workload::DatasetEntry& entry = target.dataset->entries[target.dataset_sampler->pick(request_index * images + i)];
    text += (i == 0 ? "" : " ") + entry.prompt;
    for (const std::string& url : entry.image_urls) {
      parts += ",{\"type\":\"image_url\",\"image_url\":{\"url\":";
      append_json_string(parts, url);
      parts += "}}";
    }
    if (one) {
      choice.generation.max_output_tokens =
          entry.output_tokens.value_or(target.dataset_lengths_optional ? 0 : workload::kDatasetOutputTokens);
    }
  }
  if (!one) choice.generation.max_output_tokens = plan.scenario.sample(random).output_tokens;
  choice.generation.prompt = text;
  count_prompt(target, choice);
  std::string content = "[{\"type\":\"text\",\"text\":";
  append_json_string(content, text);
  choice.generation.messages_json = "[{\"role\":\"user\",\"content\":" + content + "}" + parts + "]}]";
  return choice;
}

// Image-text-to-text: one user message whose content is a short text prompt and the scenario's
// images (data URLs of its size, picked by request index). Counted: the text only (servers count
// image tokens their own way; records take their usage).
PromptChoice image_request(const LoadTarget& target, const RunPlan& plan, uint64_t request_index,
                           workload::Random& random) {
  const bool dataset_images = target.dataset != nullptr && !target.dataset->entries.front().image_urls.empty();
  if (dataset_images) return dataset_image_request(target, plan, request_index, random);
  PromptChoice choice = choose_prompt(target, plan.scenario, request_index, random);
  std::string content = "[{\"type\":\"text\",\"text\":";
  append_json_string(content, choice.generation.prompt);
  content += "}";
  const auto width = static_cast<uint32_t>(plan.scenario.input_a), height = static_cast<uint32_t>(plan.scenario.input_b);
  for (int64_t i = 0; i < plan.scenario.output_a; ++i) {
    content += ",{\"type\":\"image_url\",\"image_url\":{\"url\":\"";
    content += target.images->url(width, height, request_index * static_cast<uint64_t>(plan.scenario.output_a) + static_cast<uint64_t>(i));
    content += "\"}}";
  }
  choice.generation.messages_json = "[{\"role\":\"user\",\"content\":" + content + "]}]";
  return choice;
}

// `text` cut to its first `chars` characters (code points, as Python's len() counts them); false
// when it has fewer.
bool cut_to_characters(std::string& text, int64_t chars) {
  int64_t seen = 0;
  for (size_t at = 0; at < text.size(); ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) continue;  // inside a character
    if (seen++ == chars) {
      text.resize(at);
      return true;
    }
  }
  return seen == chars;
}

// Text-to-speech: A(chars) speaks a text of exactly that many characters cut from the corpus (as
// Python genai-bench cuts its dataset's lines); the `dataset` scenario, an entry as it is.
PromptChoice speech_request(const LoadTarget& target, const RunPlan& plan, uint64_t request_index, workload::Random& random) {
  if (plan.scenario.kind != workload::Scenario::Kind::audio) return choose_prompt(target, plan.scenario, request_index, random);
  const int64_t chars = plan.scenario.input_a;
  PromptChoice choice;
  // 4 bytes an estimated token: enough for ASCII text; a text of wider characters is cut longer.
  choice.generation.prompt = target.prompts->make_prompt((chars + 3) / 4, random);
  if (!cut_to_characters(choice.generation.prompt, chars)) {
    choice.generation.prompt = target.prompts->make_prompt(chars, random);
    cut_to_characters(choice.generation.prompt, chars);
  }
  count_prompt(target, choice);
  return choice;
}

// Text-to-image: a prompt (the scenario's short text, or a dataset entry), and from I(w,h[,n])
// the size "WxH" and n images; the `dataset` scenario asks for one image of the server's size.
PromptChoice image_generation_request(const LoadTarget& target, const RunPlan& plan, uint64_t request_index,
                                      workload::Random& random) {
  PromptChoice choice = choose_prompt(target, plan.scenario, request_index, random);
  if (plan.scenario.kind == workload::Scenario::Kind::image) {
    choice.generation.image_size = std::to_string(plan.scenario.input_a) + "x" + std::to_string(plan.scenario.input_b);
    choice.generation.image_count = plan.scenario.output_a;
  }
  return choice;
}

// Image-to-embeddings: the scenario's n synthetic images, or an image dataset's entries (one per
// image asked for; `dataset`: one entry, all its images). No text, so no count of our own: the
// server's usage gives the input tokens.
PromptChoice image_embedding_request(const LoadTarget& target, const RunPlan& plan, uint64_t request_index) {
  PromptChoice choice;
  choice.source = metrics::CountSource::none;
  const bool one = plan.scenario.kind == workload::Scenario::Kind::dataset;
  const auto images = static_cast<uint64_t>(one ? 1 : std::max<int64_t>(1, plan.scenario.output_a));
  const bool dataset_images = target.dataset != nullptr && !target.dataset->entries.front().image_urls.empty();
  for (uint64_t i = 0; i < images; ++i) {
    if (dataset_images) {
      const workload::DatasetEntry& entry = target.dataset->entries[target.dataset_sampler->pick(request_index * images + i)];
      for (const std::string& url : entry.image_urls) choice.generation.images.push_back(url);
    } else {
      const auto width = static_cast<uint32_t>(plan.scenario.input_a), height = static_cast<uint32_t>(plan.scenario.input_b);
      choice.generation.images.push_back(target.images->url(width, height, request_index * images + i));
    }
  }
  return choice;
}

// --shared-prefix-tokens: one of the shared prefixes (round-robin by request index) goes first:
// a system message for chat, a first paragraph for completions. Its tokens are added to the count.
void add_shared_prefix(const LoadTarget& target, uint64_t request_index, PromptChoice& choice) {
  if (target.shared_prefixes.empty()) return;
  const SharedPrefix& prefix = target.shared_prefixes[request_index % target.shared_prefixes.size()];
  api::GenerationRequest& generation = choice.generation;
  std::string system = "{\"role\":\"system\",\"content\":";
  append_json_string(system, prefix.text);
  system += "}";
  if (generation.messages_json.size() > 2) {
    generation.messages_json = "[" + system + "," + generation.messages_json.substr(1);
  } else {
    std::string user = "{\"role\":\"user\",\"content\":";
    append_json_string(user, generation.prompt);
    generation.messages_json = "[" + system + "," + user + "}]";
  }
  generation.prompt = prefix.text + "\n" + generation.prompt;
  choice.input_tokens += prefix.tokens;
}

PreparedRequest serialize(const LoadTarget& target, const PromptChoice& choice, uint32_t run_index, uint64_t request_index) {
  api::HttpRequestSpec spec = target.backend->build_request(choice.generation);
  api::Headers with_id;
  if (target.send_request_ids) {
    with_id = *spec.headers;
    with_id.emplace_back("X-Request-Id", std::to_string(run_index) + "." + std::to_string(request_index));
    spec.headers = &with_id;
  }
  PreparedRequest prepared;
  prepared.estimated_input_tokens = choice.input_tokens;
  prepared.input_count_source = choice.source;
  prepared.prompt_chars = static_cast<int64_t>(choice.generation.prompt.size());
  if (target.authorizer == nullptr) {
    prepared.bytes = net::serialize_request(spec.method, spec.target, target.host_header, *spec.headers, spec.body);
    return prepared;
  }
  auto parts = std::make_shared<RequestParts>(
      RequestParts{std::string(spec.method), std::string(spec.target), *spec.headers, std::move(spec.body)});
  prepared.authorized_at = std::chrono::system_clock::now();
  Result<std::string> bytes = serialize_authorized(*parts, target.host_header, *target.authorizer, prepared.authorized_at);
  if (bytes) {
    prepared.bytes = std::move(*bytes);
  } else {
    prepared.authorization_error = bytes.error();
  }
  prepared.parts = std::move(parts);
  return prepared;
}

}  // namespace

PreparedRequest prepare_request(const LoadTarget& target, const RunPlan& plan, uint64_t request_index) {
  Random random(Random::mix(Random::mix(Random::mix(target.seed) ^ plan.run_index) ^ request_index));
  using Kind = workload::Scenario::Kind;
  const Kind kind = plan.scenario.kind;
  // The `dataset` scenario's requests are the task's.
  const bool dataset = kind == Kind::dataset;
  const bool pooling = dataset ? target.task == "text-to-embeddings" || target.task == "text-to-rerank"
                               : kind == Kind::embedding || kind == Kind::rerank;
  // I(w,h[,n]) serves three tasks, A(chars) one: the task says which request to make.
  const std::string& task = target.task;
  const bool image = dataset ? task == "image-text-to-text" : kind == Kind::image;
  PromptChoice choice = task == "text-to-image"         ? image_generation_request(target, plan, request_index, random)
                        : task == "text-to-speech"      ? speech_request(target, plan, request_index, random)
                        : task == "image-to-embeddings" ? image_embedding_request(target, plan, request_index)
                        : pooling                       ? pooling_inputs(target, plan, request_index, random)
                        : image                         ? image_request(target, plan, request_index, random)
                                                        : choose_prompt(target, plan.scenario, request_index, random);
  add_shared_prefix(target, request_index, choice);
  return serialize(target, choice, plan.run_index, request_index);
}

PreparedRequest prepare_turn(const LoadTarget& target, const RunPlan& plan, uint64_t request_index,
                             const Conversation& conversation, std::string& user_message) {
  Random random(Random::mix(Random::mix(Random::mix(target.seed) ^ plan.run_index) ^ request_index));
  PromptChoice choice = choose_prompt(target, plan.scenario, request_index, random);
  user_message = choice.generation.prompt;
  choice.generation.messages_json = conversation.messages_with(user_message);
  choice.generation.prompt = conversation.text_with(user_message);
  count_prompt(target, choice);  // the whole conversation is the turn's input
  return serialize(target, choice, plan.run_index, request_index);
}

}  // namespace genai::load
