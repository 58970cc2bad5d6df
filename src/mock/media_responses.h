// What the mock answers the OpenAI media endpoints with, as pure functions (testable without a
// socket): /v1/images/generations, a JSON list of small PNGs; /v1/audio/speech, bytes standing for
// audio, as many as the text to speak decides, sent in chunks over time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace genai::mock {

// The audio for a text of `input_bytes` bytes: 64 bytes a byte of text (at least 64), roughly an
// MP3's size for speech at 24 kHz. Sent kAudioChunkBytes at a time: the first chunk after the
// mock's TTFT, each next one an ITL later.
inline constexpr int64_t kAudioBytesPerInputByte = 64;
inline constexpr int64_t kAudioChunkBytes = 4096;
int64_t speech_audio_bytes(int64_t input_bytes);
// Bytes [from, from + count) of the audio: a fixed pattern with every byte value (NULs and CR LF
// included), so clients must treat the body as binary.
std::string audio_bytes(int64_t from, int64_t count);
// The Content-Type of OpenAI's response_format (mp3 when absent or unknown).
std::string_view audio_content_type(std::string_view response_format);

// An image input the mock can count: a PNG data URL, read as a vision encoder sizes it, ceil(w/28) x
// ceil(h/28) tokens (Qwen2-VL's merged patches; width and height from the PNG's IHDR). Nothing for
// anything else.
std::optional<int64_t> png_data_url_tokens(std::string_view url);
// The width and height in the IHDR of a base64-encoded PNG; nothing when it is not one.
struct PixelSize {
  int64_t width = 0, height = 0;
};
std::optional<PixelSize> base64_png_size(std::string_view base64);

// A request to /v1/images/generations as the mock reads it; nothing when the body is not one
// (a prompt string is required; n must be 1-10; size, when present, "WxH").
struct ImagesRequest {
  int64_t count = 1;
  bool urls = false;  // response_format "url": links instead of b64_json
  int64_t prompt_chars = 0;
};
std::optional<ImagesRequest> read_images_request(std::string_view body);

// {"created", "data": [{"b64_json": <an 8 x 8 PNG>} or {"url": ...}, ...]}: the images' bytes are
// not what a benchmark of the server measures, so whatever the size asked they are small.
std::string images_json(const ImagesRequest& request, int64_t created);

}  // namespace genai::mock
