// The one interface every API backend implements (h2load's Session, in spirit): build the HTTP
// request for a prompt, and decode what comes back into token events, usage and errors. The
// load generator never asks which backend it drives. Decoding is pure: no sockets here.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace genai::api {

struct GenerationRequest {
  std::string prompt;
  int64_t max_output_tokens = 0;
  // A dataset's own chat messages (a JSON array, sent as given by chat endpoints); empty: one
  // user message holding `prompt`. Completions endpoints always send `prompt`.
  std::string messages_json;
  // Embeddings: the texts to embed; rerank: the documents to rank against `query`.
  std::vector<std::string> inputs;
  std::string query;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// What goes on the wire, less the connection-level headers (Host, Content-Length) net/ adds.
// Method, target and headers are the same for every request of a backend, so they are views of
// what the backend owns (valid while it lives); only the body is built per request.
struct HttpRequestSpec {
  std::string_view method = "POST";
  std::string_view target;  // path and query, e.g. "/v1/chat/completions"
  const Headers* headers = nullptr;
  std::string body;
};

// One decoded stream event, or one whole non-streamed response.
struct DecodedEvent {
  bool done = false;                // the stream's end marker ([DONE])
  size_t content_chars = 0;         // generated text in this event, reasoning included
  std::optional<int64_t> prompt_tokens;      // from a usage object
  std::optional<int64_t> completion_tokens;  // from a usage object
  std::optional<std::string> error_message;  // the server reported an error in the body
  bool malformed = false;           // not the JSON we expect
};

// Decodes events of one response at a time; holds parser state, so one per connection.
class EventDecoder {
 public:
  virtual ~EventDecoder() = default;
  // `data` is one SSE event's data; net::kReadPadding bytes after it are readable. When `text`
  // is given, the generated text (reasoning included) is appended to it, unescaped.
  virtual DecodedEvent decode_stream_event(std::string_view data, std::string* text = nullptr) = 0;
  // A whole non-streamed response body (padded likewise).
  virtual DecodedEvent decode_response(std::string_view body, std::string* text = nullptr) = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;
  virtual HttpRequestSpec build_request(const GenerationRequest& request) const = 0;
  virtual std::unique_ptr<EventDecoder> make_decoder() const = 0;
  virtual bool streams() const = 0;
  // False for endpoints that generate nothing (embeddings, rerank): records have no output count.
  virtual bool generates() const { return true; }
};

struct BackendOptions {
  std::string endpoint = "chat";  // "chat", "completions", "embeddings" or "rerank"
  std::string base_path;          // path of --api-base ("" or "/v1" or "/proxy/v1")
  std::string model;
  std::string api_key;            // empty: no Authorization header
  bool stream = true;
  bool ignore_eos = false;
  std::string extra_body_json;    // a JSON object merged into every request body
};

// Builds the backend for --api-backend/--api-endpoint; an error names the bad option.
Result<std::unique_ptr<Backend>> make_backend(std::string_view api_backend, const BackendOptions& options);

}  // namespace genai::api
