#include "workload/synthetic_image.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/base64.h"

namespace genai::workload {
namespace {

// An independent reader: Python's zlib and binascii check every chunk's CRC, inflate the image
// data, and compare its size with what the header promises (one filter byte + 3 bytes a pixel per row).
constexpr const char* kCheckPng = R"(
import binascii, struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'signature'
at, chunks = 8, {}
while at < len(data):
    length, kind = struct.unpack('>I4s', data[at:at + 8])
    body = data[at + 8:at + 8 + length]
    crc, = struct.unpack('>I', data[at + 8 + length:at + 12 + length])
    assert binascii.crc32(kind + body) == crc, 'crc of ' + kind.decode()
    chunks[kind] = chunks.get(kind, b'') + body
    at += 12 + length
width, height, depth, colour = struct.unpack('>IIBB', chunks[b'IHDR'][:10])
raw = zlib.decompress(chunks[b'IDAT'])
assert (depth, colour) == (8, 2), 'format'
assert len(raw) == height * (1 + 3 * width), 'size'
assert b'IEND' in chunks
print(width, height)
)";

TEST(SyntheticImage, PngsDecodeWithAnIndependentReader) {
  if (std::system("python3 -c 'import zlib' >/dev/null 2>&1") != 0) GTEST_SKIP() << "python3 is needed to check PNGs";
  const auto folder = std::filesystem::temp_directory_path();
  std::ofstream(folder / "check_png.py") << kCheckPng;
  // 300 x 250 x 3 bytes is more than one stored deflate block (65,535 bytes).
  for (auto [width, height] : {std::pair{1u, 1u}, std::pair{300u, 250u}}) {
    const std::string path = (folder / "synthetic.png").string();
    std::ofstream(path, std::ios::binary) << synthetic_png(width, height, 7);
    const std::string command = "python3 " + (folder / "check_png.py").string() + " " + path + " > " + path + ".out";
    ASSERT_EQ(std::system(command.c_str()), 0) << width << "x" << height;
    std::ifstream out(path + ".out");
    uint32_t read_width = 0, read_height = 0;
    out >> read_width >> read_height;
    EXPECT_EQ(read_width, width);
    EXPECT_EQ(read_height, height);
  }
}

TEST(SyntheticImage, DataUrlsAreBase64PngsOfTheSizeAndReusedPerVariant) {
  const ImageUrls urls(3);
  const std::string& first = urls.url(64, 32, 0);
  ASSERT_EQ(first.rfind("data:image/png;base64,", 0), 0u);
  const std::string png = synthetic_png(64, 32, 0);
  EXPECT_EQ(base64_decode_prefix(first.substr(22)).size(), png.size());
  EXPECT_EQ(&urls.url(64, 32, ImageUrls::kVariants), &first);  // cycles through the variants
  EXPECT_NE(urls.url(64, 32, 1), first);
  EXPECT_EQ(base64_encode("hi!?"), "aGkhPw==");
  EXPECT_EQ(base64_decode_prefix("aGkhPw=="), "hi!?");
}

}  // namespace
}  // namespace genai::workload
