// The bytes the mock sends, in the exact shapes vLLM sends them: chat.completion.chunk and
// text_completion stream chunks, the usage chunk, whole responses, the model list, errors.
// Pure functions, so their shapes are testable without a socket.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace genai::mock {

enum class Endpoint { chat, completions };

struct StreamIdentity {
  Endpoint endpoint = Endpoint::chat;
  std::string id;            // "chatcmpl-7"
  std::string model_json;    // the model name as a JSON string literal, quotes included
  int64_t created = 0;       // unix seconds
};

// The text of output token `index`: a short word with a leading space, as BPE tokens look.
std::string_view token_text(int64_t index);
// The text of `count` tokens from token `first` on.
std::string tokens_text(int64_t first, int64_t count);

// One SSE event ("data: ...\n\n") wrapped as one HTTP/1.1 chunk.
std::string http_chunk(std::string_view payload);
std::string sse_event(std::string_view json);

std::string role_chunk_json(const StreamIdentity& identity);  // chat only: the assistant role, no content
std::string content_chunk_json(const StreamIdentity& identity, std::string_view text, bool last);
std::string usage_chunk_json(const StreamIdentity& identity, int64_t prompt_tokens, int64_t completion_tokens);
std::string whole_response_json(const StreamIdentity& identity, std::string_view text, int64_t prompt_tokens,
                                int64_t completion_tokens);
// /v1/embeddings: `count` small embeddings; /v1/rerank: `count` results, best first (vLLM's shape,
// usage.total_tokens); both with the inputs' token count.
std::string embeddings_json(int64_t count, int64_t prompt_tokens);
std::string rerank_json(int64_t count, int64_t prompt_tokens);

std::string models_json(std::string_view model);
std::string error_json(std::string_view message, std::string_view type, int code);

}  // namespace genai::mock
