// Where an S3 bucket's objects are addressed, as boto3 decides it: virtual-host style
// (https://BUCKET.s3.REGION.amazonaws.com/KEY) on AWS for a bucket that can be a DNS label,
// path style (https://HOST/BUCKET/KEY) otherwise, unless --storage-s3-addressing says which.
#pragma once

#include <string>

#include "upload/storage_http.h"

namespace genai::upload {

struct S3BucketAddress {
  std::string origin;       // scheme://host[:port]
  std::string host;         // the Host header, signed
  std::string bucket_path;  // the path before "/KEY", percent-encoded: "" or "/bucket" or "/base/bucket"
};

// `addressing`: auto, path or virtual.
S3BucketAddress s3_bucket_address(const Endpoint& endpoint, const std::string& bucket, const std::string& addressing);

}  // namespace genai::upload
