#include "cli/storage_flags.h"

#include <CLI/CLI.hpp>

#include "cli/oci_identity_flags.h"

namespace genai::cli {

void add_storage_flags(CLI::App& command, upload::StorageOptions& o, bool upload_command) {
  const std::string group = "Uploading results (--upload-results; genai-bench upload)";
  auto flag = [&](const std::string& names, std::string& value, const std::string& help) {
    return command.add_option(names, value, help)->group(group);
  };
  if (!upload_command) {
    command.add_flag("--upload-results,--upload_results", o.upload_results,
                     "after the experiment and its reports, upload its folder (--storage-provider); a failed upload "
                     "leaves the folder and exits 6")
        ->group(group);
  }
  flag("--storage-provider,--storage_provider", o.provider, "oci, aws (and any S3-compatible service), azure, gcp or github")
      ->check(CLI::IsMember({"oci", "aws", "azure", "gcp", "github"}))->capture_default_str();
  flag("--storage-bucket,--storage_bucket", o.bucket, "the bucket (azure: the container; github: the release tag, default the folder's name)");
  flag("--storage-prefix,--storage_prefix", o.prefix, "objects go to PREFIX/FOLDER/FILE");
  flag("--storage-endpoint", o.endpoint,
       "the service's URL instead of the provider's public one: MinIO, an emulator, a sovereign cloud, GitHub Enterprise's API");
  flag("--storage-s3-addressing", o.s3_addressing, "aws: auto (virtual-host on amazonaws.com, else path-style), path or virtual")
      ->capture_default_str();
  flag("--storage-part-size", o.part_size, "files above this go in parts (S3 multipart, Azure blocks, GCS resumable, OCI multipart); 5MiB to 1GiB")
      ->capture_default_str();
  flag("--storage-timeout", o.timeout, "one exchange (a part sent and answered) at most, after a connect of at most 30 s; each request is retried 3 times on a connection error, 408, 429 or 5xx")
      ->capture_default_str();
  flag("--storage-aws-access-key-id,--storage_aws_access_key_id", o.aws_access_key_id, "aws")->envname("AWS_ACCESS_KEY_ID");
  flag("--storage-aws-secret-access-key,--storage_aws_secret_access_key", o.aws_secret_access_key, "aws")
      ->envname("AWS_SECRET_ACCESS_KEY");
  flag("--storage-aws-session-token,--storage_aws_session_token", o.aws_session_token, "aws")->envname("AWS_SESSION_TOKEN");
  flag("--storage-aws-region,--storage_aws_region", o.aws_region, "aws (default: $AWS_REGION, the profile's, us-east-1)")
      ->envname("AWS_DEFAULT_REGION");
  flag("--storage-aws-profile,--storage_aws_profile", o.aws_profile, "aws: a profile of ~/.aws/credentials and ~/.aws/config")
      ->envname("AWS_PROFILE");
  flag("--storage-azure-account-name,--storage_azure_account_name", o.azure_account_name, "azure")
      ->envname("AZURE_STORAGE_ACCOUNT_NAME");
  flag("--storage-azure-account-key,--storage_azure_account_key", o.azure_account_key, "azure: Shared Key")
      ->envname("AZURE_STORAGE_ACCOUNT_KEY");
  flag("--storage-azure-connection-string,--storage_azure_connection_string", o.azure_connection_string,
       "azure: the portal's connection string, or UseDevelopmentStorage=true for Azurite")
      ->envname("AZURE_STORAGE_CONNECTION_STRING");
  flag("--storage-azure-sas-token,--storage_azure_sas_token", o.azure_sas_token, "azure: a SAS token (with the account name or --storage-endpoint)")
      ->envname("AZURE_STORAGE_SAS_TOKEN");
  flag("--storage-gcp-project-id,--storage_gcp_project_id", o.gcp_project_id, "gcp (accepted; writing to a bucket does not need it)")
      ->envname("GCP_PROJECT_ID");
  flag("--storage-gcp-credentials-path,--storage_gcp_credentials_path", o.gcp_credentials_path,
       "gcp: a service-account or authorized-user JSON (default: gcloud's application default credentials)")
      ->envname("GOOGLE_APPLICATION_CREDENTIALS");
  flag("--github-token,--github_token", o.github_token, "github")->envname("GITHUB_TOKEN");
  flag("--github-owner,--github_owner", o.github_owner, "github: the owner (or OWNER/REPO)")->envname("GITHUB_OWNER");
  flag("--github-repo,--github_repo", o.github_repo, "github")->envname("GITHUB_REPO");
  flag("--namespace", o.oci_namespace, "oci: the Object Storage namespace (default: the tenancy's, asked of the service)");
  flag("--storage-auth-type,--storage_auth_type", o.oci_auth_type, "oci: user_principal or security_token (default: --auth)")
      ->check(CLI::IsMember({"user_principal", "security_token", "instance_principal", "instance_obo_user"}));
  if (upload_command) add_oci_identity_flags(command, o.oci, group, "oci");
}

}  // namespace genai::cli
