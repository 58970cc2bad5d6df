#include "workload/synthetic_image.h"

#include <boost/crc.hpp>

#include "common/base64.h"
#include "workload/random.h"

namespace genai::workload {
namespace {

void append_u32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xFF));
}

void append_chunk(std::string& png, const char* type, const std::string& data) {
  append_u32(png, static_cast<uint32_t>(data.size()));
  const std::string typed = std::string(type, 4) + data;
  png += typed;
  boost::crc_32_type crc;
  crc.process_bytes(typed.data(), typed.size());
  append_u32(png, crc.checksum());
}

// zlib stream of stored deflate blocks (at most 65,535 bytes each) with its Adler-32.
std::string zlib_stored(const std::string& raw) {
  std::string out = "\x78\x01";
  uint32_t a = 1, b = 0;
  for (unsigned char byte : raw) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  size_t at = 0;
  do {
    const size_t length = std::min<size_t>(65535, raw.size() - at);
    const bool last = at + length == raw.size();
    out.push_back(static_cast<char>(last ? 1 : 0));
    out.push_back(static_cast<char>(length & 0xFF));
    out.push_back(static_cast<char>(length >> 8));
    out.push_back(static_cast<char>(~length & 0xFF));
    out.push_back(static_cast<char>((~length >> 8) & 0xFF));
    out.append(raw, at, length);
    at += length;
  } while (at < raw.size());
  append_u32(out, b << 16 | a);
  return out;
}

}  // namespace

std::string synthetic_png(uint32_t width, uint32_t height, uint64_t seed) {
  Random random(seed);
  std::string raw;
  raw.reserve(static_cast<size_t>(height) * (1 + 3 * static_cast<size_t>(width)));
  for (uint32_t y = 0; y < height; ++y) {
    raw.push_back('\0');  // filter: none
    for (uint32_t x = 0; x < width; ++x) {
      const uint64_t noise = random();
      raw.push_back(static_cast<char>((x * 255 / std::max(1u, width - 1) + (noise & 0x1F)) & 0xFF));
      raw.push_back(static_cast<char>((y * 255 / std::max(1u, height - 1) + (noise >> 8 & 0x1F)) & 0xFF));
      raw.push_back(static_cast<char>(((x + y) * 127 / std::max(1u, width + height - 2) + (noise >> 16 & 0x3F)) & 0xFF));
    }
  }
  std::string header;
  append_u32(header, width);
  append_u32(header, height);
  header += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, deflate, no filter method, no interlace
  std::string png = "\x89PNG\r\n\x1a\n";
  append_chunk(png, "IHDR", header);
  append_chunk(png, "IDAT", zlib_stored(raw));
  append_chunk(png, "IEND", "");
  return png;
}

const std::string& ImageUrls::url(uint32_t width, uint32_t height, uint64_t pick) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string>& variants = urls_[{width, height}];
  if (variants.empty()) {
    for (int v = 0; v < kVariants; ++v) {
      const uint64_t seed = Random::mix(seed_ ^ (uint64_t{width} << 40) ^ (uint64_t{height} << 20) ^ static_cast<uint64_t>(v));
      variants.push_back("data:image/png;base64," + base64_encode(synthetic_png(width, height, seed)));
    }
  }
  return variants[pick % variants.size()];
}

}  // namespace genai::workload
