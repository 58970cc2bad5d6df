// Images a dataset holds, as the URLs an image-text-to-text request sends: the image's own bytes
// in a data URL (its type read from its first bytes: PNG, JPEG, WebP, GIF), or an http(s) URL
// passed on as it is. Images are never decoded nor resized: a vision encoder's cost is measured
// on the images the dataset has.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace genai::workload {

// "image/png", "image/jpeg", "image/webp", "image/gif", or "" when the bytes are none of those.
std::string_view image_media_type(std::string_view bytes);

// What an image column holds: an http(s) or data: URL (as is), a file path (relative to
// `base_folder`), or Hugging Face's Image struct {"bytes": ..., "path": ...}.
Result<std::string> image_url_of(const boost::json::value& value, const std::string& base_folder);

// Image files (png, jpg/jpeg, webp, gif) as rows {"image": {"path": FILE}, ...}, sorted by path,
// with the columns of any metadata.jsonl or metadata.csv among `files` whose file_name names the
// image (relative to the metadata file), as the `datasets` library's imagefolder reads them.
Result<std::vector<boost::json::value>> image_rows(const std::vector<std::string>& files);

}  // namespace genai::workload
