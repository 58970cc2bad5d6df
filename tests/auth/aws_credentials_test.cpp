// AWS key and region resolution: boto3's order over flags, a fake environment and temporary
// ~/.aws files, and errors that name what is missing without ever showing a secret.
#include "auth/aws_credentials.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace genai::auth {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

class AwsCredentialsTest : public testing::Test {
 protected:
  void SetUp() override {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    home_ = fs::temp_directory_path() /
            ("genai-aws-" + std::to_string(::getpid()) + "-" + std::string(info->name()));
    fs::remove_all(home_);
    fs::create_directories(home_ / ".aws");
    env_["HOME"] = home_.string();
  }
  void TearDown() override { fs::remove_all(home_); }

  fs::path write(const fs::path& relative, std::string_view text) {
    const fs::path path = home_ / relative;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::function<const char*(const char*)> getenv_fn() const {
    return [this](const char* name) -> const char* {
      const auto it = env_.find(name);
      return it == env_.end() ? nullptr : it->second.c_str();
    };
  }

  genai::Result<ResolvedAws> resolve(const AwsCredentialInputs& inputs = {}) const {
    return resolve_aws_credentials(inputs, getenv_fn());
  }

  // The error of a resolution that must fail, checked to hold no secret.
  std::string error_of(const AwsCredentialInputs& inputs = {}) const {
    const auto result = resolve(inputs);
    if (result) return "resolved from " + result->source;
    EXPECT_EQ(result.error().find(secret), std::string::npos) << result.error();
    EXPECT_EQ(result.error().find("SECRETTOKEN"), std::string::npos) << result.error();
    return result.error();
  }

  fs::path home_;
  std::map<std::string, std::string> env_;
};

TEST_F(AwsCredentialsTest, FlagsComeFirst) {
  env_["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  env_["AWS_SECRET_ACCESS_KEY"] = "env-secret";
  env_["AWS_REGION"] = "eu-west-1";
  const auto resolved = resolve({"AKIDFLAG", std::string(secret), "SECRETTOKEN", "", "ap-south-1"});
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->credentials.access_key_id, "AKIDFLAG");
  EXPECT_EQ(resolved->credentials.secret_access_key, secret);
  EXPECT_EQ(resolved->credentials.session_token, "SECRETTOKEN");
  EXPECT_EQ(resolved->region, "ap-south-1");
  EXPECT_EQ(resolved->source, "command line");
}

TEST_F(AwsCredentialsTest, HalfOfAKeyPairIsAnError) {
  EXPECT_EQ(error_of({"AKIDFLAG", "", "", "", ""}), "an AWS access key id was given without a secret access key");
  EXPECT_EQ(error_of({"", std::string(secret), "", "", ""}),
            "an AWS secret access key was given without an access key id");
  env_["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  EXPECT_EQ(error_of(), "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
  env_.erase("AWS_ACCESS_KEY_ID");
  env_["AWS_SECRET_ACCESS_KEY"] = secret;
  EXPECT_EQ(error_of(), "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
}

TEST_F(AwsCredentialsTest, EnvironmentKeysAndRegionOrder) {
  env_["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  env_["AWS_SECRET_ACCESS_KEY"] = secret;
  env_["AWS_SESSION_TOKEN"] = "SECRETTOKEN";
  env_["AWS_DEFAULT_REGION"] = "us-west-2";
  auto resolved = resolve();
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->credentials.access_key_id, "AKIDENV");
  EXPECT_EQ(resolved->credentials.session_token, "SECRETTOKEN");
  EXPECT_EQ(resolved->region, "us-west-2");
  EXPECT_EQ(resolved->source, "environment (AWS_ACCESS_KEY_ID)");
  env_["AWS_REGION"] = "eu-central-1";
  resolved = resolve();
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->region, "eu-central-1");
}

TEST_F(AwsCredentialsTest, RegionDefaultsToUsEast1) {
  const auto resolved = resolve({"AKIDFLAG", std::string(secret), "", "", ""});
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->region, "us-east-1");
}

TEST_F(AwsCredentialsTest, DefaultProfileFromHome) {
  const fs::path credentials = write(".aws/credentials",
                                     "# written by aws configure\n"
                                     "[default]\n"
                                     "aws_access_key_id = AKIDDEFAULT\n"
                                     "aws_secret_access_key = " + std::string(secret) + "\n");
  write(".aws/config", "[default]\nregion = eu-north-1\noutput = json\n");
  const auto resolved = resolve();
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->credentials.access_key_id, "AKIDDEFAULT");
  EXPECT_EQ(resolved->credentials.secret_access_key, secret);
  EXPECT_TRUE(resolved->credentials.session_token.empty());
  EXPECT_EQ(resolved->region, "eu-north-1");
  EXPECT_EQ(resolved->source, "profile default in " + credentials.string());
}

TEST_F(AwsCredentialsTest, NamedProfileFromFilesTheEnvironmentNames) {
  const fs::path credentials = write("creds.ini",
                                     "; another comment style\r\n"
                                     "[default]\r\n"
                                     "aws_access_key_id=AKIDDEFAULT\r\n"
                                     "aws_secret_access_key=other\r\n"
                                     "\r\n"
                                     "[ bench ]\r\n"
                                     "  AWS_Access_Key_Id   =   AKIDBENCH  \r\n"
                                     "  aws_secret_access_key = " + std::string(secret) + "\r\n"
                                     "  aws_session_token = SECRETTOKEN==\r\n");
  write("conf.ini",
        "[profile bench]\n"
        "region = ap-northeast-1\n"
        "s3 =\n"
        "    region = not-this-one\n"
        "    max_concurrent_requests = 20\n"
        "[profile other]\n"
        "region = sa-east-1\n");
  env_["AWS_SHARED_CREDENTIALS_FILE"] = credentials.string();
  env_["AWS_CONFIG_FILE"] = (home_ / "conf.ini").string();
  const auto resolved = resolve({"", "", "", "bench", ""});
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->credentials.access_key_id, "AKIDBENCH");
  EXPECT_EQ(resolved->credentials.secret_access_key, secret);
  EXPECT_EQ(resolved->credentials.session_token, "SECRETTOKEN==");
  EXPECT_EQ(resolved->region, "ap-northeast-1");
  EXPECT_EQ(resolved->source, "profile bench in " + credentials.string());
}

TEST_F(AwsCredentialsTest, AwsProfileVariableNamesTheProfile) {
  write(".aws/credentials", "[bench]\naws_access_key_id = AKIDBENCH\naws_secret_access_key = s\n");
  env_["AWS_PROFILE"] = "bench";
  env_["AWS_CONFIG_FILE"] = "~/elsewhere/config";  // ~ is the home, as in botocore
  fs::create_directories(home_ / "elsewhere");
  write("elsewhere/config", "[profile bench]\nregion = ca-central-1\n");
  const auto resolved = resolve();
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->credentials.access_key_id, "AKIDBENCH");
  EXPECT_EQ(resolved->region, "ca-central-1");
}

TEST_F(AwsCredentialsTest, ProfileFlagOverridesEnvironmentKeysButAwsProfileDoesNot) {
  write(".aws/credentials", "[bench]\naws_access_key_id = AKIDBENCH\naws_secret_access_key = s\nregion = us-east-2\n");
  env_["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  env_["AWS_SECRET_ACCESS_KEY"] = secret;
  auto resolved = resolve({"", "", "", "bench", ""});
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->credentials.access_key_id, "AKIDBENCH");

  env_["AWS_PROFILE"] = "bench";
  resolved = resolve();
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->credentials.access_key_id, "AKIDENV");
  EXPECT_EQ(resolved->region, "us-east-2");  // the keys from the environment, the region from the profile
}

TEST_F(AwsCredentialsTest, KeysInTheConfigFileCount) {
  const fs::path config =
      write(".aws/config", "[profile cfg]\naws_access_key_id = AKIDCFG\naws_secret_access_key = s\n");
  const auto resolved = resolve({"", "", "", "cfg", ""});
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->credentials.access_key_id, "AKIDCFG");
  EXPECT_EQ(resolved->source, "profile cfg in " + config.string());
  EXPECT_EQ(resolved->region, "us-east-1");
}

TEST_F(AwsCredentialsTest, MissingProfileNamesWhereWeLooked) {
  write(".aws/credentials",
        "[default]\naws_access_key_id = AKID\naws_secret_access_key = " + std::string(secret) + "\n");
  const std::string home = home_.string();
  EXPECT_EQ(error_of({"", "", "", "nope", ""}), "AWS profile 'nope' is not in " + home + "/.aws/credentials or " +
                                                    home + "/.aws/config (absent)");
  // Even keys from flags do not excuse a misspelt profile when its region would be read.
  EXPECT_EQ(error_of({"AKIDFLAG", "s", "", "nope", ""}).substr(0, 27), "AWS profile 'nope' is not i");
}

TEST_F(AwsCredentialsTest, NoCredentialsAnywhere) {
  const std::string home = home_.string();
  EXPECT_EQ(error_of(), "no AWS credentials: no access key flags, no AWS_ACCESS_KEY_ID, and no profile 'default' in " +
                            home + "/.aws/credentials (absent) or " + home + "/.aws/config (absent)");
  write(".aws/config", "[default]\nregion = eu-west-1\n");
  EXPECT_EQ(error_of(), "no AWS credentials: AWS profile 'default' in " + home + "/.aws/credentials (absent) or " +
                            home + "/.aws/config has no aws_access_key_id");
}

TEST_F(AwsCredentialsTest, RoleProfilesAreNamedNotFollowed) {
  const fs::path config = write(".aws/config",
                                "[profile admin]\n"
                                "role_arn = arn:aws:iam::123456789012:role/admin\n"
                                "source_profile = default\n");
  EXPECT_EQ(error_of({"", "", "", "admin", ""}),
            "AWS profile 'admin' in " + config.string() +
                " gets its keys through role_arn, which genai-bench does not follow; export static keys, e.g. "
                "eval \"$(aws configure export-credentials --profile admin --format env)\"");
}

TEST_F(AwsCredentialsTest, HalfAProfileIsAnError) {
  const fs::path credentials =
      write(".aws/credentials", "[default]\naws_secret_access_key = " + std::string(secret) + "\n");
  EXPECT_EQ(error_of(), "AWS profile 'default' in " + credentials.string() + " has no aws_access_key_id");
  write(".aws/credentials", "[default]\naws_access_key_id = AKID\n");
  EXPECT_EQ(error_of(), "AWS profile 'default' in " + credentials.string() + " has no aws_secret_access_key");
}

TEST_F(AwsCredentialsTest, MalformedFileNamesTheLine) {
  const fs::path credentials =
      write(".aws/credentials", "[default]\naws_access_key_id = AKID\n" + std::string(secret) + "\n");
  EXPECT_EQ(error_of(), credentials.string() + " line 3: expected [section] or key = value");
  write(".aws/credentials", "aws_access_key_id = AKID\n");
  EXPECT_EQ(error_of(), credentials.string() + " line 1: key before any [section]");
  fs::remove(credentials);
  fs::create_directories(credentials);
  EXPECT_EQ(error_of(), "cannot read " + credentials.string() + ": it is a directory");
}

TEST_F(AwsCredentialsTest, EmptyVariablesCountAsUnset) {
  env_["AWS_ACCESS_KEY_ID"] = "";
  env_["AWS_SECRET_ACCESS_KEY"] = "";
  env_["AWS_PROFILE"] = "";
  env_["AWS_REGION"] = "";
  write(".aws/credentials", "[default]\naws_access_key_id = AKID\naws_secret_access_key = s\n");
  const auto resolved = resolve();
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->credentials.access_key_id, "AKID");
  EXPECT_EQ(resolved->region, "us-east-1");
}

}  // namespace
}  // namespace genai::auth
