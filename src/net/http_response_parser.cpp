#include "net/http_response_parser.h"

#include <boost/asio/buffer.hpp>
// GCC 12 with -fsanitize=address,undefined reports -Wmaybe-uninitialized inside Beast's
// basic_parser (the empty boost::optional content_length_unchecked() returns): a false positive
// in a third-party header, silenced for that header only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/beast/http/basic_parser.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <boost/beast/http/error.hpp>
#include <boost/beast/core/string.hpp>

#include "net/body_inflater.h"
#include "net/retry_after.h"

namespace genai::net {

namespace http = boost::beast::http;
using boost::system::error_code;

// Beast's incremental parser, handing each body piece (chunked or not) straight on as a view into
// the caller's read buffer: no copy, unless the body is compressed.
class HttpResponseParser::Impl final : public http::basic_parser<false> {
 public:
  explicit Impl(HttpResponseParser& owner) : owner_(owner) {
    eager(true);
    body_limit(boost::none);  // an SSE stream is as long as the generation
  }
  void set_read_time(Clock::time_point t_read) { t_read_ = t_read; }

 private:
  void on_request_impl(http::verb, boost::beast::string_view, boost::beast::string_view, int, error_code&) override {}
  void on_response_impl(int status, boost::beast::string_view, int, error_code&) override {
    owner_.status_ = status;
    owner_.consumer_.on_status(status);
  }
  void on_field_impl(http::field field, boost::beast::string_view name, boost::beast::string_view value,
                     error_code&) override {
    const std::string_view text(value.data(), value.size());
    if (field == http::field::retry_after) {
      if (auto wait = parse_retry_after(text, std::chrono::system_clock::now())) owner_.retry_after_ = wait;
    } else if (field == http::field::content_encoding) {
      content_encoding_ = text;
    } else if (boost::beast::iequals(name, "retry-after-ms")) {
      if (auto wait = parse_retry_after_ms(text)) owner_.retry_after_ = wait;
    }
  }
  void on_header_impl(error_code& error) override {
    if (chunked()) owner_.framing_ = BodyFraming::chunked;
    else if (need_eof()) owner_.framing_ = BodyFraming::until_close;
    else owner_.framing_ = is_done() ? BodyFraming::none : BodyFraming::content_length;  // none: 204, 304, length 0
    // We ask for identity (Accept-Encoding: identity); a server that compresses anyway is decoded
    // when zlib can, and fails with its own kind when not: never an empty success.
    if (content_encoding_.empty() || boost::beast::iequals(content_encoding_, "identity")) return;
    if (boost::beast::iequals(content_encoding_, "gzip") || boost::beast::iequals(content_encoding_, "x-gzip")) {
      inflater_ = std::make_unique<BodyInflater>(BodyInflater::Format::gzip);
    } else if (boost::beast::iequals(content_encoding_, "deflate")) {
      inflater_ = std::make_unique<BodyInflater>(BodyInflater::Format::deflate);
    } else {
      owner_.error_ = Error::content_encoding;
      owner_.error_message_ = "the server sent Content-Encoding: " + content_encoding_.substr(0, 40) +
                              ", which genai-bench cannot decode (it asks for identity)";
      error = http::error::bad_value;
    }
  }
  void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
  std::size_t on_body_impl(boost::beast::string_view body, error_code& error) override {
    deliver({body.data(), body.size()}, error);
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, boost::beast::string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body, error_code& error) override {
    deliver({body.data(), body.size()}, error);
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  void deliver(std::string_view bytes, error_code& error) {
    if (!inflater_) {
      owner_.consumer_.on_body(bytes, t_read_);
      return;
    }
    std::string_view decoded;
    if (!inflater_->inflate(bytes, decoded)) {
      owner_.error_ = Error::content_encoding;
      owner_.error_message_ = inflater_->error();
      error = http::error::bad_value;
      return;
    }
    if (!decoded.empty()) owner_.consumer_.on_body(decoded, t_read_);
  }

  HttpResponseParser& owner_;
  Clock::time_point t_read_{};
  std::string content_encoding_;
  std::unique_ptr<BodyInflater> inflater_;
};

HttpResponseParser::HttpResponseParser(ResponseConsumer& consumer)
    : impl_(std::make_unique<Impl>(*this)), consumer_(consumer) {}

HttpResponseParser::~HttpResponseParser() = default;

size_t HttpResponseParser::put(std::string_view bytes, Clock::time_point t_read) {
  impl_->set_read_time(t_read);
  size_t offset = 0;
  while (offset < bytes.size() && !impl_->is_done() && error_ == Error::none) {
    error_code error;
    const size_t used = impl_->put(boost::asio::buffer(bytes.data() + offset, bytes.size() - offset), error);
    offset += used;
    if (error == http::error::need_more) break;
    if (error) {
      if (error_ == Error::none) {
        error_ = Error::malformed;
        error_message_ = "malformed HTTP response: " + error.message();
      }
      break;
    }
    if (used == 0) break;
  }
  return offset;
}

void HttpResponseParser::put_eof() {
  // Only a body without length or chunks ends with the connection; any other cut is a disconnect.
  if (error_ != Error::none || framing_ != BodyFraming::until_close || impl_->is_done()) return;
  error_code error;
  impl_->put_eof(error);
  if (error && error_ == Error::none) {
    error_ = Error::malformed;
    error_message_ = "malformed HTTP response: " + error.message();
  }
}

bool HttpResponseParser::header_done() const { return impl_->is_header_done(); }
bool HttpResponseParser::done() const { return impl_->is_done(); }
bool HttpResponseParser::keep_alive() const { return impl_->keep_alive(); }

}  // namespace genai::net
