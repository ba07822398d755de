// The outcome-lrs command line: help, version, credentials, and the per-request log of serve.
#include <stdlib.h>

#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lrs/core/json.h"
#include "tests/support/lrs_process.h"
#include "tests/support/xapi_client.h"

namespace lrs {
namespace {

using test_support::CommandOutput;
using test_support::LrsProcess;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LRS_SKIP_WITHOUT_BACKEND();
    auto created = LrsProcess::Create();
    ASSERT_TRUE(created.ok()) << created.error().message();
    lrs_ = std::move(created).value();
  }

  CommandOutput Run(const std::vector<std::string>& args) {
    auto out = lrs_->RunCommand(args);
    EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().message());
    return out.ok() ? out.value() : CommandOutput{};
  }

  std::unique_ptr<LrsProcess> lrs_;
};

TEST_F(CliTest, VersionAndHelp) {
  CommandOutput version = Run({"--version"});
  EXPECT_TRUE(version.status.clean()) << version.status.ToString();
  EXPECT_TRUE(std::regex_search(
      version.out, std::regex(R"(^outcome-lrs \d+\.\d+\.\d+ \(xAPI 1\.0\.3, 2\.0\.0\))")))
      << version.out;

  CommandOutput help = Run({"--help"});
  EXPECT_TRUE(help.status.clean());
  for (const char* expected :
       {"outcome-lrs serve", "--db PATH", "--listen HOST:PORT", "--log-level", "credentials add",
        "credentials list", "credentials revoke", "--scopes", "statements/read/mine"}) {
    EXPECT_NE(help.out.find(expected), std::string::npos) << expected;
  }

  CommandOutput none = Run({});
  EXPECT_EQ(none.status.code, 2);
  EXPECT_NE(none.err.find("Usage"), std::string::npos);
  CommandOutput unknown = Run({"frobnicate"});
  EXPECT_EQ(unknown.status.code, 2);
  EXPECT_NE(unknown.err.find("frobnicate"), std::string::npos);
}

TEST_F(CliTest, CredentialsAreCreatedListedWithoutSecretsAndRevoked) {
  CommandOutput added =
      Run({"credentials", "add", "--db", lrs_->db(), "--scopes", "statements/write,statements/read",
           "--name", "Course A", "--store", "acme"});
  ASSERT_TRUE(added.status.clean()) << added.err;
  std::smatch key_match, secret_match;
  ASSERT_TRUE(std::regex_search(added.out, key_match, std::regex(R"(key:\s+(\S+))"))) << added.out;
  ASSERT_TRUE(std::regex_search(added.out, secret_match, std::regex(R"(secret:\s+(\S+))")));
  const std::string key = key_match[1];
  const std::string secret = secret_match[1];
  EXPECT_GE(secret.size(), 24u);

  // The generated credential works over HTTP, in its own store.
  ASSERT_TRUE(lrs_->Start().ok());
  test_support::XapiClient client(lrs_->base_url());
  client.SetBasicAuth(key, secret);
  EXPECT_EQ(client.Get("/xapi/statements").status, 200);
  lrs_->Stop();

  CommandOutput listed = Run({"credentials", "list", "--db", lrs_->db()});
  ASSERT_TRUE(listed.status.clean()) << listed.err;
  EXPECT_NE(listed.out.find(key), std::string::npos);
  EXPECT_NE(listed.out.find("acme"), std::string::npos);
  EXPECT_NE(listed.out.find("Course A"), std::string::npos);
  EXPECT_NE(listed.out.find("statements/write statements/read"), std::string::npos);
  EXPECT_NE(listed.out.find("active"), std::string::npos);
  EXPECT_EQ(listed.out.find(secret), std::string::npos) << "a secret must never be listed";

  CommandOutput other_store =
      Run({"credentials", "list", "--db", lrs_->db(), "--store", "default"});
  EXPECT_EQ(other_store.out.find(key), std::string::npos);

  CommandOutput revoked = Run({"credentials", "revoke", "--db", lrs_->db(), "--key", key});
  EXPECT_TRUE(revoked.status.clean()) << revoked.err;
  listed = Run({"credentials", "list", "--db", lrs_->db()});
  EXPECT_NE(listed.out.find("revoked"), std::string::npos);
  CommandOutput again = Run({"credentials", "revoke", "--db", lrs_->db(), "--key", key});
  EXPECT_EQ(again.status.code, 1);
}

TEST_F(CliTest, ServeHelpListsItsOptionsAndTheirEnvironmentVariables) {
  CommandOutput help = Run({"serve", "--help"});
  EXPECT_TRUE(help.status.clean()) << help.status.ToString();
  for (const char* expected :
       {"--db PATH", "--listen HOST:PORT", "--log-level", "--max-body-bytes", "--page-size",
        "--threads", "--synchronous", "--busy-timeout-ms", "--pool-size", "--statement-timeout-ms",
        "--plugin", "OUTCOME_LRS_DB", "OUTCOME_LRS_LISTEN", "OUTCOME_LRS_STATEMENT_TIMEOUT_MS"}) {
    EXPECT_NE(help.out.find(expected), std::string::npos) << expected;
  }
  EXPECT_EQ(help.out.find("credentials add"), std::string::npos) << "serve's options only";
}

// Sets an environment variable for the commands and servers this test starts, and unsets it
// when it goes out of scope.
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnvironment() { ::unsetenv(name_); }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

 private:
  const char* name_;
};

TEST_F(CliTest, ServeOptionsComeFromTheEnvironmentWhenNotOnTheCommandLine) {
  ASSERT_TRUE(lrs_->AddCredential("env-key", "env-secret-1", "all").ok());
  auto statements_on_first_page = [&] {
    test_support::XapiClient client(lrs_->base_url());
    client.SetBasicAuth("env-key", "env-secret-1");
    auto page = client.Get("/xapi/statements");
    EXPECT_EQ(page.status, 200) << page.Describe();
    json::Document doc;
    if (!json::Parse(page.body, &doc).ok() || !doc.IsObject() || !doc.HasMember("statements") ||
        !doc["statements"].IsArray()) {
      ADD_FAILURE() << "not a StatementResult: " << page.body;
      return -1;
    }
    return static_cast<int>(doc["statements"].Size());
  };
  {
    ScopedEnvironment page_size("OUTCOME_LRS_PAGE_SIZE", "2");
    ASSERT_TRUE(lrs_->Start().ok()) << lrs_->ServerLog();
    test_support::XapiClient client(lrs_->base_url());
    client.SetBasicAuth("env-key", "env-secret-1");
    for (int i = 0; i < 3; ++i) {
      auto stored =
          client.Post("/xapi/statements", R"({"actor":{"mbox":"mailto:ann@example.com"},)"
                                          R"("verb":{"id":"http://example.com/verbs/did"},)"
                                          R"("object":{"id":"http://example.com/activities/a"}})");
      ASSERT_EQ(stored.status, 200) << stored.Describe();
    }
    EXPECT_EQ(statements_on_first_page(), 2);
    lrs_->Stop();
    // The command line wins over the variable.
    ASSERT_TRUE(lrs_->Start({"--page-size", "500"}).ok()) << lrs_->ServerLog();
    EXPECT_EQ(statements_on_first_page(), 3);
    lrs_->Stop();
  }
  {
    // A bad value is refused naming the variable it came from.
    ScopedEnvironment threads("OUTCOME_LRS_THREADS", "many");
    CommandOutput out = Run({"serve", "--db", lrs_->db(), "--listen", "127.0.0.1:0"});
    EXPECT_EQ(out.status.code, 2) << out.err;
    EXPECT_NE(out.err.find("OUTCOME_LRS_THREADS must be a positive integer"), std::string::npos)
        << out.err;
  }
}

TEST_F(CliTest, APostgresUriWithAPasswordIsRefusedWithoutShowingIt) {
  // The command line is public on the machine: the password must come from elsewhere. Refused
  // before any connection is tried (the host does not exist).
  const std::string uri = "postgresql://lrs:hunter2@db.invalid:5432/lrs";
  const std::string in_query = "postgres://lrs@db.invalid/lrs?password=hunter2";
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"serve", "--db", uri},
           {"serve", "--db", in_query},
           {"credentials", "list", "--db", uri},
           {"credentials", "add", "--db", uri, "--scopes", "all"}}) {
    CommandOutput out = Run(args);
    EXPECT_EQ(out.status.code, 2) << args[0] << ": " << out.err;
    EXPECT_NE(out.err.find("PGPASSWORD"), std::string::npos) << out.err;
    EXPECT_EQ(out.err.find("hunter2"), std::string::npos) << out.err;
  }
  // PostgreSQL's options are refused with SQLite, and SQLite's with PostgreSQL.
  CommandOutput timeout = Run({"serve", "--db", lrs_->db_path(), "--statement-timeout-ms", "5"});
  EXPECT_EQ(timeout.status.code, 2);
  EXPECT_NE(timeout.err.find("PostgreSQL option"), std::string::npos) << timeout.err;
  CommandOutput sync =
      Run({"serve", "--db", "postgresql://lrs@db.invalid/lrs", "--synchronous", "normal"});
  EXPECT_EQ(sync.status.code, 2);
  EXPECT_NE(sync.err.find("SQLite option"), std::string::npos) << sync.err;
}

TEST_F(CliTest, ServeLogsOneLinePerRequest) {
  ASSERT_TRUE(lrs_->AddCredential("k", "secret-secret", "all").ok());
  ASSERT_TRUE(lrs_->Start({"--log-level", "info"}).ok());
  test_support::XapiClient client(lrs_->base_url());
  client.SetBasicAuth("k", "secret-secret");
  EXPECT_EQ(client.Get("/xapi/statements", {{"limit", "1"}}).status, 200);
  EXPECT_EQ(client.Post("/xapi/statements", "{not json").status, 400);
  EXPECT_TRUE(lrs_->Stop().clean());
  const std::string log = lrs_->ServerLog();
  // "<time> info http METHOD PATH STATUS DURATIONms request_id=ID", the path without its query
  // string.
  EXPECT_TRUE(std::regex_search(
      log, std::regex(R"(\n\S+Z info http GET /xapi/statements 200 [0-9.]+ms request_id=\S+\n)")))
      << log;
  EXPECT_TRUE(std::regex_search(
      log, std::regex(R"(\n\S+Z info http POST /xapi/statements 400 [0-9.]+ms request_id=\S+\n)")))
      << log;
  EXPECT_EQ(log.find("limit=1"), std::string::npos) << "query strings stay out of the log";
}

}  // namespace
}  // namespace lrs
