// Constructors of the hosted providers' backends (one file each); make_backend() chooses among
// them. Each reads the options it needs from BackendOptions::provider.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "api/backend.h"

namespace genai::api {

std::unique_ptr<Backend> make_anthropic(BackendOptions options, const boost::json::object& extra_body);
std::unique_ptr<Backend> make_cohere(BackendOptions options, const boost::json::object& extra_body);
std::unique_ptr<Backend> make_bedrock(BackendOptions options, const boost::json::object& extra_body);
std::unique_ptr<Backend> make_vertex(BackendOptions options, const boost::json::object& extra_body);
std::unique_ptr<Backend> make_oci(std::string_view api_backend, BackendOptions options, const boost::json::object& extra_body);

// The Messages API body, shared by Anthropic, Claude on Bedrock (invoke) and Claude on Vertex:
// {<fixed fields>,"max_tokens":N,"messages":[...]} with a dataset's system prompt as "system".
std::string anthropic_messages_body(std::string_view fixed_fields, const GenerationRequest& request, bool write_max_tokens);

// `base_path` of --api-base, then `version` unless the base path already ends with it, then
// `suffix`: ("", "/v1", "/messages") -> "/v1/messages"; ("/proxy/v1", ...) -> "/proxy/v1/messages".
std::string versioned_path(std::string_view base_path, std::string_view version, std::string_view suffix);

}  // namespace genai::api
