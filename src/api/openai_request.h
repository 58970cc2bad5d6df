// Request building shared by the OpenAI-compatible endpoints: target path from --api-base,
// auth header, and the JSON body fields both endpoints carry (model, max_tokens, stream, ...).
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "api/backend.h"

namespace genai::api {

// "/v1" + suffix, keeping any prefix of the base path: "" or "/" or "/v1" -> "/v1/chat/completions",
// "/proxy" or "/proxy/v1" -> "/proxy/v1/chat/completions".
std::string openai_target(std::string_view base_path, std::string_view suffix);

// A body with the common fields set; the endpoint adds "messages" or "prompt".
boost::json::object openai_common_body(const BackendOptions& options, int64_t max_output_tokens);

// Serialises the body after merging --extra-body into it, and adds the headers.
HttpRequestSpec openai_finish_request(const BackendOptions& options, const boost::json::object& extra_body,
                                      std::string target, boost::json::object body);

}  // namespace genai::api
