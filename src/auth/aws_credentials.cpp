// The resolution order of botocore's credential chain and region setting, cut to static keys, and
// the subset of its INI reading that ~/.aws files use.
#include "auth/aws_credentials.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>

namespace genai::auth {
namespace {

using Getenv = std::function<const char*(const char*)>;
using IniSection = std::map<std::string, std::string, std::less<>>;  // lowercase key -> value
using IniFile = std::map<std::string, IniSection, std::less<>>;      // section name as written

constexpr std::string_view default_region = "us-east-1";

std::string env(const Getenv& getenv_fn, const char* name) {
  const char* value = getenv_fn(name);
  return value != nullptr ? value : "";
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// ---- INI, as Python's configparser reads ~/.aws files ----

size_t indent_of(std::string_view line) {
  size_t indent = 0;
  while (indent < line.size() && is_blank(line[indent])) ++indent;
  return indent;
}

// "[section]" lines, "key = value" (or "key: value") lines, '#' and ';' comment lines. A line
// indented deeper than the key before it continues that key's value (config's nested "s3 ="
// blocks): we skip it rather than take its keys as the profile's own, as configparser would.
genai::Result<IniFile> parse_ini(std::string_view text, const std::string& origin) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
  IniFile file;
  IniSection* section = nullptr;
  constexpr size_t no_key = std::string_view::npos;
  size_t key_indent = no_key;  // of the section's last key line (a plain size_t: GCC 12 misjudges optional here)
  size_t line_number = 0;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view raw = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    const size_t indent = indent_of(raw);
    if (key_indent != no_key && indent > key_indent) continue;
    if (line.front() == '[' && line.back() == ']') {
      section = &file[std::string(trim(line.substr(1, line.size() - 2)))];
      key_indent = no_key;
      continue;
    }
    const size_t delimiter = line.find_first_of("=:");
    if (delimiter == std::string_view::npos || delimiter == 0) {
      return genai::make_error(origin + " line " + std::to_string(line_number) +
                               ": expected [section] or key = value");
    }
    if (section == nullptr) {
      return genai::make_error(origin + " line " + std::to_string(line_number) + ": key before any [section]");
    }
    (*section)[lowercase(trim(line.substr(0, delimiter)))] = std::string(trim(line.substr(delimiter + 1)));
    key_indent = indent;
  }
  return file;
}

// (Not Result<std::optional<...>>: GCC 12 reports false maybe-uninitialized warnings for it.)
struct LoadedIni {
  bool present = false;
  IniFile sections;
};

// A missing file is no file (boto3 ignores it too); an unreadable or malformed one is an error.
genai::Result<LoadedIni> load_ini(const std::string& path) {
  if (path.empty()) return LoadedIni{};
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) return LoadedIni{};
  if (error) return genai::make_error("cannot read " + path + ": " + error.message());
  if (std::filesystem::is_directory(status)) return genai::make_error("cannot read " + path + ": it is a directory");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf())) return genai::make_error("cannot read " + path);
  auto parsed = parse_ini(text.str(), path);
  if (!parsed) return genai::make_error(parsed.error());
  return LoadedIni{true, std::move(parsed.value())};
}

// ---- the profile ----

struct ProfileFile {
  std::string path;  // as shown in messages
  LoadedIni ini;
  const IniSection* section = nullptr;  // the profile's, when there is one
};

struct Profile {
  std::string name;
  bool named = false;  // by flag or AWS_PROFILE, rather than the "default" fallback
  ProfileFile credentials_file, config_file;
};

// "$VARIABLE" if set (with ~/ expanded), else ~/.aws/<file>; "" when neither can be known.
std::string aws_file_path(const Getenv& getenv_fn, const char* variable, const char* file) {
  std::string path = env(getenv_fn, variable);
  const std::string home = env(getenv_fn, "HOME");
  if (path.empty()) return home.empty() ? "" : home + "/.aws/" + file;
  if (path.starts_with("~/") && !home.empty()) path = home + path.substr(1);
  return path;
}

// The config file names a profile "[profile name]" (any spacing), and the default one
// "[default]" or "[profile default]".
const IniSection* config_section(const IniFile& ini, std::string_view name) {
  if (name == "default") {
    if (auto it = ini.find("default"); it != ini.end()) return &it->second;
  }
  for (const auto& [section_name, section] : ini) {
    const std::string_view header = section_name;
    if (header.starts_with("profile") && header.size() > 7 && is_blank(header[7]) && trim(header.substr(7)) == name) {
      return &section;
    }
  }
  return nullptr;
}

genai::Result<Profile> load_profile(const AwsCredentialInputs& inputs, const Getenv& getenv_fn) {
  Profile profile;
  profile.name = !inputs.profile.empty() ? inputs.profile : env(getenv_fn, "AWS_PROFILE");
  profile.named = !profile.name.empty();
  if (!profile.named) profile.name = "default";

  profile.credentials_file.path = aws_file_path(getenv_fn, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  profile.config_file.path = aws_file_path(getenv_fn, "AWS_CONFIG_FILE", "config");
  for (ProfileFile* file : {&profile.credentials_file, &profile.config_file}) {
    auto loaded = load_ini(file->path);
    if (!loaded) return genai::make_error(loaded.error());
    file->ini = std::move(loaded.value());
    if (file->path.empty()) file->path = file == &profile.config_file ? "~/.aws/config" : "~/.aws/credentials";
  }
  const IniFile& credentials_ini = profile.credentials_file.ini.sections;
  if (auto it = credentials_ini.find(profile.name); it != credentials_ini.end()) {
    profile.credentials_file.section = &it->second;
  }
  profile.config_file.section = config_section(profile.config_file.ini.sections, profile.name);
  return profile;
}

std::string where_we_looked(const Profile& profile) {
  std::string out;
  for (const ProfileFile* file : {&profile.credentials_file, &profile.config_file}) {
    if (!out.empty()) out += " or ";
    out += file->path;
    if (!file->ini.present) out += " (absent)";
  }
  return out;
}

std::string value_of(const IniSection* section, std::string_view key) {
  if (section == nullptr) return "";
  const auto it = section->find(key);
  return it != section->end() ? it->second : "";
}

// Settings that obtain keys some other way, which we name in the error rather than follow.
std::string_view unsupported_method(const IniSection* section) {
  for (std::string_view key : {"role_arn", "credential_process", "sso_session", "sso_start_url",
                               "web_identity_token_file", "credential_source"}) {
    if (!value_of(section, key).empty()) return key;
  }
  return {};
}

// Static keys from one file's section of the profile; an empty access key id when it has none.
genai::Result<AwsCredentials> keys_in(const ProfileFile& file, const std::string& profile_name) {
  const IniSection* section = file.section;
  AwsCredentials keys{value_of(section, "aws_access_key_id"), value_of(section, "aws_secret_access_key"),
                      value_of(section, "aws_session_token")};
  if (keys.session_token.empty()) keys.session_token = value_of(section, "aws_security_token");  // older name
  if (keys.access_key_id.empty() && keys.secret_access_key.empty()) return AwsCredentials{};
  if (keys.access_key_id.empty() || keys.secret_access_key.empty()) {
    const char* missing = keys.access_key_id.empty() ? "aws_access_key_id" : "aws_secret_access_key";
    return genai::make_error("AWS profile '" + profile_name + "' in " + file.path + " has no " + missing);
  }
  return keys;
}

genai::Result<ResolvedAws> keys_from_profile(const Profile& profile) {
  for (const ProfileFile* file : {&profile.credentials_file, &profile.config_file}) {
    auto keys = keys_in(*file, profile.name);
    if (!keys) return genai::make_error(keys.error());
    if (!keys->access_key_id.empty()) {
      return ResolvedAws{std::move(keys.value()), "", "profile " + profile.name + " in " + file->path};
    }
  }
  for (const ProfileFile* file : {&profile.credentials_file, &profile.config_file}) {
    if (const std::string_view method = unsupported_method(file->section); !method.empty()) {
      return genai::make_error("AWS profile '" + profile.name + "' in " + file->path + " gets its keys through " +
                               std::string(method) + ", which genai-bench does not follow; export static keys, e.g. " +
                               "eval \"$(aws configure export-credentials --profile " + profile.name +
                               " --format env)\"");
    }
  }
  if (profile.credentials_file.section == nullptr && profile.config_file.section == nullptr) {
    return genai::make_error("no AWS credentials: no access key flags, no AWS_ACCESS_KEY_ID, and no profile '" +
                             profile.name + "' in " + where_we_looked(profile));
  }
  return genai::make_error("no AWS credentials: AWS profile '" + profile.name + "' in " + where_we_looked(profile) +
                           " has no aws_access_key_id");
}

// ---- keys given directly (an empty source: none given) ----

genai::Result<ResolvedAws> keys_from_flags(const AwsCredentialInputs& inputs) {
  if (inputs.access_key_id.empty() && inputs.secret_access_key.empty()) return ResolvedAws{};
  if (inputs.access_key_id.empty() || inputs.secret_access_key.empty()) {
    return genai::make_error(std::string("an AWS ") +
                             (inputs.access_key_id.empty() ? "secret access key was given without an access key id"
                                                           : "access key id was given without a secret access key"));
  }
  return ResolvedAws{{inputs.access_key_id, inputs.secret_access_key, inputs.session_token}, "", "command line"};
}

genai::Result<ResolvedAws> keys_from_environment(const Getenv& getenv_fn) {
  AwsCredentials keys{env(getenv_fn, "AWS_ACCESS_KEY_ID"), env(getenv_fn, "AWS_SECRET_ACCESS_KEY"),
                      env(getenv_fn, "AWS_SESSION_TOKEN")};
  if (keys.session_token.empty()) keys.session_token = env(getenv_fn, "AWS_SECURITY_TOKEN");  // older name
  if (keys.access_key_id.empty() && keys.secret_access_key.empty()) return ResolvedAws{};
  if (keys.access_key_id.empty()) return genai::make_error("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
  if (keys.secret_access_key.empty()) {
    return genai::make_error("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
  }
  return ResolvedAws{std::move(keys), "", "environment (AWS_ACCESS_KEY_ID)"};
}

std::string region_from_flags_or_environment(const AwsCredentialInputs& inputs, const Getenv& getenv_fn) {
  if (!inputs.region.empty()) return inputs.region;
  if (std::string region = env(getenv_fn, "AWS_REGION"); !region.empty()) return region;
  return env(getenv_fn, "AWS_DEFAULT_REGION");
}

}  // namespace

genai::Result<ResolvedAws> resolve_aws_credentials(const AwsCredentialInputs& inputs, const Getenv& getenv_fn) {
  auto direct = keys_from_flags(inputs);
  if (!direct) return genai::make_error(direct.error());
  if (direct->source.empty() && inputs.profile.empty()) {
    direct = keys_from_environment(getenv_fn);
    if (!direct) return genai::make_error(direct.error());
  }
  ResolvedAws resolved = std::move(direct.value());
  resolved.region = region_from_flags_or_environment(inputs, getenv_fn);
  if (!resolved.source.empty() && !resolved.region.empty()) return resolved;

  // The profile is read for the keys, the region, or both.
  auto profile = load_profile(inputs, getenv_fn);
  if (!profile) return genai::make_error(profile.error());
  if (profile->named && profile->credentials_file.section == nullptr && profile->config_file.section == nullptr) {
    return genai::make_error("AWS profile '" + profile->name + "' is not in " + where_we_looked(*profile));
  }
  if (resolved.source.empty()) {
    auto from_profile = keys_from_profile(*profile);
    if (!from_profile) return genai::make_error(from_profile.error());
    resolved.credentials = std::move(from_profile->credentials);
    resolved.source = std::move(from_profile->source);
  }
  if (resolved.region.empty()) resolved.region = value_of(profile->config_file.section, "region");
  if (resolved.region.empty()) resolved.region = value_of(profile->credentials_file.section, "region");
  if (resolved.region.empty()) resolved.region = default_region;
  return resolved;
}

}  // namespace genai::auth
