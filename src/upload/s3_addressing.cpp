#include "upload/s3_addressing.h"

#include <cctype>

#include "upload/folder_files.h"

namespace genai::upload {

namespace {

// A bucket name that can be a DNS label under TLS: lowercase letters, digits and '-', 3-63 long.
bool dns_compatible(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63 || bucket.front() == '-' || bucket.back() == '-') return false;
  for (char c : bucket) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-')) {
      return false;
    }
  }
  return true;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

S3BucketAddress s3_bucket_address(const Endpoint& endpoint, const std::string& bucket, const std::string& addressing) {
  bool virtual_host = addressing == "virtual";
  if (addressing == "auto") {
    const std::string host = endpoint.host.substr(0, endpoint.host.find(':'));
    const bool aws = host == "amazonaws.com" || ends_with(host, ".amazonaws.com") || ends_with(host, ".amazonaws.com.cn");
    virtual_host = aws && dns_compatible(bucket);
  }
  S3BucketAddress address;
  if (virtual_host) {
    address.host = bucket + "." + endpoint.host;
    address.origin = (endpoint.tls ? "https://" : "http://") + address.host;
    address.bucket_path = endpoint.path;
  } else {
    address.host = endpoint.host;
    address.origin = endpoint.origin;
    address.bucket_path = endpoint.path + "/" + percent_encode(bucket, false);
  }
  return address;
}

}  // namespace genai::upload
