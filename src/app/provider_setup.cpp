#include "app/provider_setup.h"

#include <cstdlib>

#include "auth/aws_credentials.h"
#include "auth/google_token_authorizer.h"
#include "auth/oci_authorizer.h"
#include "auth/oci_instance_principal.h"
#include "auth/sigv4_authorizer.h"

namespace genai::app {
namespace {

std::string first_set(std::initializer_list<std::string> values) {
  for (const std::string& value : values) {
    if (!value.empty()) return value;
  }
  return {};
}

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// The key each provider takes, in Python genai-bench's order (flags first, then its variables).
std::string provider_key(const cli::BenchmarkOptions& options) {
  const std::string& backend = options.api_backend;
  const std::string& model_key = options.provider.model_api_key;  // also $MODEL_API_KEY (CLI11)
  if (backend == "anthropic") return first_set({options.api_key, model_key, environment("ANTHROPIC_API_KEY")});
  if (backend == "azure-openai") return first_set({model_key, options.api_key, environment("AZURE_OPENAI_API_KEY")});
  if (backend == "cohere") return first_set({model_key, options.api_key, environment("CO_API_KEY")});
  if (backend == "together") return first_set({model_key, options.api_key, environment("TOGETHER_API_KEY")});
  if (backend == "gcp-vertex") return first_set({model_key, environment("GCP_API_KEY")});
  if (backend == "aws-bedrock" || backend.starts_with("oci-")) return {};  // signed, not keyed
  return first_set({options.api_key, environment("API_KEY"), environment("OPENAI_API_KEY")});
}

std::string aws_region(const cli::ProviderFlags& flags) {
  return first_set({flags.aws_region, environment("AWS_REGION"), environment("AWS_DEFAULT_REGION")});
}

}  // namespace

Result<ProviderTarget> resolve_provider(const cli::BenchmarkOptions& options) {
  const cli::ProviderFlags& flags = options.provider;
  const std::string& backend = options.api_backend;
  ProviderTarget target;
  target.api_key = provider_key(options);
  target.api_base = options.api_base;
  api::ProviderOptions& provider = target.options;
  provider.anthropic_version = flags.anthropic_version;
  provider.azure_deployment = flags.azure_deployment;
  provider.azure_api_version = flags.azure_api_version;
  provider.azure_ad_token = flags.azure_ad_token;
  provider.bedrock_api = flags.bedrock_api;
  provider.gcp_project_id = flags.gcp_project_id;
  provider.gcp_location = flags.gcp_location;

  if (backend == "azure-openai") {
    // As Python genai-bench: --azure-endpoint, else --api-base.
    target.api_base = first_set({flags.azure_endpoint, options.api_base});
    if (target.api_base.empty()) return make_error("--api-backend azure-openai: give --azure-endpoint (or --api-base)");
    if (target.api_key.empty() && flags.azure_ad_token.empty()) {
      return make_error("--api-backend azure-openai: give --model-api-key (or $AZURE_OPENAI_API_KEY) or --azure-ad-token");
    }
  } else if (backend == "gcp-vertex" && flags.gcp_project_id.empty()) {
    return make_error("--api-backend gcp-vertex: give --gcp-project-id (or $GCP_PROJECT_ID)");
  } else if ((backend == "anthropic" || backend == "cohere" || backend == "together") && target.api_key.empty() &&
             options.api_base.empty()) {
    return make_error("--api-backend " + backend + ": give --api-key or --model-api-key (or the provider's variable)");
  }
  if (!target.api_base.empty()) return target;

  // No --api-base: the provider's own service (the OpenAI family keeps the built-in mock).
  if (backend == "anthropic") target.api_base = "https://api.anthropic.com";
  else if (backend == "cohere") target.api_base = "https://api.cohere.com";
  else if (backend == "together") target.api_base = "https://api.together.xyz";
  else if (backend == "aws-bedrock") target.api_base = "https://bedrock-runtime." + first_set({aws_region(flags), "us-east-1"}) + ".amazonaws.com";
  else if (backend == "gcp-vertex") {
    target.api_base = flags.gcp_location == "global" ? "https://aiplatform.googleapis.com"
                                                     : "https://" + flags.gcp_location + "-aiplatform.googleapis.com";
  } else if (backend.starts_with("oci-")) {
    if (flags.oci.region.empty()) return make_error("--api-backend " + backend + ": give --api-base (the service endpoint) or --region");
    target.api_base = "https://inference.generativeai." + flags.oci.region + ".oci.oraclecloud.com";
    if (backend == "oci-openai") target.api_base += "/openai/v1";  // the OpenAI-compatible API's root
  }
  return target;
}

Result<std::unique_ptr<auth::RequestAuthorizer>> make_provider_authorizer(
    const std::string& api_backend, const cli::ProviderFlags& flags, const std::string& api_key,
    std::function<void(const std::string&)> report) {
  if (api_backend == "aws-bedrock") {
    auto aws = auth::resolve_aws_credentials({flags.aws_access_key_id, flags.aws_secret_access_key,
                                              flags.aws_session_token, flags.aws_profile, flags.aws_region});
    if (!aws) return make_error("--api-backend aws-bedrock: " + aws.error());
    auth::SigV4Scope scope;
    scope.region = aws->region;
    scope.service = "bedrock";  // the signing name of bedrock-runtime
    return auth::make_sigv4_authorizer(aws->credentials, scope);
  }
  if (api_backend.starts_with("oci-")) {
    if (flags.oci.auth == "instance_obo_user") {
      return make_error("--auth instance_obo_user: not supported yet; use instance_principal, user_principal or security_token");
    }
    if (flags.oci.auth == "instance_principal") {
      // The instance's certificate from its metadata service, exchanged for a session token
      // (kept fresh off the event loops); both addresses as Oracle's SDKs take them.
      auto authorizer = auth::OciInstancePrincipalAuthorizer::start(auth::oci_instance_principal_endpoints_from_environment(),
                                                                   auth::oci_http_over_the_network(), std::move(report));
      if (!authorizer) return make_error("--api-backend " + api_backend + " --auth instance_principal: " + authorizer.error());
      return std::unique_ptr<auth::RequestAuthorizer>(std::move(*authorizer));
    }
    std::string config = flags.oci.config_file;
    if (config.starts_with("~/")) config = environment("HOME") + config.substr(1);
    auto identity = auth::load_oci_identity(flags.oci.auth, config, flags.oci.profile, flags.oci.security_token);
    if (!identity) return make_error("--api-backend " + api_backend + ": " + identity.error());
    return auth::make_oci_authorizer(std::move(*identity));
  }
  if (api_backend == "gcp-vertex" && api_key.empty()) {
    auto credentials = auth::load_google_credentials(flags.gcp_credentials_path);
    if (!credentials) return make_error("--api-backend gcp-vertex: " + credentials.error());
    auto authorizer = auth::GoogleTokenAuthorizer::start(std::move(*credentials), auth::GoogleTokenAuthorizer::post_over_the_network(),
                                                         std::move(report));
    if (!authorizer) return make_error("--api-backend gcp-vertex: cannot get an access token: " + authorizer.error());
    return std::unique_ptr<auth::RequestAuthorizer>(std::move(*authorizer));
  }
  return std::unique_ptr<auth::RequestAuthorizer>();
}

}  // namespace genai::app
