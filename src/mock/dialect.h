// The hosted providers' APIs as the mock speaks them: each dialect checks a request's route and
// authorisation the way its provider does (SigV4 recomputed, OCI signatures and Google tokens
// verified, keys compared), reads what to generate from its body, and writes the provider's
// stream events, usage, errors and throttling answers. The mock's scheduling (TTFT, ITL,
// batching, faults) is the same for every dialect; the OpenAI dialect keeps its own fast path in
// mock_server.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/result.h"
#include "mock/mock_options.h"

namespace genai::mock {

struct ReceivedRequest {
  std::string_view method;  // "POST"
  std::string_view target;  // path and query, as sent
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;
  // The first header of that name (any case); empty when absent.
  std::string_view header(std::string_view name) const;
};

// One accepted generation request: what to generate, and its answers in the provider's shapes.
class DialectResponse {
 public:
  virtual ~DialectResponse() = default;
  int64_t max_tokens = 0;
  int64_t prompt_chars = 0;
  int64_t image_tokens = 0;  // the prompt's images, counted as the provider bills them
  bool stream = true;

  // The response head and any events before the first content (as HTTP chunks).
  virtual std::string stream_start(int64_t prompt_tokens) = 0;
  // One content event of `text`.
  virtual std::string content(std::string_view text) = 0;
  // The events after the last content (usage, end marker) and the terminating chunk.
  virtual std::string stream_end(int64_t prompt_tokens, int64_t completion_tokens) = 0;
  // The provider's error event mid-stream (a throttling one where the provider has it), ending the stream.
  virtual std::string stream_error() = 0;
  // A non-streamed answer.
  virtual std::string whole_response(std::string_view text, int64_t prompt_tokens, int64_t completion_tokens) = 0;
  // The provider's throttling answer, before any response byte.
  virtual std::string throttled() = 0;
  // An internal error (--error-rate), in the provider's shape.
  virtual std::string server_error() = 0;
};

class Dialect {
 public:
  virtual ~Dialect() = default;
  // A generation request to serve, or the whole HTTP response refusing it (404, 400, 401, 403).
  // Requests that are not generation (Vertex's POST /token) are answered here too. Called from
  // every event loop at once.
  virtual std::variant<std::unique_ptr<DialectResponse>, std::string> accept(const ReceivedRequest& request) = 0;

  // A route the provider serves in OpenAI's own shapes (OCI's /openai/v1/images/generations): the
  // OpenAI path the mock serves it as, once the dialect has checked its authorisation, or the
  // whole HTTP response refusing it. Nothing: not such a route, accept() decides.
  struct OpenAiRoute {
    std::string path;     // "/v1/images/generations"
    std::string refusal;  // non-empty: send this instead
  };
  virtual std::optional<OpenAiRoute> openai_route(const ReceivedRequest&) { return std::nullopt; }
};

// Embeddings and rerank, whatever the provider: one whole JSON body (`body_of(count,
// prompt_tokens)`), after the mock's TTFT; `count` inputs whose text is `prompt_chars` long.
// Throttling and errors in the provider's shape come from `errors`.
std::unique_ptr<DialectResponse> pooling_response(int64_t count, int64_t prompt_chars,
                                                  std::function<std::string(int64_t count, int64_t prompt_tokens)> body_of,
                                                  std::unique_ptr<DialectResponse> errors);

// For options.dialect; an error names the unknown dialect.
Result<std::unique_ptr<Dialect>> make_dialect(const MockOptions& options);

// Shared by the dialects: a whole HTTP/1.1 response, and the head of a chunked one.
std::string http_response(int status, std::string_view reason, std::string_view content_type, std::string_view body,
                          std::string_view extra_headers = {});
std::string chunked_head(std::string_view content_type);
std::string sse_chunk(std::string_view event_name, std::string_view json);  // one SSE event as one HTTP chunk
// The length of the text a JSON value holds: a string, or the strings inside it under "text",
// "content", "parts" (Gemini), "message", "inputText" or "prompt".
int64_t text_chars(const boost::json::value& value);

// The fields OpenAI-shaped bodies share (Azure's, Cohere's v2): max_tokens (else the mock's
// default), the messages' text length, stream.
void read_chat_fields(const boost::json::object& body, int64_t default_max_tokens, DialectResponse& response);

// The dialects, one file each.
std::unique_ptr<Dialect> make_anthropic_dialect(const MockOptions& options);
std::unique_ptr<Dialect> make_azure_dialect(const MockOptions& options);
std::unique_ptr<Dialect> make_bedrock_dialect(const MockOptions& options);
std::unique_ptr<Dialect> make_vertex_dialect(const MockOptions& options);
Result<std::unique_ptr<Dialect>> make_oci_dialect(const MockOptions& options);
std::unique_ptr<Dialect> make_cohere_dialect(const MockOptions& options);

}  // namespace genai::mock
