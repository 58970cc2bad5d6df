// AWS Bedrock's stream events, delivered by the event-stream framing with their name in
// :event-type: ConverseStream's (contentBlockDelta, metadata, ...) and InvokeModelWithResponseStream's
// `chunk`, whose payload {"bytes": base64} holds the model's own JSON (Claude's Anthropic events,
// Titan's, Llama's). Exceptions (throttlingException, modelStreamErrorException, ...) end the request.
#pragma once

#include <memory>
#include <string_view>

#include "api/backend.h"

namespace genai::api {

enum class BedrockApi { converse, invoke };
// The model family of an InvokeModel body, from its id, as Python genai-bench chooses it.
enum class BedrockFamily { claude, titan, llama, other };
BedrockFamily bedrock_family(std::string_view model_id);

std::unique_ptr<EventDecoder> make_bedrock_decoder(BedrockApi api, BedrockFamily family);

}  // namespace genai::api
