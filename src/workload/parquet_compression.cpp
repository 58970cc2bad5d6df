// One function per codec. The streaming codecs (gzip, zstd, brotli) grow their output as it is
// produced, because their compression ratio has no useful bound; snappy and LZ4 have one
// (about 22x and 255x), so a claimed size beyond it is refused before allocating.
#include "workload/parquet_compression.h"

#include <brotli/decode.h>
#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <memory>

#include "workload/parquet_metadata.h"

namespace genai::workload {
namespace {

// A first guess at the output size: most pages compress less than this, so one allocation.
size_t initial_capacity(size_t compressed_size, size_t uncompressed_size) {
  return std::min(uncompressed_size, compressed_size * 16 + 65536);
}

// Grows `out` towards `limit`; false when it is already there (the data decompresses to more
// than the header said).
bool grow(std::string& out, size_t limit) {
  if (out.size() >= limit) return false;
  out.resize(std::min(limit, std::max<size_t>(out.size() * 2, 4096)));
  return true;
}

Status wrong_size(size_t produced, size_t expected) {
  return make_error("page decompresses to " + std::string(produced > expected ? "more than " : "") +
                    std::to_string(produced) + " bytes, its header says " + std::to_string(expected));
}

Status snappy_page(std::string_view in, size_t expected, std::string& out) {
  size_t length = 0;
  if (!snappy::GetUncompressedLength(in.data(), in.size(), &length)) return make_error("corrupt snappy data");
  if (length != expected) return wrong_size(length, expected);
  if (length > in.size() * 24 + 64) return make_error("corrupt snappy data (impossible compression ratio)");
  out.resize(length);
  if (!snappy::RawUncompress(in.data(), in.size(), out.data())) return make_error("corrupt snappy data");
  return Ok{};
}

Status gzip_page(std::string_view in, size_t expected, std::string& out) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 32) != Z_OK) return make_error("zlib initialisation failed");  // 32: gzip or zlib header
  const std::unique_ptr<z_stream, int (*)(z_stream*)> cleanup(&stream, inflateEnd);
  out.resize(initial_capacity(in.size(), expected));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream.avail_in = static_cast<uInt>(in.size());
  size_t produced = 0;
  while (true) {
    if (produced == out.size() && !grow(out, expected + 1)) return wrong_size(out.size(), expected);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    stream.avail_out = static_cast<uInt>(std::min<size_t>(out.size() - produced, 1u << 30));
    const uInt before = stream.avail_out;
    const int result = inflate(&stream, Z_NO_FLUSH);
    produced += before - stream.avail_out;
    if (result == Z_STREAM_END) {
      if (stream.avail_in == 0) break;
      if (inflateReset(&stream) != Z_OK) return make_error("corrupt gzip data");  // another gzip member follows
      continue;
    }
    if (result != Z_OK && result != Z_BUF_ERROR) return make_error("corrupt gzip data");
    if (result == Z_BUF_ERROR && stream.avail_in == 0) return make_error("gzip data ends early");
  }
  if (produced != expected) return wrong_size(produced, expected);
  out.resize(produced);
  return Ok{};
}

Status zstd_page(std::string_view in, size_t expected, std::string& out) {
  const std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> context(ZSTD_createDCtx(), ZSTD_freeDCtx);
  if (!context) return make_error("zstd initialisation failed");
  out.resize(initial_capacity(in.size(), expected));
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  size_t produced = 0;
  size_t result = 1;
  while (input.pos < input.size || result != 0) {
    if (produced == out.size() && !grow(out, expected + 1)) return wrong_size(out.size(), expected);
    ZSTD_outBuffer output{out.data(), out.size(), produced};
    result = ZSTD_decompressStream(context.get(), &output, &input);
    if (ZSTD_isError(result)) return make_error(std::string("corrupt zstd data: ") + ZSTD_getErrorName(result));
    const bool stuck = output.pos == produced && input.pos == input.size;
    produced = output.pos;
    if (stuck && result != 0) return make_error("zstd data ends early");
  }
  if (produced != expected) return wrong_size(produced, expected);
  out.resize(produced);
  return Ok{};
}

Status brotli_page(std::string_view in, size_t expected, std::string& out) {
  const std::unique_ptr<BrotliDecoderState, void (*)(BrotliDecoderState*)> state(
      BrotliDecoderCreateInstance(nullptr, nullptr, nullptr), BrotliDecoderDestroyInstance);
  if (!state) return make_error("brotli initialisation failed");
  out.resize(initial_capacity(in.size(), expected));
  size_t available_in = in.size();
  const auto* next_in = reinterpret_cast<const uint8_t*>(in.data());
  size_t produced = 0;
  while (true) {
    if (produced == out.size() && !grow(out, expected + 1)) return wrong_size(out.size(), expected);
    size_t available_out = out.size() - produced;
    auto* next_out = reinterpret_cast<uint8_t*>(out.data() + produced);
    const BrotliDecoderResult result =
        BrotliDecoderDecompressStream(state.get(), &available_in, &next_in, &available_out, &next_out, nullptr);
    produced = out.size() - available_out;
    if (result == BROTLI_DECODER_RESULT_SUCCESS) break;
    if (result == BROTLI_DECODER_RESULT_ERROR) return make_error("corrupt brotli data");
    if (result == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) return make_error("brotli data ends early");
  }
  if (produced != expected) return wrong_size(produced, expected);
  out.resize(produced);
  return Ok{};
}

// LZ4's block format expands at most 255 times; beyond that a claimed size is a lie.
bool lz4_size_possible(size_t compressed_size, size_t size) {
  return size <= compressed_size * 255 + 64 && compressed_size <= LZ4_MAX_INPUT_SIZE && size <= LZ4_MAX_INPUT_SIZE;
}

bool lz4_block(std::string_view in, char* out, size_t size) {
  if (!lz4_size_possible(in.size(), size)) return false;
  const int produced = LZ4_decompress_safe(in.data(), out, static_cast<int>(in.size()), static_cast<int>(size));
  return produced >= 0 && static_cast<size_t>(produced) == size;
}

uint32_t big_endian_32(std::string_view bytes) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

// The deprecated LZ4 codec is Hadoop's framing (per block: big-endian decompressed and compressed
// sizes, then an LZ4 block) in the files of parquet-mr and arrow-rs; some older writers put a bare
// block. Tried in that order, as Arrow C++ does.
Status lz4_hadoop_page(std::string_view in, size_t expected, std::string& out) {
  if (!lz4_size_possible(in.size(), expected)) return make_error("corrupt LZ4 data (impossible compression ratio)");
  out.resize(expected);
  std::string_view rest = in;
  size_t produced = 0;
  while (rest.size() >= 8) {
    const uint32_t block_size = big_endian_32(rest);
    const uint32_t compressed_size = big_endian_32(rest.substr(4));
    if (compressed_size > rest.size() - 8 || block_size > expected - produced ||
        !lz4_block(rest.substr(8, compressed_size), out.data() + produced, block_size)) {
      break;
    }
    produced += block_size;
    rest.remove_prefix(8 + compressed_size);
  }
  if (rest.empty() && produced == expected) return Ok{};
  if (lz4_block(in, out.data(), expected)) return Ok{};
  return make_error("corrupt LZ4 data");
}

}  // namespace

Status decompress_parquet_page(int32_t codec, std::string_view compressed, size_t uncompressed_size, std::string& out) {
  switch (codec) {
    case parquet_codec::uncompressed:
      if (compressed.size() != uncompressed_size) return wrong_size(compressed.size(), uncompressed_size);
      out.assign(compressed);
      return Ok{};
    case parquet_codec::snappy: return snappy_page(compressed, uncompressed_size, out);
    case parquet_codec::gzip: return gzip_page(compressed, uncompressed_size, out);
    case parquet_codec::zstd: return zstd_page(compressed, uncompressed_size, out);
    case parquet_codec::brotli: return brotli_page(compressed, uncompressed_size, out);
    case parquet_codec::lz4: return lz4_hadoop_page(compressed, uncompressed_size, out);
    case parquet_codec::lz4_raw:
      if (!lz4_size_possible(compressed.size(), uncompressed_size)) {
        return make_error("corrupt LZ4_RAW data (impossible compression ratio)");
      }
      out.resize(uncompressed_size);
      if (!lz4_block(compressed, out.data(), uncompressed_size)) return make_error("corrupt LZ4_RAW data");
      return Ok{};
    default: return make_error("unsupported compression " + parquet_codec_name(codec));
  }
}

}  // namespace genai::workload
