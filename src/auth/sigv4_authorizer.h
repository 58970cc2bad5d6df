// Signs each Bedrock request with AWS Signature Version 4 (service "bedrock"), from credentials
// resolved once before the run (flags, environment, or a profile of ~/.aws).
#pragma once

#include <memory>

#include "auth/request_authorizer.h"
#include "auth/sigv4.h"

namespace genai::auth {

std::unique_ptr<RequestAuthorizer> make_sigv4_authorizer(AwsCredentials credentials, SigV4Scope scope);

}  // namespace genai::auth
