// Reads ~/.oci/config the way Oracle's Python SDK does (configparser: "key = value" or "key: value",
// '#'/';' comment lines, lower-case keys, [DEFAULT] inherited) and turns a profile into an OciIdentity.
#include "auth/oci_config.h"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

namespace genai::auth {

namespace {

using Section = std::map<std::string, std::string>;
using IniFile = std::map<std::string, Section>;

constexpr const char* default_section = "DEFAULT";

std::string trim(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  const size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string ascii_lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

std::string home_directory() {
  if (const char* home = std::getenv("HOME"); home && *home) return home;
  if (const passwd* entry = getpwuid(getuid()); entry && entry->pw_dir) return entry->pw_dir;
  return {};
}

// "~" and "~/x" only, as Python's os.path.expanduser does for the current user.
std::string expand_home(const std::string& path) {
  if (path == "~" || path.rfind("~/", 0) == 0) return home_directory() + path.substr(1);
  return path;
}

Result<std::string> read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(std::strerror(errno));
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// Lines are reported by number only: a malformed line might hold a pass phrase.
Result<IniFile> parse_ini(const std::string& text, const std::string& path) {
  IniFile file;
  Section* section = nullptr;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    const std::string where = "OCI config " + path + " line " + std::to_string(number);
    if (line.front() == '[') {
      if (line.back() != ']' || trim(line.substr(1, line.size() - 2)).empty()) {
        return make_error(where + ": malformed [profile] header");
      }
      section = &file[trim(line.substr(1, line.size() - 2))];
      continue;
    }
    const size_t delimiter = line.find_first_of("=:");
    if (delimiter == std::string::npos || trim(line.substr(0, delimiter)).empty()) {
      return make_error(where + ": expected key=value");
    }
    if (!section) return make_error(where + ": key=value before any [profile] header");
    (*section)[ascii_lower(trim(line.substr(0, delimiter)))] = trim(line.substr(delimiter + 1));
  }
  return file;
}

Section merged_profile(const IniFile& file, const std::string& profile) {
  Section values;
  if (auto defaults = file.find(default_section); defaults != file.end()) values = defaults->second;
  for (const auto& [key, value] : file.at(profile)) values[key] = value;
  return values;
}

std::string value_of(const Section& values, const char* key) {
  auto found = values.find(key);
  return found == values.end() ? std::string() : found->second;
}

std::string describe_profile(const std::string& config_path, const std::string& profile) {
  return "OCI config " + config_path + ", profile [" + profile + "]";
}

Status require_keys(const std::vector<std::pair<const char*, const std::string*>>& keys, const std::string& config_path,
                    const std::string& profile) {
  std::string missing;
  for (const auto& [name, value] : keys) {
    if (value->empty()) missing += (missing.empty() ? "" : ", ") + std::string(name);
  }
  if (missing.empty()) return Ok{};
  return make_error(describe_profile(config_path, profile) + ": missing " + missing);
}

Result<std::shared_ptr<const OciSigningKey>> load_key_file(const OciProfile& values, const std::string& config_path,
                                                           const std::string& profile) {
  const std::string where = "OCI key file " + values.key_file + " (profile [" + profile + "] in " + config_path + ")";
  auto pem = read_whole_file(values.key_file);
  if (!pem) return make_error(where + ": cannot read: " + pem.error());
  auto key = load_oci_private_key(*pem, values.pass_phrase);
  if (!key) return make_error(where + ": " + key.error());
  return key;
}

Result<std::string> session_token(const OciProfile& values, const std::string& config_path, const std::string& profile,
                                  const std::string& override_token) {
  if (!trim(override_token).empty()) return trim(override_token);
  const std::string where =
      "OCI security token file " + values.security_token_file + " (profile [" + profile + "] in " + config_path + ")";
  auto token = read_whole_file(values.security_token_file);
  if (!token) return make_error(where + ": cannot read: " + token.error());
  // `oci session authenticate` writes the token bare; a trailing newline would end up in keyId.
  std::string text = trim(*token);
  if (text.empty()) return make_error(where + ": empty");
  return text;
}

}  // namespace

Result<OciProfile> read_oci_profile(const std::string& path, const std::string& profile) {
  const std::string expanded = expand_home(path);
  auto text = read_whole_file(expanded);
  if (!text) return make_error("OCI config " + path + ": cannot read: " + text.error());
  auto file = parse_ini(*text, path);
  if (!file) return make_error(file.error());
  if (!file->count(profile)) return make_error("OCI config " + path + ": no profile [" + profile + "]");

  const Section values = merged_profile(*file, profile);
  OciProfile out;
  out.user = value_of(values, "user");
  out.fingerprint = value_of(values, "fingerprint");
  out.key_file = expand_home(value_of(values, "key_file"));
  out.tenancy = value_of(values, "tenancy");
  out.region = value_of(values, "region");
  out.pass_phrase = value_of(values, "pass_phrase");
  out.security_token_file = expand_home(value_of(values, "security_token_file"));
  return out;
}

Result<OciIdentity> load_oci_identity(std::string auth, const std::string& config_path, const std::string& profile,
                                      const std::string& security_token_override) {
  if (auth != "user_principal" && auth != "security_token") {
    return make_error("unknown OCI auth '" + auth + "' (expected user_principal or security_token)");
  }
  auto values = read_oci_profile(config_path, profile);
  if (!values) return make_error(values.error());

  OciIdentity identity;
  identity.region = values->region;
  if (auth == "user_principal") {
    auto status = require_keys({{"user", &values->user},
                                {"fingerprint", &values->fingerprint},
                                {"key_file", &values->key_file},
                                {"tenancy", &values->tenancy}},
                               config_path, profile);
    if (!status) return make_error(status.error());
    identity.key_id = values->tenancy + "/" + values->user + "/" + values->fingerprint;
  } else {
    std::vector<std::pair<const char*, const std::string*>> required = {{"key_file", &values->key_file}};
    if (trim(security_token_override).empty())
      required.emplace_back("security_token_file", &values->security_token_file);
    auto status = require_keys(required, config_path, profile);
    if (!status) return make_error(status.error());
    auto token = session_token(*values, config_path, profile, security_token_override);
    if (!token) return make_error(token.error());
    identity.key_id = "ST$" + *token;
  }
  auto key = load_key_file(*values, config_path, profile);
  if (!key) return make_error(key.error());
  identity.key = std::move(*key);
  return identity;
}

}  // namespace genai::auth
