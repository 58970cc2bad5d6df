// Signs each OCI Generative AI request (HTTP Signature version 1, RSA-SHA256) with the identity
// of the OCI config file's profile (user principal) or a session token.
#pragma once

#include <memory>

#include "auth/oci_config.h"
#include "auth/request_authorizer.h"

namespace genai::auth {

std::unique_ptr<RequestAuthorizer> make_oci_authorizer(OciIdentity identity);

}  // namespace genai::auth
