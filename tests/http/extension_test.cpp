// The extension interface end to end, with the test plugin tests/plugins/echo_plugin.cpp:
// loading and the ABI check, plugin scopes, URL prefixes, statement hooks inside the batch's
// transaction, voiding, and plugin commands.
#include <algorithm>
#include <string>
#include <vector>

#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

class HttpExtension : public LrsHttpTest {
 protected:
  std::vector<std::string> ServeArgs() const override { return {"--plugin", ECHO_PLUGIN}; }

  std::vector<std::string> Seen(const XapiClient& client) {
    HttpResult r = client.Get("/echo/seen");
    EXPECT_EQ(r.status, 200) << r.body;
    auto doc = ParseJson(r.body);
    std::vector<std::string> ids;
    if (doc && (*doc).IsObject() && (*doc)["seen"].IsArray()) {
      for (const auto& v : (*doc)["seen"].GetArray())
        ids.emplace_back(v.GetString());
    }
    return ids;
  }
};

TEST_F(HttpExtension, ThePluginSeesEveryStoredStatementOnce) {
  const std::string a = NewId(), b = NewId();
  ASSERT_EQ(
      admin().Post(kStatements, "[" + SimpleStatement(a) + "," + SimpleStatement(b) + "]").status,
      200);
  ASSERT_EQ(admin().Post(kStatements, SimpleStatement(a)).status, 200);  // re-sent: not news
  EXPECT_EQ(Seen(admin()), (std::vector<std::string>{a, b}));
  // Each came with what the plugin's Prepare returned for it, on the request's thread.
  HttpResult r = admin().Get("/echo/seen");
  auto doc = ParseJson(r.body);
  ASSERT_TRUE(doc && doc->IsObject() && (*doc)["unprepared"].IsInt64()) << r.body;
  EXPECT_EQ((*doc)["unprepared"].GetInt64(), 0);
}

TEST_F(HttpExtension, APluginErrorFailsTheBatchAndStoresNothing) {
  const std::string fine = NewId();
  const std::string poison = "eeeeeeee-0000-4000-8000-000000000001";
  HttpResult r =
      admin().Post(kStatements, "[" + SimpleStatement(fine) + "," + SimpleStatement(poison) + "]");
  EXPECT_EQ(r.status, 500) << r.body;
  EXPECT_EQ(GetStatement(fine).status, 404);
  EXPECT_TRUE(Seen(admin()).empty());
  // The server goes on: the next batch is stored and seen.
  const std::string next = NewId();
  ASSERT_EQ(admin().Post(kStatements, SimpleStatement(next)).status, 200);
  EXPECT_EQ(Seen(admin()), std::vector<std::string>{next});
}

TEST_F(HttpExtension, VoidedStatementsAreReported) {
  const std::string target = Store(SimpleStatement(NewId()));
  Store(VoidingStatement(NewId(), target));
  std::vector<std::string> seen = Seen(admin());
  EXPECT_EQ(std::count(seen.begin(), seen.end(), target), 0);
  EXPECT_EQ(seen.size(), 1u);  // the voiding statement itself
}

TEST_F(HttpExtension, PluginScopesAreAcceptedOnlyWithThePluginAndGuardItsRoutes) {
  // Without the plugin, its scope is unknown to `credentials add`.
  auto without = lrs().RunCommand({"credentials", "add", "--db", lrs().db(), "--scopes",
                                   "echo/read", "--key", "reader", "--secret", "reader-secret"});
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(without.value().status.code, 2);
  EXPECT_NE(without.value().err.find("echo/read"), std::string::npos);

  auto with =
      lrs().RunCommand({"credentials", "add", "--db", lrs().db(), "--scopes", "echo/read", "--key",
                        "reader", "--secret", "reader-secret", "--plugin", ECHO_PLUGIN});
  ASSERT_TRUE(with.ok());
  ASSERT_TRUE(with.value().status.clean()) << with.value().err;
  EXPECT_EQ(ClientFor("reader", "reader-secret").Get("/echo/seen").status, 200);
  // The scope grants nothing in xAPI.
  EXPECT_EQ(ClientFor("reader", "reader-secret").Get(kStatements).status, 403);

  ASSERT_TRUE(lrs().AddCredential("writer", "writer-secret", "statements/write").ok());
  EXPECT_EQ(ClientFor("writer", "writer-secret").Get("/echo/seen").status, 403);
  HttpResult anonymous = AnonymousClient().Get("/echo/seen");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(admin().Get("/echo/elsewhere").status, 404);
  // Outside the prefix, nothing changes: /echoes is not the plugin's.
  EXPECT_EQ(admin().Get("/echoes").status, 404);
}

TEST_F(HttpExtension, PluginsSeeOnlyTheStoreOfTheCaller) {
  ASSERT_TRUE(lrs().AddCredential("b-admin", "b-secret", "all", "b").ok());
  const std::string mine = Store(SimpleStatement(NewId()));
  const std::string theirs = NewId();
  XapiClient b = ClientFor("b-admin", "b-secret");
  ASSERT_EQ(b.Post(kStatements, SimpleStatement(theirs)).status, 200);
  EXPECT_EQ(Seen(admin()), std::vector<std::string>{mine});
  EXPECT_EQ(Seen(b), std::vector<std::string>{theirs});
}

TEST_F(HttpExtension, PluginCommandsRunOnTheDatabase) {
  Store(SimpleStatement(NewId()));
  Store(SimpleStatement(NewId()));
  ASSERT_TRUE(StopServer().clean());
  auto count = lrs().RunCommand({"echo-count", "--db", lrs().db(), "--plugin", ECHO_PLUGIN});
  ASSERT_TRUE(count.ok());
  EXPECT_TRUE(count.value().status.clean()) << count.value().err;
  EXPECT_EQ(count.value().out, "2\n");
  auto unknown = lrs().RunCommand({"echo-count", "--db", lrs().db()});
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown.value().status.code, 2);
}

TEST(HttpExtensionLoading, APluginOfAnotherInterfaceVersionIsRefused) {
  LRS_SKIP_WITHOUT_BACKEND();
  auto lrs = LrsProcess::Create();
  ASSERT_TRUE(lrs.ok());
  Status started = lrs.value()->Start({"--plugin", ECHO_PLUGIN_WRONG_ABI});
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(lrs.value()->last_exit().code, 1);
  const std::string log = lrs.value()->ServerLog();
  EXPECT_NE(log.find("interface version 999"), std::string::npos) << log;
  EXPECT_NE(log.find("provides version"), std::string::npos) << log;

  Status missing = lrs.value()->Start({"--plugin", "/nonexistent/plugin.so"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(lrs.value()->ServerLog().find("cannot load plugin /nonexistent/plugin.so"),
            std::string::npos);
}

TEST(HttpExtensionLoading, APluginWrittenForSqliteOnlyIsRefusedOnPostgres) {
  LRS_SKIP_WITHOUT_BACKEND();
  auto lrs = LrsProcess::Create();
  ASSERT_TRUE(lrs.ok());
  Status started = lrs.value()->Start({"--plugin", ECHO_PLUGIN_SQLITE_ONLY});
  if (!lrs.value()->on_postgres()) {
    ASSERT_TRUE(started.ok()) << started.error().message();
    EXPECT_TRUE(lrs.value()->Stop().clean());
    return;
  }
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(lrs.value()->last_exit().code, 1);
  const std::string log = lrs.value()->ServerLog();
  EXPECT_NE(log.find("plugin \"echo\""), std::string::npos) << log;
  EXPECT_NE(log.find("cannot run on a PostgreSQL database: its SQL is written for SQLite only"),
            std::string::npos)
      << log;
  // Every command refuses it likewise.
  auto added = lrs.value()->RunCommand({"credentials", "add", "--db", lrs.value()->db(), "--scopes",
                                        "echo/read", "--plugin", ECHO_PLUGIN_SQLITE_ONLY});
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added.value().status.code, 2) << added.value().err;
  EXPECT_NE(added.value().err.find("SQLite only"), std::string::npos) << added.value().err;
}

}  // namespace
}  // namespace lrs::http_test
