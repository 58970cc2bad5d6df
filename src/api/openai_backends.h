// Constructors of the OpenAI-compatible backends; make_backend() chooses among them.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <string>

#include "api/backend.h"

namespace genai::api {

// Where an OpenAI-compatible request goes and how it is authorised, when not the OpenAI way
// (/v1/... under --api-base, Authorization: Bearer): Azure OpenAI differs only here.
struct OpenAiRoute {
  std::string target;  // path and query
  Headers headers;
};

std::unique_ptr<Backend> make_openai_chat(BackendOptions options, const boost::json::object& extra_body,
                                          std::optional<OpenAiRoute> route = std::nullopt);
std::unique_ptr<Backend> make_openai_completions(BackendOptions options, const boost::json::object& extra_body);
std::unique_ptr<Backend> make_openai_embeddings(BackendOptions options, const boost::json::object& extra_body,
                                                std::optional<OpenAiRoute> route = std::nullopt);
std::unique_ptr<Backend> make_openai_rerank(BackendOptions options, const boost::json::object& extra_body);
// The media tasks (openai_media.cpp, and image embeddings beside the text ones): text-to-image
// refuses an "n" in --extra-body (the scenario's I(w,h,n) sets it, as in Python genai-bench).
Result<std::unique_ptr<Backend>> make_openai_images(BackendOptions options, const boost::json::object& extra_body);
std::unique_ptr<Backend> make_openai_speech(BackendOptions options, const boost::json::object& extra_body);
std::unique_ptr<Backend> make_openai_image_embeddings(BackendOptions options, const boost::json::object& extra_body);

// Azure OpenAI: /openai/deployments/{deployment}/{chat/completions|embeddings}?api-version=V (or
// /openai/v1/... for api version "v1"), with api-key or an Entra ID token.
std::unique_ptr<Backend> make_azure_openai(BackendOptions options, const boost::json::object& extra_body);

}  // namespace genai::api
