#include "mock/openai_mock_responses.h"

#include <array>
#include <cstdio>

#include "common/json_escape.h"

namespace genai::mock {
namespace {

constexpr std::array<std::string_view, 16> kWords = {
    " the", " model", " writes", " one", " token", " at", " a", " time", " and",
    " every", " token", " is", " counted", " with", " care", "."};

std::string usage_object(int64_t prompt_tokens, int64_t completion_tokens) {
  return "{\"prompt_tokens\":" + std::to_string(prompt_tokens) + ",\"total_tokens\":" +
         std::to_string(prompt_tokens + completion_tokens) + ",\"completion_tokens\":" +
         std::to_string(completion_tokens) + "}";
}

std::string head(const StreamIdentity& identity, std::string_view object) {
  return "{\"id\":\"" + identity.id + "\",\"object\":\"" + std::string(object) + "\",\"created\":" +
         std::to_string(identity.created) + ",\"model\":" + identity.model_json;
}

}  // namespace

std::string_view token_text(int64_t index) { return kWords[static_cast<size_t>(index) % kWords.size()]; }

std::string tokens_text(int64_t first, int64_t count) {
  std::string text;
  for (int64_t i = first; i < first + count; ++i) text += token_text(i);
  return text;
}

std::string http_chunk(std::string_view payload) {
  char size_line[32];
  const int length = std::snprintf(size_line, sizeof size_line, "%zx\r\n", payload.size());
  std::string chunk;
  chunk.reserve(payload.size() + static_cast<size_t>(length) + 2);
  chunk.append(size_line, static_cast<size_t>(length)).append(payload).append("\r\n");
  return chunk;
}

std::string sse_event(std::string_view json) {
  std::string event;
  event.reserve(json.size() + 8);
  event.append("data: ").append(json).append("\n\n");
  return event;
}

std::string role_chunk_json(const StreamIdentity& identity) {
  return head(identity, "chat.completion.chunk") +
         ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,"
         "\"finish_reason\":null}]}";
}

std::string content_chunk_json(const StreamIdentity& identity, std::string_view text, bool last) {
  const std::string finish = last ? "\"length\"" : "null";
  if (identity.endpoint == Endpoint::chat) {
    return head(identity, "chat.completion.chunk") + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" +
           std::string(text) + "\"},\"logprobs\":null,\"finish_reason\":" + finish + "}]}";
  }
  return head(identity, "text_completion") + ",\"choices\":[{\"index\":0,\"text\":\"" + std::string(text) +
         "\",\"logprobs\":null,\"finish_reason\":" + finish + ",\"stop_reason\":null}]}";
}

std::string usage_chunk_json(const StreamIdentity& identity, int64_t prompt_tokens, int64_t completion_tokens) {
  const char* object = identity.endpoint == Endpoint::chat ? "chat.completion.chunk" : "text_completion";
  return head(identity, object) + ",\"choices\":[],\"usage\":" + usage_object(prompt_tokens, completion_tokens) + "}";
}

std::string whole_response_json(const StreamIdentity& identity, std::string_view text, int64_t prompt_tokens,
                                int64_t completion_tokens) {
  if (identity.endpoint == Endpoint::chat) {
    return head(identity, "chat.completion") +
           ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + std::string(text) +
           "\"},\"logprobs\":null,\"finish_reason\":\"length\"}],\"usage\":" +
           usage_object(prompt_tokens, completion_tokens) + "}";
  }
  return head(identity, "text_completion") + ",\"choices\":[{\"index\":0,\"text\":\"" + std::string(text) +
         "\",\"logprobs\":null,\"finish_reason\":\"length\"}],\"usage\":" +
         usage_object(prompt_tokens, completion_tokens) + "}";
}

std::string embeddings_json(int64_t count, int64_t prompt_tokens) {
  std::string json = "{\"object\":\"list\",\"model\":\"mock-model\",\"data\":[";
  for (int64_t i = 0; i < count; ++i) {
    if (i > 0) json += ",";
    json += "{\"object\":\"embedding\",\"index\":" + std::to_string(i) + ",\"embedding\":[0.5,-0.25,0.125,0.0625]}";
  }
  return json + "],\"usage\":{\"prompt_tokens\":" + std::to_string(prompt_tokens) +
         ",\"total_tokens\":" + std::to_string(prompt_tokens) + "}}";
}

std::string rerank_json(int64_t count, int64_t prompt_tokens) {
  std::string json = "{\"id\":\"rerank-mock\",\"model\":\"mock-model\",\"results\":[";
  for (int64_t i = 0; i < count; ++i) {
    if (i > 0) json += ",";
    json += "{\"index\":" + std::to_string(i) + ",\"relevance_score\":" + std::to_string(1.0 / static_cast<double>(i + 1)) + "}";
  }
  return json + "],\"usage\":{\"total_tokens\":" + std::to_string(prompt_tokens) + "}}";
}

std::string models_json(std::string_view model) {
  return "{\"object\":\"list\",\"data\":[{\"id\":\"" + std::string(model) +
         "\",\"object\":\"model\",\"created\":0,\"owned_by\":\"genai-bench-mock\"}]}";
}

std::string error_json(std::string_view message, std::string_view type, int code) {
  std::string json = "{\"error\":{\"message\":";
  append_json_string(json, message);  // it may quote what the client sent (--require-key)
  json += ",\"type\":";
  append_json_string(json, type);
  return json + ",\"param\":null,\"code\":" + std::to_string(code) + "}}";
}

}  // namespace genai::mock
