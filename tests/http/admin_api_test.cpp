// The administration API under /admin/ (issue 16), over real HTTP on both backends: stores,
// credentials, jobs, the audit log and plugins; who may call it (no credential 401, `all` 403,
// a store's own admin only its store), that every change is audited without secrets, that a
// rotated secret works and the old one fails, and that a disabled store's credentials are
// refused.
#include "tests/http/admin_fixture.h"

namespace lrs::http_test {
namespace {

// A server with the root admin credential besides the fixture's `all` one.
class HttpAdminApi : public WithRootAdmin<LrsHttpTest> {
 protected:
  // The audit entries of GET /admin/audit with `client` (every page), newest first.
  std::vector<std::string> AuditActions(const XapiClient& client, const ParamList& params = {}) {
    std::vector<std::string> out;
    HttpResult page = client.Get("/admin/audit", params);
    EXPECT_TRUE(HasStatus(page, 200));
    auto doc = ParseJson(page.body);
    if (!doc) return out;
    const json::Value* entries = At(*doc, "entries");
    if (!entries || !entries->IsArray()) {
      ADD_FAILURE() << page.Describe();
      return out;
    }
    for (const json::Value& e : entries->GetArray()) {
      out.push_back(StringAt(e, "actor") + " " + StringAt(e, "action") + " " +
                    StringAt(e, "target") + " @" + StringAt(e, "store"));
    }
    return out;
  }
};

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST_F(HttpAdminApi, EveryEndpointNeedsTheAdminScope) {
  const std::vector<std::pair<std::string, std::string>> endpoints = {
      {"GET", "/admin/stores"},
      {"POST", "/admin/stores"},
      {"GET", "/admin/stores/default"},
      {"POST", "/admin/stores/default/enable"},
      {"GET", "/admin/credentials"},
      {"POST", "/admin/credentials"},
      {"GET", "/admin/credentials/root"},
      {"POST", "/admin/credentials/root/rotate"},
      {"POST", "/admin/credentials/root/revoke"},
      {"GET", "/admin/jobs/0f8fad5b-d9cb-469f-a165-70867728950e"},
      {"GET", "/admin/audit"},
      {"GET", "/admin/plugins"},
      {"POST", "/admin/forget"},
  };
  XapiClient anonymous = AnonymousClient();
  for (const auto& [method, path] : endpoints) {
    HttpRequestSpec spec;
    spec.method = method;
    spec.target = path;
    spec.body = "{\"name\":\"x\"}";
    EXPECT_TRUE(IsError(anonymous.Send(spec), 401)) << method << " " << path;
    // The fixture's credential has `all`, which does not include admin.
    EXPECT_TRUE(IsError(admin().Send(spec), 403, "admin scope")) << method << " " << path;
  }
  // Nothing changed: the root credential still works and no store was made.
  HttpResult stores = Root().Get("/admin/stores");
  ASSERT_TRUE(HasStatus(stores, 200));
  EXPECT_EQ(stores.body.find("\"x\""), std::string::npos) << stores.body;
  EXPECT_TRUE(IsError(Root().Get("/admin/nothing"), 404));
  EXPECT_TRUE(IsError(Root().Get("/admin"), 404));
  HttpRequestSpec remove;
  remove.method = "DELETE";
  remove.target = "/admin/stores";
  EXPECT_TRUE(IsError(Root().Send(remove), 405));
}

TEST_F(HttpAdminApi, StoresAreCreatedListedDisabledAndEnabled) {
  HttpResult created = PostJson(Root(), "/admin/stores", "{\"name\":\"acme\"}");
  ASSERT_TRUE(HasStatus(created, 201));
  auto doc = ParseJson(created.body);
  ASSERT_TRUE(doc);
  EXPECT_EQ(StringAt(*doc, "name"), "acme");
  EXPECT_TRUE(JsonAt(*doc, "enabled") == "true") << created.body;

  HttpResult list = Root().Get("/admin/stores");
  ASSERT_TRUE(HasStatus(list, 200));
  auto listed = ParseJson(list.body);
  ASSERT_TRUE(listed);
  EXPECT_EQ(StringAt(*listed, "stores.0.name"), "default");
  EXPECT_EQ(StringAt(*listed, "stores.1.name"), "acme");

  // Validation: a clear 400 for a bad name or body, 409 for a taken name.
  EXPECT_TRUE(IsError(PostJson(Root(), "/admin/stores", "{\"name\":\"acme\"}"), 409, "exists"));
  EXPECT_TRUE(IsError(PostJson(Root(), "/admin/stores", "{\"name\":\"a b\"}"), 400, "letters"));
  EXPECT_TRUE(IsError(PostJson(Root(), "/admin/stores", "{\"name\":\"\"}"), 400));
  EXPECT_TRUE(IsError(PostJson(Root(), "/admin/stores", "{}"), 400, "\"name\" is required"));
  EXPECT_TRUE(IsError(PostJson(Root(), "/admin/stores", "[1]"), 400, "JSON object"));
  EXPECT_TRUE(IsError(PostJson(Root(), "/admin/stores", "{\"name\":\"b\",\"x\":1}"), 400,
                      "unknown member"));
  EXPECT_TRUE(IsError(PostJson(Root(), "/admin/stores", "{\"name\":7}"), 400, "string"));

  HttpResult disabled = Root().Post("/admin/stores/acme/disable", "");
  ASSERT_TRUE(HasStatus(disabled, 200));
  auto d = ParseJson(disabled.body);
  ASSERT_TRUE(d);
  EXPECT_EQ(JsonAt(*d, "enabled"), "false");
  EXPECT_FALSE(StringAt(*d, "disabled").empty()) << disabled.body;
  HttpResult one = Root().Get("/admin/stores/acme");
  ASSERT_TRUE(HasStatus(one, 200));
  EXPECT_NE(one.body.find("\"enabled\":false"), std::string::npos) << one.body;
  HttpResult enabled = Root().Post("/admin/stores/acme/enable", "");
  ASSERT_TRUE(HasStatus(enabled, 200));
  EXPECT_NE(enabled.body.find("\"enabled\":true"), std::string::npos) << enabled.body;

  EXPECT_TRUE(IsError(Root().Post("/admin/stores/default/disable", ""), 400, "default store"));
  EXPECT_TRUE(IsError(Root().Get("/admin/stores/nowhere"), 404));
  EXPECT_TRUE(IsError(Root().Post("/admin/stores/nowhere/disable", ""), 404));
  EXPECT_TRUE(IsError(Root().Get("/admin/stores/acme/disable"), 405));
}

TEST_F(HttpAdminApi, ADisabledStoresCredentialsAreRefusedUntilItIsEnabled) {
  const std::string secret = MakeStoreWithAdmin("acme", "acme-admin");
  ASSERT_FALSE(secret.empty());
  XapiClient acme = ClientFor("acme-admin", secret);
  ASSERT_FALSE(Store(SimpleStatement(NewId()), &acme).empty());

  ASSERT_TRUE(HasStatus(Root().Post("/admin/stores/acme/disable", ""), 200));
  EXPECT_TRUE(IsError(acme.Post(kStatements, SimpleStatement(NewId())), 403, "disabled"));
  EXPECT_TRUE(IsError(acme.Get(kStatements), 403, "\"acme\" is disabled"));
  EXPECT_TRUE(IsError(acme.Get("/admin/stores"), 403, "disabled"));
  // A wrong secret is still 401: the store's state is told only to whoever holds the secret.
  EXPECT_TRUE(IsError(ClientFor("acme-admin", "not-the-secret").Get(kStatements), 401));
  // Other stores go on.
  EXPECT_FALSE(Store(SimpleStatement(NewId())).empty());

  ASSERT_TRUE(HasStatus(Root().Post("/admin/stores/acme/enable", ""), 200));
  EXPECT_FALSE(Store(SimpleStatement(NewId()), &acme).empty());
}

TEST_F(HttpAdminApi, CredentialsAreCreatedListedRotatedAndRevoked) {
  HttpResult made =
      PostJson(Root(), "/admin/credentials",
               "{\"store\":\"default\",\"scopes\":\"statements/write,statements/read\","
               "\"name\":\"Course A\"}");
  ASSERT_TRUE(HasStatus(made, 201));
  auto doc = ParseJson(made.body);
  ASSERT_TRUE(doc);
  const std::string key = StringAt(*doc, "key");
  const std::string secret = StringAt(*doc, "secret");
  ASSERT_FALSE(key.empty());
  ASSERT_GE(secret.size(), 24u);
  EXPECT_EQ(StringAt(*doc, "scopes.0"), "statements/write");
  XapiClient course = ClientFor(key, secret);
  ASSERT_FALSE(Store(SimpleStatement(NewId()), &course).empty());

  // Listed without the secret or anything of its hash.
  HttpResult list = Root().Get("/admin/credentials");
  ASSERT_TRUE(HasStatus(list, 200));
  EXPECT_NE(list.body.find(Quote(key)), std::string::npos) << list.body;
  EXPECT_EQ(list.body.find(secret), std::string::npos);
  EXPECT_EQ(list.body.find("secret"), std::string::npos) << list.body;
  EXPECT_EQ(list.body.find("hash"), std::string::npos) << list.body;
  EXPECT_EQ(list.body.find("salt"), std::string::npos) << list.body;
  HttpResult one = Root().Get("/admin/credentials/" + key);
  ASSERT_TRUE(HasStatus(one, 200));
  EXPECT_NE(one.body.find("\"name\":\"Course A\""), std::string::npos) << one.body;
  EXPECT_NE(one.body.find("\"active\":true"), std::string::npos) << one.body;
  EXPECT_EQ(one.body.find("secret"), std::string::npos) << one.body;
  HttpResult of_default = Root().Get("/admin/credentials", {{"store", "default"}});
  ASSERT_TRUE(HasStatus(of_default, 200));
  EXPECT_NE(of_default.body.find(Quote(key)), std::string::npos);
  EXPECT_TRUE(IsError(Root().Get("/admin/credentials", {{"store", "nowhere"}}), 404));
  EXPECT_TRUE(IsError(Root().Get("/admin/credentials", {{"shop", "x"}}), 400, "shop"));

  // Rotation: the new secret works at once, the old one no longer.
  HttpResult rotated = Root().Post("/admin/credentials/" + key + "/rotate", "");
  ASSERT_TRUE(HasStatus(rotated, 200));
  auto r = ParseJson(rotated.body);
  ASSERT_TRUE(r);
  const std::string fresh = StringAt(*r, "secret");
  ASSERT_FALSE(fresh.empty());
  EXPECT_NE(fresh, secret);
  EXPECT_TRUE(IsError(course.Get(kStatements), 401));
  XapiClient rotated_course = ClientFor(key, fresh);
  EXPECT_TRUE(HasStatus(rotated_course.Get(kStatements), 200));

  // Revocation, from the next request on; a second revocation or a rotation of it is 409.
  HttpResult revoked = Root().Post("/admin/credentials/" + key + "/revoke", "");
  ASSERT_TRUE(HasStatus(revoked, 200));
  EXPECT_NE(revoked.body.find("\"active\":false"), std::string::npos) << revoked.body;
  EXPECT_TRUE(IsError(rotated_course.Get(kStatements), 401));
  EXPECT_TRUE(IsError(Root().Post("/admin/credentials/" + key + "/revoke", ""), 409));
  EXPECT_TRUE(IsError(Root().Post("/admin/credentials/" + key + "/rotate", ""), 409));
  EXPECT_TRUE(IsError(Root().Post("/admin/credentials/nobody/revoke", ""), 404));

  // Validation: scopes, key, store; a taken key is 409.
  EXPECT_TRUE(IsError(PostJson(Root(), "/admin/credentials", "{\"scopes\":[\"root\"]}"), 400,
                      "unknown scope \"root\""));
  EXPECT_TRUE(IsError(PostJson(Root(), "/admin/credentials", "{\"scopes\":[]}"), 400));
  EXPECT_TRUE(IsError(PostJson(Root(), "/admin/credentials", "{\"store\":\"default\"}"), 400,
                      "\"scopes\" is required"));
  EXPECT_TRUE(IsError(PostJson(Root(), "/admin/credentials", "{\"scopes\":[1]}"), 400));
  EXPECT_TRUE(IsError(
      PostJson(Root(), "/admin/credentials", "{\"scopes\":[\"all\"],\"key\":\"a:b\"}"), 400));
  EXPECT_TRUE(IsError(
      PostJson(Root(), "/admin/credentials", "{\"scopes\":[\"all\"],\"store\":\"nowhere\"}"), 404));
  EXPECT_TRUE(IsError(
      PostJson(Root(), "/admin/credentials", "{\"scopes\":[\"all\"],\"key\":" + Quote(key) + "}"),
      409, "exists"));
  EXPECT_TRUE(IsError(
      PostJson(Root(), "/admin/credentials", "{\"scopes\":[\"all\"],\"key\":\"admin\"}"), 409));
}

TEST_F(HttpAdminApi, AStoresOwnAdminManagesThatStoreAlone) {
  const std::string secret = MakeStoreWithAdmin("acme", "acme-admin");
  ASSERT_FALSE(secret.empty());
  MakeStoreWithAdmin("globex", "globex-admin");
  XapiClient acme = ClientFor("acme-admin", secret);

  // Stores: its own alone; others do not exist for it; it creates and disables none.
  HttpResult stores = acme.Get("/admin/stores");
  ASSERT_TRUE(HasStatus(stores, 200));
  auto listed = ParseJson(stores.body);
  ASSERT_TRUE(listed);
  EXPECT_EQ(StringAt(*listed, "stores.0.name"), "acme");
  EXPECT_EQ(At(*listed, "stores.1"), nullptr) << stores.body;
  EXPECT_TRUE(HasStatus(acme.Get("/admin/stores/acme"), 200));
  EXPECT_TRUE(IsError(acme.Get("/admin/stores/default"), 404));
  EXPECT_TRUE(IsError(acme.Get("/admin/stores/globex"), 404));
  EXPECT_TRUE(IsError(PostJson(acme, "/admin/stores", "{\"name\":\"mine\"}"), 403));
  EXPECT_TRUE(IsError(acme.Post("/admin/stores/globex/disable", ""), 404));
  EXPECT_TRUE(IsError(acme.Post("/admin/stores/acme/disable", ""), 403, "default store"));

  // Credentials: of its store alone.
  HttpResult creds = acme.Get("/admin/credentials");
  ASSERT_TRUE(HasStatus(creds, 200));
  EXPECT_NE(creds.body.find("acme-admin"), std::string::npos);
  EXPECT_EQ(creds.body.find("globex-admin"), std::string::npos) << creds.body;
  EXPECT_EQ(creds.body.find(Quote(kRootKey)), std::string::npos) << creds.body;
  EXPECT_TRUE(IsError(acme.Get("/admin/credentials", {{"store", "default"}}), 404));
  EXPECT_TRUE(IsError(acme.Get("/admin/credentials/root"), 404));
  EXPECT_TRUE(IsError(acme.Post("/admin/credentials/globex-admin/revoke", ""), 404));
  EXPECT_TRUE(IsError(acme.Post("/admin/credentials/root/rotate", ""), 404));
  EXPECT_TRUE(IsError(
      PostJson(acme, "/admin/credentials", "{\"store\":\"default\",\"scopes\":[\"all\"]}"), 404));
  // Without "store", a credential of its own store.
  HttpResult made = PostJson(acme, "/admin/credentials", "{\"scopes\":[\"statements/read\"]}");
  ASSERT_TRUE(HasStatus(made, 201));
  EXPECT_NE(made.body.find("\"store\":\"acme\""), std::string::npos) << made.body;
  // The root credential still works (nothing was revoked or rotated).
  EXPECT_TRUE(HasStatus(Root().Get("/admin/stores"), 200));

  // Audit: its store's entries alone.
  const std::vector<std::string> seen = AuditActions(acme);
  ASSERT_FALSE(seen.empty());
  for (const std::string& entry : seen)
    EXPECT_NE(entry.find("@acme"), std::string::npos) << entry;
  EXPECT_TRUE(IsError(acme.Get("/admin/audit", {{"store", "globex"}}), 404));
}

TEST_F(HttpAdminApi, EveryChangeIsAuditedWithoutSecrets) {
  // The fixture's credential and root were made on the command line.
  std::vector<std::string> before = AuditActions(Root());
  EXPECT_TRUE(Contains(before, "cli credential.create admin @default"))
      << ::testing::PrintToString(before);
  EXPECT_TRUE(Contains(before, "cli credential.create root @default"));

  const std::string secret = MakeStoreWithAdmin("acme", "acme-admin");
  ASSERT_TRUE(HasStatus(Root().Post("/admin/stores/acme/disable", ""), 200));
  ASSERT_TRUE(HasStatus(Root().Post("/admin/stores/acme/enable", ""), 200));
  HttpResult rotated = Root().Post("/admin/credentials/acme-admin/rotate", "");
  ASSERT_TRUE(HasStatus(rotated, 200));
  auto r = ParseJson(rotated.body);
  ASSERT_TRUE(r);
  const std::string fresh = StringAt(*r, "secret");
  ASSERT_TRUE(HasStatus(Root().Post("/admin/credentials/acme-admin/revoke", ""), 200));
  // A store made on the command line, with its first credential.
  ASSERT_TRUE(lrs().AddCredential("cli-made", "cli-made-secret", "all", "initech").ok());
  ASSERT_TRUE(lrs().RevokeCredential("cli-made").ok());
  // Refused requests change nothing and are not audited.
  EXPECT_TRUE(IsError(PostJson(Root(), "/admin/stores", "{\"name\":\"acme\"}"), 409));

  HttpResult audit = Root().Get("/admin/audit");
  ASSERT_TRUE(HasStatus(audit, 200));
  const std::vector<std::string> all = AuditActions(Root());
  const std::vector<std::string> expected = {
      "cli credential.revoke cli-made @initech",
      "cli credential.create cli-made @initech",
      "cli store.create initech @initech",
      "root credential.revoke acme-admin @acme",
      "root credential.rotate acme-admin @acme",
      "root store.enable acme @acme",
      "root store.disable acme @acme",
      "root credential.create acme-admin @acme",
      "root store.create acme @acme",
  };
  ASSERT_GE(all.size(), expected.size() + 2);
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(all[i], expected[i]) << i;
  EXPECT_EQ(all.size(), expected.size() + 2) << ::testing::PrintToString(all);
  // No secret anywhere in the log; the detail holds counts and settings.
  for (const std::string& s : {secret, fresh, std::string("cli-made-secret"),
                               std::string(kRootSecret), std::string(kAdminSecret)}) {
    EXPECT_EQ(audit.body.find(s), std::string::npos) << s;
  }
  auto doc = ParseJson(audit.body);
  ASSERT_TRUE(doc);
  EXPECT_EQ(StringAt(*doc, "entries.7.detail.scopes"), "admin all") << audit.body;
  EXPECT_EQ(JsonAt(*doc, "entries.6.detail.changed"), "true") << audit.body;
  EXPECT_FALSE(StringAt(*doc, "entries.0.time").empty());

  // Paging: newest first, `more` continues where a page ended, filtered by store.
  HttpResult first = Root().Get("/admin/audit", {{"limit", "2"}});
  ASSERT_TRUE(HasStatus(first, 200));
  auto p1 = ParseJson(first.body);
  ASSERT_TRUE(p1);
  const std::string more = StringAt(*p1, "more");
  ASSERT_FALSE(more.empty()) << first.body;
  HttpResult second = Root().Get(more);
  ASSERT_TRUE(HasStatus(second, 200));
  auto p2 = ParseJson(second.body);
  ASSERT_TRUE(p2);
  EXPECT_EQ(StringAt(*p2, "entries.0.action"), "store.create") << second.body;
  EXPECT_EQ(StringAt(*p2, "entries.0.target"), "initech");
  const std::vector<std::string> of_acme = AuditActions(Root(), {{"store", "acme"}});
  EXPECT_EQ(of_acme.size(), 6u) << ::testing::PrintToString(of_acme);
  EXPECT_TRUE(IsError(Root().Get("/admin/audit", {{"limit", "0"}}), 400, "limit"));
  EXPECT_TRUE(IsError(Root().Get("/admin/audit", {{"before", "x"}}), 400, "before"));
  EXPECT_TRUE(IsError(Root().Get("/admin/audit", {{"store", "nowhere"}}), 404));
}

TEST_F(HttpAdminApi, JobsAreReadByIdWithinTheirStore) {
  MakeStoreWithAdmin("acme", "acme-admin");
  const std::string secret = MakeStoreWithAdmin("globex", "globex-admin");
  // A finished job of store acme, as the job runner records one.
  const std::string id = NewId();
  RunSql(
      "INSERT INTO jobs (job_id, kind, store_id, state, created, updated, result) "
      "SELECT '" +
      id +
      "', 'forget', id, 'done', '2026-12-01T00:00:00.000Z', "
      "'2026-12-01T00:00:01.000Z', '{\"statements\":3}' FROM stores WHERE name = 'acme'");
  HttpResult job = Root().Get("/admin/jobs/" + id);
  ASSERT_TRUE(HasStatus(job, 200));
  auto doc = ParseJson(job.body);
  ASSERT_TRUE(doc);
  EXPECT_EQ(StringAt(*doc, "id"), id);
  EXPECT_EQ(StringAt(*doc, "state"), "done");
  EXPECT_EQ(StringAt(*doc, "kind"), "forget");
  EXPECT_EQ(StringAt(*doc, "store"), "acme");
  EXPECT_EQ(JsonAt(*doc, "result.statements"), "3");
  EXPECT_EQ(JsonAt(*doc, "error"), "null");
  // An upper-case id names the same job.
  EXPECT_TRUE(HasStatus(Root().Get("/admin/jobs/" + UpperCase(id)), 200));
  // Another store's admin does not see it; an unknown id is 404 too.
  EXPECT_TRUE(IsError(ClientFor("globex-admin", secret).Get("/admin/jobs/" + id), 404));
  EXPECT_TRUE(IsError(Root().Get("/admin/jobs/" + NewId()), 404));
  EXPECT_TRUE(IsError(Root().Get("/admin/jobs/"), 404));
}

TEST_F(HttpAdminApi, AJobLeftRunningByAStoppedServerIsFailedAtTheNextStart) {
  const std::string running = NewId();
  const std::string queued = NewId();
  const std::string done = NewId();
  RunSql("INSERT INTO jobs (job_id, kind, store_id, state, created, updated) VALUES ('" + running +
         "', 'forget', 1, 'running', '2026-12-01T00:00:00.000Z', "
         "'2026-12-01T00:00:00.000Z'), ('" +
         queued +
         "', 'forget', 1, 'queued', '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'), ('" +
         done +
         "', 'forget', 1, 'done', '2026-12-01T00:00:00.000Z', "
         "'2026-12-01T00:00:00.000Z')");
  ASSERT_TRUE(RestartServer());
  for (const std::string& id : {running, queued}) {
    HttpResult job = Root().Get("/admin/jobs/" + id);
    ASSERT_TRUE(HasStatus(job, 200));
    auto doc = ParseJson(job.body);
    ASSERT_TRUE(doc);
    EXPECT_EQ(StringAt(*doc, "state"), "failed") << job.body;
    EXPECT_NE(StringAt(*doc, "error").find("server stopped before the job finished"),
              std::string::npos)
        << job.body;
  }
  HttpResult finished = Root().Get("/admin/jobs/" + done);
  ASSERT_TRUE(HasStatus(finished, 200));
  EXPECT_NE(finished.body.find("\"state\":\"done\""), std::string::npos) << finished.body;
}

class HttpAdminPlugins : public HttpAdminApi {
 protected:
  std::vector<std::string> ServeArgs() const override { return {"--plugin", ECHO_PLUGIN}; }
};

TEST_F(HttpAdminPlugins, TheLoadedPluginsAreListedWithTheirMigrations) {
  HttpResult plugins = Root().Get("/admin/plugins");
  ASSERT_TRUE(HasStatus(plugins, 200));
  auto doc = ParseJson(plugins.body);
  ASSERT_TRUE(doc);
  EXPECT_EQ(StringAt(*doc, "plugins.0.name"), "echo");
  EXPECT_EQ(StringAt(*doc, "plugins.0.http_prefix"), "/echo");
  EXPECT_EQ(StringAt(*doc, "plugins.0.scopes.0"), "echo/read");
  EXPECT_EQ(StringAt(*doc, "plugins.0.commands.0"), "echo-count");
  EXPECT_EQ(StringAt(*doc, "plugins.0.migrations.0.name"), "001_seen");
  EXPECT_EQ(StringAt(*doc, "plugins.0.migrations.1.name"), "002_prepared");
  EXPECT_FALSE(StringAt(*doc, "plugins.0.migrations.1.applied").empty());
  EXPECT_EQ(JsonAt(*doc, "interface_version"), JsonAt(*doc, "plugins.0.interface_version"));
  EXPECT_EQ(At(*doc, "plugins.1"), nullptr);
  // A plugin's scopes are accepted for new credentials.
  EXPECT_TRUE(
      HasStatus(PostJson(Root(), "/admin/credentials", "{\"scopes\":[\"echo/read\"]}"), 201));
}

}  // namespace
}  // namespace lrs::http_test
