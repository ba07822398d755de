// The admin scope (issue 16): it operates the server (GET /metrics, /admin/) and grants nothing
// of xAPI; `all` does not include it.
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using HttpAdminScope = LrsHttpTest;

constexpr char kSecret[] = "a-long-enough-secret";

TEST_F(HttpAdminScope, AnAdminCredentialAloneNeitherReadsNorWritesXapi) {
  ASSERT_TRUE(lrs().AddCredential("operator", kSecret, "admin").ok());
  XapiClient op = ClientFor("operator", kSecret);
  const std::string stored = Store(SimpleStatement(NewId()));
  const std::string id = NewId();
  EXPECT_TRUE(IsError(op.Post(kStatements, SimpleStatement(id)), 403, "write"));
  EXPECT_TRUE(IsError(op.Put(kStatements, {{"statementId", id}}, SimpleStatement(id)), 403));
  EXPECT_TRUE(IsError(op.Get(kStatements), 403, "read"));
  EXPECT_TRUE(IsError(op.Get(kStatements, {{"statementId", stored}}), 403));
  EXPECT_TRUE(IsError(op.Get("/xapi/activities", {{"activityId", ActivityId("course")}}), 403));
  const ParamList state = {
      {"activityId", ActivityId("course")}, {"agent", Agent("ann")}, {"stateId", "s"}};
  EXPECT_TRUE(IsError(op.Put("/xapi/activities/state", state, "{}"), 403));
  EXPECT_TRUE(IsError(op.Get("/xapi/activities/state", state), 403));
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));
}

TEST_F(HttpAdminScope, AdminCombinesWithXapiScopes) {
  ASSERT_TRUE(lrs().AddCredential("both", kSecret, "admin,statements/write statements/read").ok());
  XapiClient both = ClientFor("both", kSecret);
  const std::string id = Store(SimpleStatement(NewId()), &both);
  ASSERT_FALSE(id.empty());
  EXPECT_TRUE(HasStatus(GetStatement(id, false, &both), 200));
  EXPECT_TRUE(HasStatus(both.Get("/metrics"), 200));
}

TEST_F(HttpAdminScope, AllDoesNotIncludeAdmin) {
  // The fixture's credential has `all`: every xAPI resource, but not the server's operation.
  EXPECT_TRUE(HasStatus(admin().Get(kStatements), 200));
  EXPECT_TRUE(IsError(admin().Get("/metrics"), 403, "admin"));
}

TEST_F(HttpAdminScope, TheCommandsKnowTheScope) {
  auto add = lrs().RunCommand({"credentials", "add", "--db", lrs().db(), "--scopes", "admin",
                               "--key", "ops", "--secret", kSecret});
  ASSERT_TRUE(add.ok()) << add.error().message();
  EXPECT_TRUE(add.value().status.clean()) << add.value().err;
  EXPECT_NE(add.value().out.find("scopes: admin"), std::string::npos) << add.value().out;
  auto list = lrs().RunCommand({"credentials", "list", "--db", lrs().db()});
  ASSERT_TRUE(list.ok()) << list.error().message();
  EXPECT_NE(list.value().out.find("ops"), std::string::npos) << list.value().out;
  EXPECT_NE(list.value().out.find("admin"), std::string::npos) << list.value().out;
  // An unknown scope's message lists admin among the known ones.
  auto bad = lrs().RunCommand({"credentials", "add", "--db", lrs().db(), "--scopes", "root"});
  ASSERT_TRUE(bad.ok()) << bad.error().message();
  EXPECT_FALSE(bad.value().status.clean());
  EXPECT_NE(bad.value().err.find(" admin"), std::string::npos) << bad.value().err;
}

}  // namespace
}  // namespace lrs::http_test
