// Where an OCI signing identity comes from, as the command line gives it (--auth, --config-file,
// --profile, --region, --security-token): the oci-* backends' and the uploads to Object Storage.
#pragma once

#include <string>

namespace genai::auth {

struct OciIdentityOptions {
  std::string auth = "user_principal";  // user_principal, security_token, instance_principal, instance_obo_user
  std::string config_file = "~/.oci/config", profile = "DEFAULT";
  std::string region;          // empty: the profile's (or the instance's)
  std::string security_token;  // empty: the profile's security_token_file
};

}  // namespace genai::auth
