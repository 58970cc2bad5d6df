#include "cli/oci_identity_flags.h"

#include <CLI/CLI.hpp>

namespace genai::cli {

void add_oci_identity_flags(CLI::App& command, auth::OciIdentityOptions& o, const std::string& group, const std::string& who) {
  auto flag = [&](const std::string& names, std::string& value, const std::string& help) {
    return command.add_option(names, value, who + ": " + help)->group(group);
  };
  flag("--auth", o.auth, "user_principal, security_token or instance_principal (the instance's metadata service)")
      ->check(CLI::IsMember({"user_principal", "security_token", "instance_principal", "instance_obo_user"}))->capture_default_str();
  flag("--config-file,--config_file", o.config_file, "the OCI config file")->capture_default_str();
  flag("--profile", o.profile, "the profile of the config file")->capture_default_str();
  flag("--region", o.region, "the region (default: the profile's)");
  flag("--security-token,--security_token", o.security_token, "with --auth security_token: the token (default: the profile's file)");
}

}  // namespace genai::cli
