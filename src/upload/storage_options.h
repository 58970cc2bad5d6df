// Where `--upload-results` and `genai-bench upload` send an experiment folder, and with which
// credentials: Python genai-bench's storage flags (each also read from the environment variable
// Python reads), plus our --storage-endpoint, --storage-s3-addressing and --storage-part-size.
#pragma once

#include <cstdint>
#include <string>

#include "auth/oci_identity_options.h"

namespace genai::upload {

struct StorageOptions {
  bool upload_results = false;
  std::string provider = "oci";  // oci, aws, azure, gcp, github (Python's default is oci)
  std::string bucket;            // bucket; Azure: container; GitHub: release tag
  std::string prefix;
  std::string endpoint;          // empty: the provider's public endpoint
  std::string s3_addressing = "auto";  // auto (virtual on *.amazonaws.com, else path), path, virtual
  std::string part_size = "16MiB";     // files larger than this go in parts (multipart, blocks, chunks)
  std::string timeout = "5m";          // one request (a whole part) at most

  std::string aws_access_key_id, aws_secret_access_key, aws_session_token, aws_region, aws_profile;
  std::string azure_account_name, azure_account_key, azure_connection_string, azure_sas_token;
  std::string gcp_project_id, gcp_credentials_path;
  std::string github_token, github_owner, github_repo;
  // OCI: the tenancy's namespace (empty: asked of the service), and the identity: --storage-auth-type,
  // else the benchmark's --auth, with its --config-file, --profile, --region and --security-token.
  std::string oci_namespace, oci_auth_type;
  auth::OciIdentityOptions oci;
};

}  // namespace genai::upload
