// Decodes OpenAI-compatible responses (vLLM, SGLang, TGI, llama.cpp, Ollama, OpenAI itself):
// stream chunks and whole responses of /v1/chat/completions and /v1/completions, with simdjson's
// on-demand parser reading the event in place.
#pragma once

#include <memory>

#include "api/backend.h"

namespace genai::api {

enum class OpenAiEndpoint { chat, completions };

std::unique_ptr<EventDecoder> make_openai_decoder(OpenAiEndpoint endpoint);

}  // namespace genai::api
