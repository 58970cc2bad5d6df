// Images for image-text-to-text scenarios I(w,h) / I(w,h,n): PNGs of the scenario's size, made
// from a seed, sent as base64 data URLs. A vision encoder's cost depends on the pixel count, not
// on what the picture shows, so a few variants per size are made once and reused.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace genai::workload {

// A w x h RGB PNG: a colour gradient with seeded noise (so it is not one flat colour).
// Hand-written: no PNG library is among the project's dependencies, and a valid PNG needs only
// stored (uncompressed) deflate blocks, CRC-32 (Boost.CRC) and Adler-32.
std::string synthetic_png(uint32_t width, uint32_t height, uint64_t seed);

// data:image/png;base64,... URLs, `kVariants` per size, made on first use. Thread-safe.
class ImageUrls {
 public:
  static constexpr int kVariants = 4;
  explicit ImageUrls(uint64_t seed) : seed_(seed) {}
  const std::string& url(uint32_t width, uint32_t height, uint64_t pick) const;

 private:
  uint64_t seed_;
  mutable std::mutex mutex_;
  mutable std::map<std::pair<uint32_t, uint32_t>, std::vector<std::string>> urls_;
};

}  // namespace genai::workload
