// The OCI config file: [DEFAULT] inheritance, "~" expansion, the errors a user sees, and the
// identities (user principal, session token) built from a profile.
#include "auth/oci_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace genai::auth {
namespace {

namespace fs = std::filesystem;

const fs::path fixtures = fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "oci-signing";
constexpr const char* go_tenancy = "ocid1.tenancy.oc1..aaaaaaaaba3pv6wkcr4jqae5f15p2b2m2yt2j6rx32uzr4h25vqstifsfdsq";
constexpr const char* go_user = "ocid1.user.oc1..aaaaaaaat5nvwcna5j6aqzjcaty5eqbb6qt2jvpkanghtgdaqedqw3rynjq";
constexpr const char* go_fingerprint = "20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string chomp(std::string text) {
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// Each test gets its own folder, which is also $HOME, so "~/" paths land inside it.
class OciConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    home = fs::temp_directory_path() / ("genai-bench-oci-" + std::to_string(getpid()) + "-" + info->name());
    fs::remove_all(home);
    fs::create_directories(home / ".oci");
    if (const char* old = std::getenv("HOME")) saved_home = old;
    setenv("HOME", home.c_str(), 1);
    fs::copy_file(fixtures / "go_sdk_test_private_key.pem", home / ".oci" / "key.pem");
    fs::copy_file(fixtures / "go_sdk_test_private_key_pkcs8_encrypted.pem", home / ".oci" / "encrypted.pem");
  }
  void TearDown() override {
    if (saved_home) setenv("HOME", saved_home->c_str(), 1);
    else unsetenv("HOME");
    fs::remove_all(home);
  }

  std::string write_config(std::string_view text) {
    write_text(home / ".oci" / "config", text);
    return (home / ".oci" / "config").string();
  }

  fs::path home;
  std::optional<std::string> saved_home;
};

std::string expect_error(const auto& result, std::initializer_list<std::string_view> words) {
  EXPECT_FALSE(result) << "expected an error";
  if (result) return {};
  for (std::string_view word : words) EXPECT_NE(result.error().find(word), std::string::npos) << result.error();
  EXPECT_EQ(result.error().find('\n'), std::string::npos) << result.error();
  return result.error();
}

TEST_F(OciConfig, ProfilesInheritFromDefault) {
  const std::string path = write_config(
      "# written by oci setup config\n"
      "[DEFAULT]\n"
      "user=ocid1.user.default\n"
      "fingerprint=aa:bb:cc\n"
      "key_file=~/.oci/key.pem\n"
      "tenancy=ocid1.tenancy.shared\n"
      "region=us-ashburn-1\n"
      "\n"
      "[CHICAGO]\r\n"
      "; configparser comments too\n"
      "User = ocid1.user.chicago\r\n"
      "region: us-chicago-1\n");
  auto chicago = read_oci_profile(path, "CHICAGO");
  ASSERT_TRUE(chicago) << chicago.error();
  EXPECT_EQ(chicago->user, "ocid1.user.chicago");
  EXPECT_EQ(chicago->region, "us-chicago-1");
  EXPECT_EQ(chicago->tenancy, "ocid1.tenancy.shared");
  EXPECT_EQ(chicago->fingerprint, "aa:bb:cc");  // '=' comes first: the value keeps its colons
  EXPECT_EQ(chicago->key_file, (home / ".oci" / "key.pem").string());
  EXPECT_EQ(chicago->pass_phrase, "");

  auto defaults = read_oci_profile(path, "DEFAULT");
  ASSERT_TRUE(defaults) << defaults.error();
  EXPECT_EQ(defaults->user, "ocid1.user.default");
  EXPECT_EQ(defaults->region, "us-ashburn-1");
}

TEST_F(OciConfig, ProfileWithoutDefaultSectionAndTildeConfigPath) {
  write_config("[ONLY]\nuser=u\nsecurity_token_file=~/.oci/sessions/ONLY/token\n");
  auto only = read_oci_profile("~/.oci/config", "ONLY");
  ASSERT_TRUE(only) << only.error();
  EXPECT_EQ(only->user, "u");
  EXPECT_EQ(only->tenancy, "");
  EXPECT_EQ(only->security_token_file, (home / ".oci" / "sessions" / "ONLY" / "token").string());
  expect_error(read_oci_profile("~/.oci/config", "DEFAULT"), {"~/.oci/config", "no profile [DEFAULT]"});
}

TEST_F(OciConfig, ErrorsNameTheFileAndProfile) {
  const std::string path = write_config("[DEFAULT]\nuser=u\n");
  expect_error(read_oci_profile(path, "PROD"), {path, "no profile [PROD]"});
  expect_error(read_oci_profile((home / "absent").string(), "DEFAULT"), {(home / "absent").string(), "cannot read"});

  // A malformed line is reported by number: it might be a pass phrase pasted without its key.
  write_config("[DEFAULT]\nuser=u\nhunter2-secret\n");
  const std::string error = expect_error(read_oci_profile(path, "DEFAULT"), {path, "line 3", "expected key=value"});
  EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;

  write_config("user=u\n[DEFAULT]\n");
  expect_error(read_oci_profile(path, "DEFAULT"), {"line 1", "before any [profile]"});
}

TEST_F(OciConfig, UserPrincipalIdentity) {
  const std::string path =
      write_config(std::string("[DEFAULT]\ntenancy=") + go_tenancy + "\nregion=us-phoenix-1\n" +
                   "key_file=~/.oci/key.pem\n[TEST]\nuser=" + go_user + "\nfingerprint=" + go_fingerprint + "\n");
  auto identity = load_oci_identity("user_principal", path, "TEST", "");
  ASSERT_TRUE(identity) << identity.error();
  EXPECT_EQ(identity->key_id, chomp(read_text(fixtures / "key_id.txt")));
  EXPECT_EQ(identity->region, "us-phoenix-1");
  ASSERT_TRUE(identity->key);
  // The key read through the profile signs Oracle's vector.
  EXPECT_EQ(oci_signature_b64(*identity->key, chomp(read_text(fixtures / "get_instances.signing_string"))),
            chomp(read_text(fixtures / "get_instances.signature")));
}

TEST_F(OciConfig, UserPrincipalListsEveryMissingKey) {
  const std::string path = write_config("[DEFAULT]\nregion=us-phoenix-1\n[TEST]\nuser=u\n");
  expect_error(load_oci_identity("user_principal", path, "TEST", ""),
               {path, "profile [TEST]", "missing fingerprint, key_file, tenancy"});
}

TEST_F(OciConfig, KeyFileErrorsNameTheKeyFile) {
  const std::string path = write_config(
      "[DEFAULT]\nuser=u\nfingerprint=f\ntenancy=t\nkey_file=~/.oci/absent.pem\n"
      "[ENC]\nkey_file=~/.oci/encrypted.pem\npass_phrase=wrong-phrase\n"
      "[ENC_OK]\nkey_file=~/.oci/encrypted.pem\npass_phrase=genai-bench-test\n");
  expect_error(load_oci_identity("user_principal", path, "DEFAULT", ""),
               {"OCI key file " + (home / ".oci" / "absent.pem").string(), "profile [DEFAULT]", "cannot read"});
  const std::string error = expect_error(load_oci_identity("user_principal", path, "ENC", ""),
                                         {"encrypted.pem", "profile [ENC]", "wrong pass phrase"});
  EXPECT_EQ(error.find("wrong-phrase"), std::string::npos) << error;
  auto decrypted = load_oci_identity("user_principal", path, "ENC_OK", "");
  ASSERT_TRUE(decrypted) << decrypted.error();
  EXPECT_EQ(decrypted->key_id, "t/u/f");
}

TEST_F(OciConfig, SecurityTokenFromFileOrOverride) {
  write_text(home / ".oci" / "sessions" / "S" / "token", "eyJhbGciOi.session.token\n");
  const std::string path = write_config(
      "[DEFAULT]\nregion=us-chicago-1\n"
      "[S]\nkey_file=~/.oci/key.pem\nsecurity_token_file=~/.oci/sessions/S/token\n"
      "[NOFILE]\nkey_file=~/.oci/key.pem\n");
  auto from_file = load_oci_identity("security_token", path, "S", "");
  ASSERT_TRUE(from_file) << from_file.error();
  EXPECT_EQ(from_file->key_id, "ST$eyJhbGciOi.session.token");
  EXPECT_EQ(from_file->region, "us-chicago-1");
  EXPECT_TRUE(from_file->key);

  auto overridden = load_oci_identity("security_token", path, "S", "override.token");
  ASSERT_TRUE(overridden) << overridden.error();
  EXPECT_EQ(overridden->key_id, "ST$override.token");

  // With an override the profile needs no token file.
  auto no_file = load_oci_identity("security_token", path, "NOFILE", "override.token");
  ASSERT_TRUE(no_file) << no_file.error();
  EXPECT_EQ(no_file->key_id, "ST$override.token");
  expect_error(load_oci_identity("security_token", path, "NOFILE", ""),
               {"profile [NOFILE]", "missing security_token_file"});
}

TEST_F(OciConfig, SecurityTokenFileProblems) {
  write_text(home / ".oci" / "empty-token", "\n");
  const std::string path = write_config(
      "[EMPTY]\nkey_file=~/.oci/key.pem\nsecurity_token_file=~/.oci/empty-token\n"
      "[ABSENT]\nkey_file=~/.oci/key.pem\nsecurity_token_file=~/.oci/none\n"
      "[NOKEY]\nsecurity_token_file=~/.oci/empty-token\n");
  expect_error(load_oci_identity("security_token", path, "EMPTY", ""), {"empty-token", "profile [EMPTY]", "empty"});
  expect_error(load_oci_identity("security_token", path, "ABSENT", ""), {"/.oci/none", "cannot read"});
  expect_error(load_oci_identity("security_token", path, "NOKEY", ""), {"profile [NOKEY]", "missing key_file"});
}

TEST_F(OciConfig, UnknownAuthIsRejected) {
  const std::string path = write_config("[DEFAULT]\n");
  expect_error(load_oci_identity("instance_principal", path, "DEFAULT", ""),
               {"instance_principal", "user_principal or security_token"});
}

}  // namespace
}  // namespace genai::auth
