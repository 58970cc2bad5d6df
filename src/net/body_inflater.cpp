#include "net/body_inflater.h"

#include <zlib.h>

namespace genai::net {

struct BodyInflater::Stream {
  z_stream z{};
  bool initialised = false;
  ~Stream() {
    if (initialised) inflateEnd(&z);
  }
  bool init(int window_bits) {
    if (initialised) inflateEnd(&z);
    z = z_stream{};
    initialised = inflateInit2(&z, window_bits) == Z_OK;
    return initialised;
  }
};

namespace {
// gzip: zlib's 16 + 15 selects the gzip wrapper. "deflate" in HTTP means the zlib wrapper
// (RFC 9110 §8.4.1.2), but some servers send raw deflate: tried when the wrapper is not there.
constexpr int kGzipWindow = 16 + MAX_WBITS;
constexpr int kZlibWindow = MAX_WBITS;
constexpr int kRawDeflateWindow = -MAX_WBITS;
constexpr size_t kOutputStep = 16 * 1024;
}  // namespace

BodyInflater::BodyInflater(Format format) : stream_(std::make_unique<Stream>()), format_(format) {}

BodyInflater::~BodyInflater() = default;

// A zlib header (RFC 1950): compression method 8 and a check that makes the pair a multiple of 31.
bool is_zlib_header(unsigned char method, unsigned char flags) {
  return (method & 0x0f) == 8 && (method >> 4) <= 7 && (method * 256 + flags) % 31 == 0;
}

bool BodyInflater::inflate(std::string_view compressed, std::string_view& decoded) {
  output_.clear();
  decoded = {};
  if (!started_) {
    int window_bits = kGzipWindow;
    if (format_ == Format::deflate) {
      // Which deflate it is shows in the first two bytes; keep them until both have come.
      header_.append(compressed);
      if (header_.size() < 2) return true;
      compressed = header_;
      window_bits = is_zlib_header(static_cast<unsigned char>(header_[0]), static_cast<unsigned char>(header_[1]))
                        ? kZlibWindow
                        : kRawDeflateWindow;
    }
    started_ = true;
    if (!stream_->init(window_bits)) {
      error_ = "cannot start zlib";
      return false;
    }
  }
  z_stream& z = stream_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  while (!finished_ && (z.avail_in > 0 || !output_.empty())) {
    z.next_out = reinterpret_cast<Bytef*>(output_.prepare(kOutputStep));
    z.avail_out = static_cast<uInt>(kOutputStep);
    const int status = ::inflate(&z, Z_SYNC_FLUSH);
    output_.grow_by(kOutputStep - z.avail_out);
    if (status == Z_STREAM_END) {
      // gzip allows several members one after another, so what follows a member must be another
      // (whether it came in this piece or a later one: the outcome may not depend on where the
      // reads were cut). Anything after a deflate stream is ignored.
      if (format_ == Format::gzip) {
        inflateReset(&z);
        if (z.avail_in == 0) break;
        continue;
      }
      finished_ = true;
      break;
    }
    if (status != Z_OK && status != Z_BUF_ERROR) {
      error_ = std::string(format_ == Format::gzip ? "gzip" : "deflate") + " body: " + (z.msg ? z.msg : "invalid data");
      return false;
    }
    if (z.avail_out != 0) break;  // all the input that can be decoded now is: wait for more
  }
  decoded = output_.view();
  return true;
}

}  // namespace genai::net
