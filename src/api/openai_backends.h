// Constructors of the OpenAI-compatible backends; make_backend() chooses among them.
#pragma once

#include <boost/json/object.hpp>
#include <memory>

#include "api/backend.h"

namespace genai::api {

std::unique_ptr<Backend> make_openai_chat(BackendOptions options, const boost::json::object& extra_body);
std::unique_ptr<Backend> make_openai_completions(BackendOptions options, const boost::json::object& extra_body);
std::unique_ptr<Backend> make_openai_embeddings(BackendOptions options, const boost::json::object& extra_body);
std::unique_ptr<Backend> make_openai_rerank(BackendOptions options, const boost::json::object& extra_body);

}  // namespace genai::api
