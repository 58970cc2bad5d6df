// Wires a hosted provider from its flags: which key it takes (and from which environment
// variables), where it is served when --api-base is not given, its options for the backend, and
// the per-request authorisation it needs (SigV4, OCI signatures, Google OAuth tokens).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "api/backend.h"
#include "auth/request_authorizer.h"
#include "cli/benchmark_options.h"
#include "common/result.h"

namespace genai::app {

struct ProviderTarget {
  std::string api_base;  // the provider's own endpoint when --api-base is not given; empty: the built-in mock
  std::string api_key;   // the static key the backend sends ("" for signed providers)
  api::ProviderOptions options;
};

// The provider's endpoint, key and options for --api-backend; an error names the missing flag.
Result<ProviderTarget> resolve_provider(const cli::BenchmarkOptions& options);

// The authorizer --api-backend needs (null for key-based providers). Google's fetches its first
// token here (over the network: call before the run's clock). `report` gets one line per later
// token-refresh failure.
Result<std::unique_ptr<auth::RequestAuthorizer>> make_provider_authorizer(
    const std::string& api_backend, const cli::ProviderFlags& flags, const std::string& api_key,
    std::function<void(const std::string&)> report);

}  // namespace genai::app
