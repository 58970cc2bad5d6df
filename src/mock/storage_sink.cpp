#include "mock/storage_sink.h"

namespace genai::mock {

namespace {

std::string response(int status, std::string_view reason, std::string_view content_type, std::string_view body,
                     std::string_view extra_headers = "") {
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\nContent-Type: " + std::string(content_type) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + std::string(extra_headers) +
         "Connection: keep-alive\r\n\r\n" + std::string(body);
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

std::optional<std::string> storage_sink_response(std::string_view method, std::string_view target, std::string_view host,
                                                 bool azure) {
  if (!target.starts_with(kStorageSinkRoot)) return std::nullopt;
  const std::string_view path = target.substr(0, target.find('?'));
  const std::string_view query = target.size() > path.size() ? target.substr(path.size() + 1) : std::string_view();
  const std::string root = "http://" + std::string(host) + std::string(kStorageSinkRoot);
  if (method == "POST" && path.ends_with("/token")) {  // a Google service account's token_uri
    return response(200, "OK", "application/json", R"({"access_token":"mock-storage-token","expires_in":3600,"token_type":"Bearer"})");
  }
  if (method == "GET" && path.ends_with("/n/")) return response(200, "OK", "application/json", "\"mocknamespace\"");
  if (method == "GET" && contains(path, "/releases/tags/")) {
    const std::string release = R"({"id":1,"upload_url":")" + root + R"(/release-assets{?name,label}","assets":[]})";
    return response(200, "OK", "application/json", release);
  }
  if (method == "POST" && contains(path, "/release-assets")) return response(201, "Created", "application/json", R"({"id":2})");
  if (method == "POST" && contains(path, "/upload/storage/v1/")) return response(200, "OK", "application/json", "{}");
  if (method == "POST" && query.starts_with("uploads")) {  // S3 CreateMultipartUpload
    return response(200, "OK", "application/xml", "<InitiateMultipartUploadResult><UploadId>mock</UploadId></InitiateMultipartUploadResult>");
  }
  if (method == "POST" && path.ends_with("/u")) return response(200, "OK", "application/json", R"({"uploadId":"mock"})");
  if (method == "POST" || method == "DELETE") return response(method == "DELETE" ? 204 : 200, "OK", "application/xml", "");
  if (method == "PUT") {
    if (azure) return response(201, "Created", "application/xml", "");
    return response(200, "OK", "application/xml", "", "ETag: \"mock\"\r\n");
  }
  return response(404, "Not Found", "application/json", R"({"code":"NotFound","message":"no such storage route"})");
}

}  // namespace genai::mock
