// AWS keys and region for SigV4, found the way boto3 finds static keys: flags, environment, then a
// profile of the shared credentials and config files. Roles, SSO and credential_process are not
// resolved (they need AWS endpoints or a subprocess); such a profile gets an error saying so.
#pragma once

#include <cstdlib>
#include <functional>
#include <string>

#include "auth/sigv4.h"
#include "common/result.h"

namespace genai::auth {

// What the command line gave (empty: not given).
struct AwsCredentialInputs {
  std::string access_key_id, secret_access_key, session_token, profile, region;
};

struct ResolvedAws {
  AwsCredentials credentials;
  std::string region;
  std::string source;  // for logs, never a secret: "command line", "environment (AWS_ACCESS_KEY_ID)",
                       // "profile bench in /root/.aws/credentials"
};

// Keys: the flags' access key id and secret (both or neither; their session token with them);
// else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, unless a profile flag was
// given (an explicit profile overrides the environment's keys, as in botocore); else the profile
// (flag, else AWS_PROFILE, else "default") from AWS_SHARED_CREDENTIALS_FILE (default
// ~/.aws/credentials, section [name]), then from AWS_CONFIG_FILE (default ~/.aws/config, section
// [profile name], or [default]).
// Region: flag, else AWS_REGION, else AWS_DEFAULT_REGION, else the profile's region (config file,
// then credentials file), else us-east-1.
// A profile that is named (flag or AWS_PROFILE) but in neither file is an error whenever it is
// read; missing files are not (the error lists where we looked). Errors are one line naming the
// file, profile or setting at fault and never contain a secret. Empty variables count as unset.
genai::Result<ResolvedAws> resolve_aws_credentials(
    const AwsCredentialInputs& inputs, const std::function<const char*(const char*)>& getenv_fn = ::getenv);

}  // namespace genai::auth
