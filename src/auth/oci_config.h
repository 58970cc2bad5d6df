// The OCI config file (~/.oci/config, INI) and the signing identity a profile in it names: key id,
// private key and region, for user-principal and session-token (security_token) authentication.
#pragma once

#include <memory>
#include <string>

#include "auth/oci_signature.h"
#include "common/result.h"

namespace genai::auth {

// One profile's values, the [DEFAULT] section's filling in what the profile leaves out (as in
// Oracle's Python SDK). Absent keys are empty; key_file and security_token_file have "~" expanded.
struct OciProfile {
  std::string user, fingerprint, key_file, tenancy, region, pass_phrase, security_token_file;
};
// `path` may start with "~/". Errors (unreadable file, malformed line, no such profile) are one line
// naming the file and profile.
Result<OciProfile> read_oci_profile(const std::string& path, const std::string& profile);

struct OciIdentity {
  std::string key_id;  // "<tenancy>/<user>/<fingerprint>", or "ST$<token>" for a session token
  std::shared_ptr<const OciSigningKey> key;
  std::string region;  // empty when the profile has none
};
// `auth`: "user_principal" (needs user, fingerprint, key_file, tenancy) or "security_token" (needs
// key_file, and security_token_file unless `security_token_override` is given). Errors name the
// file, the profile and every missing key; they never contain key material or the token.
Result<OciIdentity> load_oci_identity(std::string auth, const std::string& config_path, const std::string& profile,
                                      const std::string& security_token_override);

}  // namespace genai::auth
