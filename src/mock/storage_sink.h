// Object storage that keeps nothing: under /mock-storage/ the mock answers the requests an upload
// makes to each provider (S3 and Azure PUTs, GCS media uploads and their token, OCI's namespace and
// PutObject, a GitHub release and its assets) with the status each service gives, so a benchmark
// with --upload-results runs whole against the mock alone (Python's documented upload commands,
// `make demo`). It checks no signature: the emulators and stand-ins of tests/reference do that.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace genai::mock {

inline constexpr std::string_view kStorageSinkRoot = "/mock-storage";

// The whole HTTP response for a request under kStorageSinkRoot, nullopt for any other target.
// `host`: the Host header (the GitHub release's upload_url points back at it); `azure`: the request
// carries x-ms-version (Azure answers 201 Created where S3 answers 200).
std::optional<std::string> storage_sink_response(std::string_view method, std::string_view target, std::string_view host,
                                                 bool azure);

}  // namespace genai::mock
