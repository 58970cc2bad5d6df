#include "mock/media_responses.h"

#include <boost/json.hpp>

#include "common/base64.h"
#include "workload/synthetic_image.h"

namespace genai::mock {

int64_t speech_audio_bytes(int64_t input_bytes) {
  return std::max<int64_t>(1, input_bytes) * kAudioBytesPerInputByte;
}

std::string audio_bytes(int64_t from, int64_t count) {
  std::string bytes(static_cast<size_t>(std::max<int64_t>(0, count)), '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((from + static_cast<int64_t>(i)) * 7 & 0xFF);
  return bytes;
}

std::string_view audio_content_type(std::string_view response_format) {
  if (response_format == "opus") return "audio/ogg";
  if (response_format == "aac") return "audio/aac";
  if (response_format == "flac") return "audio/flac";
  if (response_format == "wav") return "audio/wav";
  if (response_format == "pcm") return "audio/pcm";
  return "audio/mpeg";
}

std::optional<PixelSize> base64_png_size(std::string_view base64) {
  const std::string head = base64_decode_prefix(base64.substr(0, 32));  // 24 bytes: signature + IHDR size
  if (head.size() < 24 || head.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 || head.compare(12, 4, "IHDR") != 0) {
    return std::nullopt;
  }
  auto u32 = [&](size_t at) {
    uint32_t value = 0;
    for (size_t i = 0; i < 4; ++i) value = value << 8 | static_cast<unsigned char>(head[at + i]);
    return static_cast<int64_t>(value);
  };
  return PixelSize{u32(16), u32(20)};
}

std::optional<int64_t> png_data_url_tokens(std::string_view url) {
  constexpr std::string_view kPrefix = "data:image/png;base64,";
  if (!url.starts_with(kPrefix)) return std::nullopt;
  const std::optional<PixelSize> size = base64_png_size(url.substr(kPrefix.size()));
  if (!size) return std::nullopt;
  return ((size->width + 27) / 28) * ((size->height + 27) / 28);
}

std::optional<ImagesRequest> read_images_request(std::string_view body) {
  boost::system::error_code error;
  const boost::json::value json = boost::json::parse(body, error);
  if (error || !json.is_object()) return std::nullopt;
  const boost::json::object& object = json.as_object();
  ImagesRequest request;
  const auto* prompt = object.if_contains("prompt");
  if (prompt == nullptr || !prompt->is_string()) return std::nullopt;
  request.prompt_chars = static_cast<int64_t>(prompt->as_string().size());
  if (const auto* n = object.if_contains("n")) {
    if (!n->is_int64() || n->as_int64() < 1 || n->as_int64() > 10) return std::nullopt;
    request.count = n->as_int64();
  }
  if (const auto* size = object.if_contains("size")) {
    const std::string_view text = size->is_string() ? std::string_view(size->as_string()) : std::string_view();
    const size_t x = text.find('x');
    auto digits = [](std::string_view part) {
      return !part.empty() && part.find_first_not_of("0123456789") == std::string_view::npos;
    };
    if (x == std::string_view::npos || !digits(text.substr(0, x)) || !digits(text.substr(x + 1))) return std::nullopt;
  }
  if (const auto* format = object.if_contains("response_format"); format != nullptr && format->is_string()) {
    request.urls = format->as_string() == "url";
  }
  return request;
}

std::string images_json(const ImagesRequest& request, int64_t created) {
  static const std::string png = base64_encode(workload::synthetic_png(8, 8, 1));
  std::string json = "{\"created\":" + std::to_string(created) + ",\"data\":[";
  for (int64_t i = 0; i < request.count; ++i) {
    if (i > 0) json += ",";
    json += request.urls ? "{\"url\":\"https://mock.invalid/images/" + std::to_string(created) + "-" + std::to_string(i) + ".png\"}"
                         : "{\"b64_json\":\"" + png + "\"}";
  }
  return json + "]}";
}

}  // namespace genai::mock
