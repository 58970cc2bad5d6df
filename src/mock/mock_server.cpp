#include "mock/mock_server.h"

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
// GCC 12 with -O2 and the sanitizers reports Beast's request parser's optional content length as
// maybe uninitialized (a false positive of that version, like -Wmismatched-new-delete in
// CMakeLists.txt); it depends on inlining, so it comes and goes with unrelated changes here.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#pragma GCC diagnostic pop
#endif
#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <random>
#include <variant>
#include <thread>
#include <vector>

#include "mock/batch_slots.h"
#include "mock/dialect.h"
#include "mock/media_responses.h"
#include "mock/openai_mock_responses.h"
#include "mock/prometheus_export.h"
#include "mock/send_truth.h"
#include "mock/storage_sink.h"
#include "mock/write_log.h"
#include "net/kernel_timestamp.h"

namespace genai::mock {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

namespace {

struct ParsedRequest {
  Endpoint endpoint = Endpoint::chat;
  bool stream = false;
  bool include_usage = false;
  int64_t max_tokens = 0;
  int64_t prompt_chars = 0;
  int64_t image_tokens = 0;  // image inputs, counted as a vision encoder's patches
  bool bad_image = false;
  std::string model_json = "\"mock-model\"";
};

// An image_url content part: a PNG data URL (see png_data_url_tokens); anything else is refused.
void count_image(const boost::json::object& part, ParsedRequest& out) {
  const auto* image = part.if_contains("image_url");
  const auto* url = image != nullptr && image->is_object() ? image->as_object().if_contains("url") : nullptr;
  const std::optional<int64_t> tokens = url != nullptr && url->is_string() ? png_data_url_tokens(url->as_string()) : std::nullopt;
  if (!tokens) {
    out.bad_image = true;
    return;
  }
  out.image_tokens += *tokens;
}

int64_t text_length(const boost::json::value& content) {
  if (content.is_string()) return static_cast<int64_t>(content.as_string().size());
  int64_t length = 0;
  if (content.is_array()) {  // content parts, or a batch of prompts
    for (const auto& part : content.as_array()) {
      if (part.is_string()) length += static_cast<int64_t>(part.as_string().size());
      if (part.is_object() && part.as_object().contains("text")) length += text_length(part.as_object().at("text"));
    }
  }
  return length;
}

bool parse_request_body(const std::string& body, Endpoint endpoint, int64_t default_max_tokens, ParsedRequest& out) {
  error_code error;
  boost::json::value json = boost::json::parse(body, error);
  if (error || !json.is_object()) return false;
  const auto& object = json.as_object();
  out.endpoint = endpoint;
  out.max_tokens = default_max_tokens;
  for (const char* key : {"max_tokens", "max_completion_tokens"}) {
    if (auto* value = object.if_contains(key); value && value->is_int64()) out.max_tokens = value->as_int64();
  }
  if (auto* value = object.if_contains("stream"); value && value->is_bool()) out.stream = value->as_bool();
  if (auto* value = object.if_contains("stream_options"); value && value->is_object()) {
    if (auto* usage = value->as_object().if_contains("include_usage"); usage && usage->is_bool()) {
      out.include_usage = usage->as_bool();
    }
  }
  if (auto* value = object.if_contains("model"); value && value->is_string()) out.model_json = boost::json::serialize(*value);
  if (auto* messages = object.if_contains("messages"); messages && messages->is_array()) {
    for (const auto& message : messages->as_array()) {
      if (message.is_object() && message.as_object().contains("content")) {
        const auto& content = message.as_object().at("content");
        out.prompt_chars += text_length(content);
        if (!content.is_array()) continue;
        for (const auto& part : content.as_array()) {
          if (part.is_object() && part.as_object().contains("image_url")) count_image(part.as_object(), out);
        }
      }
    }
  }
  if (auto* prompt = object.if_contains("prompt")) out.prompt_chars += text_length(*prompt);
  return out.max_tokens >= 0 && !out.bad_image;
}

// The mock's token rule for prompts: one token per 4 bytes, rounded up, at least 1.
int64_t prompt_tokens_of(int64_t prompt_chars) { return std::max<int64_t>(1, (prompt_chars + 3) / 4); }

// A whole response without its trailing ,"usage":{...} member.
std::string strip_usage(std::string json) {
  const size_t usage = json.rfind(",\"usage\":");
  if (usage != std::string::npos) json = json.substr(0, usage) + "}";
  return json;
}

std::string response_head(int status, std::string_view reason, std::string_view content_type,
                          std::string_view length_or_chunked) {
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\nContent-Type: " +
         std::string(content_type) + "\r\n" + std::string(length_or_chunked) + "\r\nConnection: keep-alive\r\n\r\n";
}

std::string whole_response(int status, std::string_view reason, std::string_view json) {
  return response_head(status, reason, "application/json", "Content-Length: " + std::to_string(json.size())) +
         std::string(json);
}

// One request as the mock served it: when its bytes arrived (the kernel's time) and were parsed,
// and where the truth of what was sent is kept.
struct Served {
  Clock::time_point arrival{};
  Clock::time_point parsed{};
  SendTruth* truth = nullptr;
  RequestWrites* writes = nullptr;  // --record-writes: this request's content writes

  static int64_t microseconds(Clock::duration duration) {
    return std::chrono::duration_cast<std::chrono::microseconds>(duration).count();
  }
  void log_write(Clock::time_point due, Clock::time_point written) const {
    if (writes == nullptr) return;
    writes->due_ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(due.time_since_epoch()).count());
    writes->written_ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(written.time_since_epoch()).count());
  }
  // Records a content event handed to the kernel at `written`, which is returned.
  Clock::time_point first_event_written(Clock::time_point due, Clock::time_point written) const {
    log_write(due, written);
    truth->served_ttft.add(microseconds(written - arrival));
    truth->first_event_lateness.add(microseconds(written - due));
    truth->event_lateness.add(microseconds(written - due));
    return written;
  }
  Clock::time_point next_event_written(Clock::time_point due, Clock::time_point previous, Clock::time_point written) const {
    log_write(due, written);
    truth->event_lateness.add(microseconds(written - due));
    truth->served_gap.add(microseconds(written - previous));
    return written;
  }
  // A generation's content event of `tokens` tokens written (GET /metrics); `last`: its response is whole.
  void generation_written(int64_t tokens, bool last, Clock::time_point written) const {
    truth->tokens_written(tokens);
    if (last) truth->request_finished(microseconds(written - arrival));
  }
};

}  // namespace

struct MockServer::Impl {
  MockOptions options;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;  // the first is options.host:options.port
  std::vector<std::thread> threads;
  std::atomic<uint64_t> next_connection{0};
  std::atomic<uint64_t> next_response_id{0};
  std::atomic<bool> stopped{false};
  std::unique_ptr<BatchSlots> batch;  // --max-batch
  std::unique_ptr<Dialect> dialect;   // --dialect other than openai
  std::vector<std::unique_ptr<SendTruth>> truths;  // one per event loop, by the loop's index
  std::vector<std::unique_ptr<WriteLog>> write_logs;  // likewise (--record-writes)
  net::ReceiveTimestampsOn timestamps_on;          // so the first requests' arrival is timed too

  std::vector<const SendTruth*> all_truths() const {
    std::vector<const SendTruth*> all;
    for (const auto& truth : truths) all.push_back(truth.get());
    return all;
  }

  double draw_ms(const LatencyModel& model, std::mt19937_64& random) const {
    if (model.stddev_ms <= 0) return model.mean_ms;
    std::normal_distribution<double> distribution(model.mean_ms, model.stddev_ms);
    return std::max(0.0, distribution(random));
  }

  // At most one fault per request: one draw against the faults' rates laid end to end.
  std::optional<MockOptions::Fault> draw_fault(std::mt19937_64& random) const {
    if (options.faults.empty()) return std::nullopt;
    const double draw = std::uniform_real_distribution<double>(0, 1)(random);
    double bound = 0;
    for (const MockOptions::FaultRate& fault : options.faults) {
      bound += fault.rate;
      if (draw < bound) return fault.fault;
    }
    return std::nullopt;
  }

  asio::awaitable<void> accept_loop(tcp::acceptor& acceptor) {
    while (!stopped) {
      const uint64_t index = next_connection.fetch_add(1);
      asio::io_context& target = *contexts[index % contexts.size()];
      error_code error;
      tcp::socket socket = co_await acceptor.async_accept(target, asio::redirect_error(asio::use_awaitable, error));
      if (error) {
        if (error == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        continue;  // e.g. EMFILE: keep serving the connections we have
      }
      socket.set_option(tcp::no_delay(true), error);
      socket.non_blocking(true, error);  // send_timed() tries each write at once
      net::enable_receive_timestamps(socket.native_handle());
      SendTruth& truth = *truths[index % contexts.size()];
      WriteLog& log = *write_logs[index % contexts.size()];
      asio::co_spawn(target, serve_connection(std::move(socket), options.seed * 1000003 + index, truth, log), asio::detached);
    }
  }

  asio::awaitable<void> serve_connection(tcp::socket socket, uint64_t seed, SendTruth& truth, WriteLog& log) {
    std::mt19937_64 random(seed);
    boost::beast::flat_buffer buffer;
    asio::steady_timer timer(socket.get_executor());
    while (true) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(256 * 1024 * 1024);
      error_code error;
      // A request's clock starts when its first bytes reached the socket (the kernel's time), so
      // a busy loop that reads it late is late on its schedule, and says so in its lateness.
      Clock::time_point arrival{};
      if (buffer.size() == 0) {
        co_await socket.async_wait(tcp::socket::wait_read, asio::redirect_error(asio::use_awaitable, error));
        if (error) co_return;
        arrival = net::peek_arrival(socket.native_handle());
      }
      co_await http::async_read(socket, buffer, parser, asio::redirect_error(asio::use_awaitable, error));
      if (error) co_return;  // closed, or garbage: drop the connection
      const Clock::time_point parsed = Clock::now();
      if (arrival == Clock::time_point{} || arrival > parsed) arrival = parsed;  // pipelined: already read
      const auto& request = parser.get();
      const bool keep_alive = request.keep_alive();
      Served served{arrival, parsed, &truth};
      RequestWrites writes;
      if (options.record_writes) {
        writes.id = std::string(request["X-Request-Id"]);
        writes.arrival_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(arrival.time_since_epoch()).count();
        served.writes = &writes;
      }
      const bool served_whole = co_await respond(socket, timer, request, served, random);
      if (!writes.written_ns.empty()) log.add(std::move(writes));
      if (!served_whole || !keep_alive) {
        socket.shutdown(tcp::socket::shutdown_send, error);
        co_return;
      }
    }
  }

  // Writes `bytes` and says when they were handed to the kernel: at once, when the socket takes
  // them all (the usual case, and no handler to queue behind others), else when the rest is
  // written. Nothing when the client has gone. The time is the send-side truth's: taken after
  // an asynchronous write's handler ran, it would carry the loop's queueing delay.
  asio::awaitable<std::optional<Clock::time_point>> send_timed(tcp::socket& socket, std::string_view bytes) {
    error_code error;
    const size_t written = socket.write_some(asio::buffer(bytes), error);
    if (!error && written == bytes.size()) co_return Clock::now();
    if (error && error != asio::error::would_block && error != asio::error::try_again) co_return std::nullopt;
    const size_t done = error ? 0 : written;
    co_await asio::async_write(socket, asio::buffer(bytes.substr(done)), asio::redirect_error(asio::use_awaitable, error));
    if (error) co_return std::nullopt;
    co_return Clock::now();
  }

  asio::awaitable<bool> send(tcp::socket& socket, std::string_view bytes) {
    co_return (co_await send_timed(socket, bytes)).has_value();
  }

  asio::awaitable<bool> respond(tcp::socket& socket, asio::steady_timer& timer,
                                const http::request<http::string_body>& request, Served& served,
                                std::mt19937_64& random) {
    const std::string_view target(request.target().data(), request.target().size());
    std::string_view path = target.substr(0, target.find('?'));
    if (request.method() == http::verb::get && path == "/v1/models") {
      co_return co_await send(socket, whole_response(200, "OK", models_json("mock-model")));
    }
    if (request.method() == http::verb::get && path == "/mock/writes") {  // --record-writes, drained
      std::vector<RequestWrites> all;
      for (const auto& write_log : write_logs) {
        for (RequestWrites& entry : write_log->drain()) all.push_back(std::move(entry));
      }
      co_return co_await send(socket, whole_response(200, "OK", write_log_jsonl(all)));
    }
    if (request.method() == http::verb::get && path == "/mock/stats") {
      co_return co_await send(socket, whole_response(200, "OK", send_truth_json(all_truths())));
    }
    if (path.starts_with(kStorageSinkRoot)) {  // --upload-results against the mock alone
      const std::string_view host(request[http::field::host].data(), request[http::field::host].size());
      const bool azure = request.find("x-ms-version") != request.end();
      const std::string_view method(request.method_string().data(), request.method_string().size());
      co_return co_await send(socket, *storage_sink_response(method, target, host, azure));
    }
    if (request.method() == http::verb::get && path == "/metrics") {  // vLLM's families, from the truth
      const std::string text = prometheus_text(all_truths(), "mock-model", options.max_batch);
      co_return co_await send(socket, response_head(200, "OK", kPrometheusContentType, "Content-Length: " + std::to_string(text.size())) + text);
    }
    served.truth->request_read_delay.add(Served::microseconds(served.parsed - served.arrival));
    std::optional<Dialect::OpenAiRoute> openai_route;
    if (dialect) {
      const ReceivedRequest received = received_request(request);
      openai_route = dialect->openai_route(received);
      if (!openai_route) co_return co_await dialect_response(socket, timer, received, served, random);
      if (!openai_route->refusal.empty()) co_return co_await send(socket, openai_route->refusal);
      path = openai_route->path;
    }
    Clock::time_point arrival = served.arrival;
    if (request.method() == http::verb::post && (path == "/v1/embeddings" || path == "/v1/rerank")) {
      co_return co_await pooling_response(socket, timer, request.body(), path == "/v1/rerank", served);
    }
    if (request.method() == http::verb::post && path == "/v1/images/generations") {
      co_return co_await images_response(socket, timer, request.body(), served);
    }
    if (request.method() == http::verb::post && path == "/v1/audio/speech") {
      co_return co_await speech_response(socket, timer, request.body(), served, random);
    }
    const bool is_chat = path == "/v1/chat/completions";
    if (request.method() != http::verb::post || !(is_chat || path == "/v1/completions")) {
      co_return co_await send(socket, whole_response(404, "Not Found", error_json("no such route", "not_found", 404)));
    }
    ParsedRequest parsed;
    if (!parse_request_body(request.body(), is_chat ? Endpoint::chat : Endpoint::completions,
                            options.default_max_tokens, parsed)) {
      co_return co_await send(
          socket, whole_response(400, "Bad Request", error_json("malformed request body", "invalid_request_error", 400)));
    }
    if (!options.required_key.empty()) {
      const std::string_view authorization = request[http::field::authorization];
      const std::string_view sent = authorization.starts_with("Bearer ") ? authorization.substr(7) : authorization;
      if (sent != options.required_key) {
        co_return co_await send(socket, whole_response(401, "Unauthorized",
                                                       error_json("Incorrect API key provided: " + std::string(sent) + ".",
                                                                  "invalid_api_key", 401)));
      }
    }
    if (options.error_rate > 0 && std::uniform_real_distribution<double>(0, 1)(random) < options.error_rate) {
      co_return co_await send(socket, whole_response(500, "Internal Server Error",
                                                     error_json("mock injected failure", "server_error", 500)));
    }
    const std::optional<MockOptions::Fault> fault = draw_fault(random);
    if (fault == MockOptions::Fault::reset) co_return reset(socket);
    if (fault == MockOptions::Fault::throttle) {
      co_return co_await send(socket, whole_response(429, "Too Many Requests",
                                                     error_json("Rate limit reached (mock)", "rate_limit_exceeded", 429)));
    }
    StreamIdentity identity{parsed.endpoint,
                            (is_chat ? "chatcmpl-" : "cmpl-") + std::to_string(next_response_id.fetch_add(1)),
                            parsed.model_json,
                            std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch()).count()};
    // The queueing model: wait for a batch slot; generation (and TTFT's own clock) starts then,
    // and the first token also waits for the prompt's prefill.
    BatchSlots::Hold hold(batch.get());
    QueuedRequest queued(*served.truth);  // GET /metrics: waiting, then running
    arrival = std::max(arrival, co_await hold.wait(timer));
    queued.started(prompt_tokens_of(parsed.prompt_chars) + parsed.image_tokens);
    arrival += from_ms(options.prefill_ms_per_1k * static_cast<double>(prompt_tokens_of(parsed.prompt_chars)) / 1000);
    if (parsed.stream) co_return co_await stream_response(socket, timer, identity, parsed, arrival, served, fault, random);
    co_return co_await whole_generation(socket, timer, identity, parsed, arrival, served, random);
  }

  // A hosted provider's API (--dialect): the dialect checks the request and writes the
  // provider's shapes; the schedule, batching and faults are the same as OpenAI's.
  static ReceivedRequest received_request(const http::request<http::string_body>& request) {
    ReceivedRequest received;
    received.method = std::string_view(request.method_string().data(), request.method_string().size());
    received.target = std::string_view(request.target().data(), request.target().size());
    for (const auto& field : request) {
      received.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    received.body = request.body();
    return received;
  }

  asio::awaitable<bool> dialect_response(tcp::socket& socket, asio::steady_timer& timer, const ReceivedRequest& received,
                                         const Served& served, std::mt19937_64& random) {
    auto accepted = dialect->accept(received);
    if (const std::string* refusal = std::get_if<std::string>(&accepted)) co_return co_await send(socket, *refusal);
    DialectResponse& response = *std::get<std::unique_ptr<DialectResponse>>(accepted);
    if (options.error_rate > 0 && std::uniform_real_distribution<double>(0, 1)(random) < options.error_rate) {
      co_return co_await send(socket, response.server_error());
    }
    const std::optional<MockOptions::Fault> fault = draw_fault(random);
    if (fault == MockOptions::Fault::reset) co_return reset(socket);
    if (fault == MockOptions::Fault::throttle) co_return co_await send(socket, response.throttled());
    BatchSlots::Hold hold(batch.get());
    QueuedRequest queued(*served.truth);  // GET /metrics: waiting, then running
    Clock::time_point arrival = std::max(served.arrival, co_await hold.wait(timer));
    const int64_t prompt_tokens = prompt_tokens_of(response.prompt_chars) + response.image_tokens;
    queued.started(prompt_tokens);
    arrival += from_ms(options.prefill_ms_per_1k * static_cast<double>(prompt_tokens) / 1000);
    const int64_t total_tokens = response.max_tokens;
    const int64_t per_chunk = std::max(1, options.tokens_per_chunk);
    Clock::time_point due = arrival + from_ms(draw_ms(options.ttft, random));
    if (!response.stream) {
      for (int64_t sent = per_chunk; sent < total_tokens; sent += per_chunk) due += from_ms(draw_ms(options.itl, random));
      if (!co_await sleep_until(timer, due)) co_return false;
      const std::string whole = response.whole_response(tokens_text(0, total_tokens), prompt_tokens, total_tokens);
      const std::optional<Clock::time_point> written = co_await send_timed(socket, whole);
      if (written) served.first_event_written(due, *written);
      if (written) served.generation_written(total_tokens, true, *written);
      co_return written.has_value();
    }
    if (!co_await send(socket, response.stream_start(prompt_tokens))) co_return false;
    const int64_t fault_after = fault ? std::max<int64_t>(1, total_tokens / 2) : -1;
    Clock::time_point last_written{};
    int64_t sent = 0;
    while (sent < total_tokens) {
      if (sent > 0) due += from_ms(draw_ms(options.itl, random));
      if (!co_await sleep_until(timer, due)) co_return false;
      const int64_t count = std::min(per_chunk, total_tokens - sent);
      const std::string text = tokens_text(sent, count);
      sent += count;
      std::string event = response.content(text);
      if (sent == total_tokens) event += response.stream_end(prompt_tokens, total_tokens);
      const std::optional<Clock::time_point> written = co_await send_timed(socket, event);
      if (!written) co_return false;
      last_written = last_written == Clock::time_point{} ? served.first_event_written(due, *written)
                                                          : served.next_event_written(due, last_written, *written);
      served.generation_written(count, sent == total_tokens, *written);
      if (fault_after >= 0 && sent >= fault_after && sent < total_tokens) {
        if (*fault == MockOptions::Fault::error_event) co_return co_await send(socket, response.stream_error());
        if (*fault == MockOptions::Fault::malformed) {
          co_await send(socket, http_chunk("data: {\"unterminated\n\n") + http_chunk(std::string(24, '\x7f')) + "0\r\n\r\n");
        }
        co_return false;  // disconnect, and the connection after a malformed stream
      }
    }
    if (total_tokens == 0) co_return co_await send(socket, response.stream_end(prompt_tokens, 0));
    co_return true;
  }

  // Embeddings and rerank: one whole response after --ttft-ms plus the prefill of every input
  // (and the queue, with --max-batch), counting inputs as the mock counts prompts.
  asio::awaitable<bool> pooling_response(tcp::socket& socket, asio::steady_timer& timer, const std::string& body,
                                         bool rerank, const Served& served) {
    Clock::time_point arrival = served.arrival;
    error_code error;
    const boost::json::value json = boost::json::parse(body, error);
    const boost::json::value* texts = nullptr;
    if (!error && json.is_object()) texts = json.as_object().if_contains(rerank ? "documents" : "input");
    // vLLM's multimodal embeddings: one chat message of images (and text) to embed as one input.
    ParsedRequest message;
    const bool messages = !rerank && texts == nullptr && !error && json.is_object() && json.as_object().contains("messages") &&
                          parse_request_body(body, Endpoint::chat, 0, message) &&
                          message.image_tokens + message.prompt_chars > 0;
    if (!messages && (texts == nullptr || !(texts->is_array() || texts->is_string()))) {
      const std::string response = whole_response(
          400, "Bad Request", error_json(rerank ? "documents required" : "input (or messages with PNG images) required", "invalid_request_error", 400));
      co_return co_await send(socket, response);
    }
    int64_t prompt_tokens = 0, count = 1;
    if (messages) {
      prompt_tokens = message.image_tokens + (message.prompt_chars > 0 ? prompt_tokens_of(message.prompt_chars) : 0);
    } else if (texts->is_string()) {
      prompt_tokens = prompt_tokens_of(static_cast<int64_t>(texts->as_string().size()));
    } else {
      count = static_cast<int64_t>(texts->as_array().size());
      for (const auto& text : texts->as_array()) prompt_tokens += prompt_tokens_of(text_length(text));
    }
    if (rerank) {
      if (const auto* query = json.as_object().if_contains("query")) prompt_tokens += prompt_tokens_of(text_length(*query));
    }
    BatchSlots::Hold hold(batch.get());
    arrival = std::max(arrival, co_await hold.wait(timer));
    const Clock::time_point due = arrival + from_ms(options.ttft.mean_ms) +
                                  from_ms(options.prefill_ms_per_1k * static_cast<double>(prompt_tokens) / 1000);
    if (!co_await sleep_until(timer, due)) co_return false;
    // Built first, not inside the co_await: GCC 12 destroys a conditional's temporaries twice in a
    // co_await expression.
    const std::string response =
        whole_response(200, "OK", rerank ? rerank_json(count, prompt_tokens) : embeddings_json(count, prompt_tokens));
    const std::optional<Clock::time_point> written = co_await send_timed(socket, response);
    if (written) served.first_event_written(due, *written);
    co_return written.has_value();
  }

  // /v1/images/generations: the images' JSON after --ttft-ms (and the queue, with --max-batch).
  asio::awaitable<bool> images_response(tcp::socket& socket, asio::steady_timer& timer, const std::string& body,
                                        const Served& served) {
    const std::optional<ImagesRequest> images = read_images_request(body);
    if (!images) {
      co_return co_await send(socket, whole_response(400, "Bad Request",
                                                     error_json("prompt required; n 1-10; size WxH", "invalid_request_error", 400)));
    }
    BatchSlots::Hold hold(batch.get());
    const Clock::time_point due = std::max(served.arrival, co_await hold.wait(timer)) + from_ms(options.ttft.mean_ms);
    if (!co_await sleep_until(timer, due)) co_return false;
    const int64_t created =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string response = whole_response(200, "OK", images_json(*images, created));
    const std::optional<Clock::time_point> written = co_await send_timed(socket, response);
    if (written) served.first_event_written(due, *written);
    co_return written.has_value();
  }

  // /v1/audio/speech: speech_audio_bytes(input bytes) of audio, chunked: the first chunk after the
  // TTFT (plus the input's prefill, and the queue), each next one an ITL later.
  asio::awaitable<bool> speech_response(tcp::socket& socket, asio::steady_timer& timer, const std::string& body,
                                        const Served& served, std::mt19937_64& random) {
    error_code error;
    const boost::json::value json = boost::json::parse(body, error);
    const boost::json::object* object = !error && json.is_object() ? &json.as_object() : nullptr;
    const auto* input = object != nullptr ? object->if_contains("input") : nullptr;
    const auto* voice = object != nullptr ? object->if_contains("voice") : nullptr;
    if (input == nullptr || !input->is_string() || input->as_string().empty() || voice == nullptr) {
      co_return co_await send(socket, whole_response(400, "Bad Request",
                                                     error_json("input and voice required", "invalid_request_error", 400)));
    }
    const auto* format = object->if_contains("response_format");
    const std::string_view content_type =
        audio_content_type(format != nullptr && format->is_string() ? std::string_view(format->as_string()) : "mp3");
    const auto input_bytes = static_cast<int64_t>(input->as_string().size());
    const int64_t total = speech_audio_bytes(input_bytes);
    BatchSlots::Hold hold(batch.get());
    Clock::time_point due = std::max(served.arrival, co_await hold.wait(timer)) + from_ms(draw_ms(options.ttft, random)) +
                            from_ms(options.prefill_ms_per_1k * static_cast<double>(prompt_tokens_of(input_bytes)) / 1000);
    if (!co_await send(socket, response_head(200, "OK", content_type, "Transfer-Encoding: chunked"))) co_return false;
    Clock::time_point last_written{};
    for (int64_t sent = 0; sent < total;) {
      if (sent > 0) due += from_ms(draw_ms(options.itl, random));
      if (!co_await sleep_until(timer, due)) co_return false;
      const int64_t count = std::min(kAudioChunkBytes, total - sent);
      std::string chunk = http_chunk(audio_bytes(sent, count));
      sent += count;
      if (sent == total) chunk += "0\r\n\r\n";
      const std::optional<Clock::time_point> written = co_await send_timed(socket, chunk);
      if (!written) co_return false;
      last_written = last_written == Clock::time_point{} ? served.first_event_written(due, *written)
                                                          : served.next_event_written(due, last_written, *written);
    }
    co_return true;
  }

  // The reset fault: close() with a zero linger sends RST. Returns false: the connection is gone.
  static bool reset(tcp::socket& socket) {
    error_code ignored;
    socket.set_option(asio::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
    return false;
  }

  // Tokens leave on an absolute schedule (arrival + ttft + sum of gaps), so timer lateness in
  // one gap does not push back the rest: the client sees the configured mean exactly.
  asio::awaitable<bool> sleep_until(asio::steady_timer& timer, Clock::time_point when) {
    if (when <= Clock::now()) co_return true;
    timer.expires_at(when);
    error_code error;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, error));
    co_return !error && !stopped;
  }

  static std::chrono::nanoseconds from_ms(double ms) {
    return std::chrono::nanoseconds(static_cast<int64_t>(ms * 1e6));
  }

  asio::awaitable<bool> stream_response(tcp::socket& socket, asio::steady_timer& timer, const StreamIdentity& identity,
                                        const ParsedRequest& parsed, Clock::time_point arrival, const Served& served,
                                        std::optional<MockOptions::Fault> fault, std::mt19937_64& random) {
    std::string first = response_head(200, "OK", "text/event-stream", "Transfer-Encoding: chunked");
    if (identity.endpoint == Endpoint::chat) first += http_chunk(sse_event(role_chunk_json(identity)));
    if (!co_await send(socket, first)) co_return false;

    const int64_t total_tokens = parsed.max_tokens;
    const int64_t per_chunk = std::max(1, options.tokens_per_chunk);
    const int64_t fault_after = fault ? std::max<int64_t>(1, total_tokens / 2) : -1;
    Clock::time_point due = arrival + from_ms(draw_ms(options.ttft, random));
    Clock::time_point last_written{};
    int64_t sent = 0;
    while (sent < total_tokens) {
      if (sent > 0) due += from_ms(draw_ms(options.itl, random));
      if (!co_await sleep_until(timer, due)) co_return false;
      const int64_t count = std::min(per_chunk, total_tokens - sent);
      const std::string text = tokens_text(sent, count);
      sent += count;
      std::string event = http_chunk(sse_event(content_chunk_json(identity, text, sent == total_tokens)));
      if (sent == total_tokens) {
        if (parsed.include_usage && options.send_usage) {
          event += http_chunk(sse_event(usage_chunk_json(identity, prompt_tokens_of(parsed.prompt_chars) + parsed.image_tokens, total_tokens)));
        }
        event += http_chunk(sse_event("[DONE]")) + "0\r\n\r\n";
      }
      const std::optional<Clock::time_point> written = co_await send_timed(socket, event);
      if (!written) co_return false;
      last_written = last_written == Clock::time_point{} ? served.first_event_written(due, *written)
                                                          : served.next_event_written(due, last_written, *written);
      served.generation_written(count, sent == total_tokens, *written);
      if (sent >= fault_after && fault_after >= 0 && sent < total_tokens) co_return co_await inject_fault(socket, *fault);
    }
    if (total_tokens == 0) {
      co_return co_await send(socket, http_chunk(sse_event("[DONE]")) + "0\r\n\r\n");
    }
    co_return true;
  }

  // Returns false when the connection must close (it was the fault, or it follows one).
  asio::awaitable<bool> inject_fault(tcp::socket& socket, MockOptions::Fault fault) {
    switch (fault) {
      case MockOptions::Fault::disconnect:
        co_return false;
      case MockOptions::Fault::error_event:
        co_await send(socket, http_chunk(sse_event(error_json("mock injected mid-stream failure", "server_error", 500))) +
                                  http_chunk(sse_event("[DONE]")) + "0\r\n\r\n");
        co_return true;
      case MockOptions::Fault::malformed:
        co_await send(socket, http_chunk(sse_event("{\"choices\": [{\"delta\": {\"content\": \"unterminated")) +
                                  http_chunk(sse_event("[DONE]")) + "0\r\n\r\n");
        co_return true;
      case MockOptions::Fault::reset:
      case MockOptions::Fault::throttle:
        co_return false;  // drawn before the response, never here
    }
    co_return false;
  }

  asio::awaitable<bool> whole_generation(tcp::socket& socket, asio::steady_timer& timer,
                                         const StreamIdentity& identity, const ParsedRequest& parsed,
                                         Clock::time_point arrival, const Served& served, std::mt19937_64& random) {
    Clock::time_point due = arrival + from_ms(draw_ms(options.ttft, random));
    const int64_t per_chunk = std::max(1, options.tokens_per_chunk);
    for (int64_t sent = per_chunk; sent < parsed.max_tokens; sent += per_chunk) due += from_ms(draw_ms(options.itl, random));
    if (!co_await sleep_until(timer, due)) co_return false;
    std::string json = whole_response_json(identity, tokens_text(0, parsed.max_tokens), prompt_tokens_of(parsed.prompt_chars) + parsed.image_tokens, parsed.max_tokens);
    if (!options.send_usage) json = strip_usage(json);
    const std::optional<Clock::time_point> written = co_await send_timed(socket, whole_response(200, "OK", json));
    if (written) served.first_event_written(due, *written);
    if (written) served.generation_written(parsed.max_tokens, true, *written);
    co_return written.has_value();
  }
};

Result<std::unique_ptr<MockServer>> MockServer::listen(const MockOptions& options) {
  if (options.threads < 1) return make_error("--threads must be at least 1");
  if (options.error_rate < 0 || options.error_rate > 1) return make_error("--error-rate must be between 0 and 1");
  if (options.tokens_per_chunk < 1) return make_error("--tokens-per-chunk must be at least 1");
  std::unique_ptr<MockServer> server(new MockServer());
  server->impl_ = std::make_unique<Impl>();
  Impl& impl = *server->impl_;
  impl.options = options;
  if (options.max_batch > 0) impl.batch = std::make_unique<BatchSlots>(options.max_batch);
  if (options.dialect != "openai") {
    auto dialect = make_dialect(impl.options);
    if (!dialect) return make_error(dialect.error());
    impl.dialect = std::move(*dialect);
  }
  for (int i = 0; i < options.threads; ++i) {
    impl.truths.push_back(std::make_unique<SendTruth>());
    impl.write_logs.push_back(std::make_unique<WriteLog>());
    impl.contexts.push_back(std::make_unique<asio::io_context>(1));
    impl.work.push_back(asio::make_work_guard(*impl.contexts.back()));
  }
  std::vector<std::string> hosts = {options.host};
  hosts.insert(hosts.end(), options.more_hosts.begin(), options.more_hosts.end());
  std::vector<uint16_t> ports = {options.port};
  ports.insert(ports.end(), options.more_ports.begin(), options.more_ports.end());
  for (const std::string& host : hosts) {
    error_code error;
    const auto address = asio::ip::make_address(host, error);
    if (error) return make_error("--host: invalid address '" + host + "'");
    for (uint16_t port : ports) {
      const tcp::endpoint endpoint(address, port);
      // Accept loops spread over the event loops, so no one loop accepts for every address.
      auto& context = *impl.contexts[impl.acceptors.size() % impl.contexts.size()];
      impl.acceptors.push_back(std::make_unique<tcp::acceptor>(context));
      tcp::acceptor& acceptor = *impl.acceptors.back();
      acceptor.open(endpoint.protocol(), error);
      if (!error) acceptor.set_option(tcp::acceptor::reuse_address(true), error);
      if (!error) acceptor.bind(endpoint, error);
      if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
      if (error) {
        return make_error("mock server cannot listen on " + host + ":" + std::to_string(port) + ": " + error.message());
      }
      asio::co_spawn(context, impl.accept_loop(acceptor), asio::detached);
    }
  }
  return server;
}

MockServer::~MockServer() {
  stop();
  for (auto& thread : impl_->threads) {
    if (thread.joinable()) thread.join();
  }
}

uint16_t MockServer::port() const { return impl_->acceptors.front()->local_endpoint().port(); }

std::vector<std::string> MockServer::urls() const {
  std::vector<std::string> urls;
  for (const auto& acceptor : impl_->acceptors) {
    const tcp::endpoint endpoint = acceptor->local_endpoint();
    const std::string host = endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]" : endpoint.address().to_string();
    urls.push_back("http://" + host + ":" + std::to_string(endpoint.port()));
  }
  return urls;
}

void MockServer::start() {
  for (auto& context : impl_->contexts) impl_->threads.emplace_back([&context] { context->run(); });
}

void MockServer::run() {
  for (size_t i = 1; i < impl_->contexts.size(); ++i) {
    impl_->threads.emplace_back([context = impl_->contexts[i].get()] { context->run(); });
  }
  impl_->contexts[0]->run();
}

std::string MockServer::send_truth_summary() const { return send_truth_line(impl_->all_truths()); }

void MockServer::stop() {
  if (impl_->stopped.exchange(true)) return;
  for (auto& context : impl_->contexts) context->stop();
}

}  // namespace genai::mock
