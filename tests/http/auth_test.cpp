// Authentication and authorization (Part Three §4): HTTP Basic credentials made with
// `outcome-lrs credentials`, their scopes (§4.2), revocation while the server runs, and stores
// (tenants) that never see each other's statements.
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using HttpAuth = LrsHttpTest;

constexpr char kSecret[] = "a-long-enough-secret";

TEST_F(HttpAuth, NoCredentialsIs401WithAChallenge) {
  const std::string id = NewId();
  XapiClient anonymous = AnonymousClient();
  std::vector<std::pair<std::string, HttpResult>> responses;
  responses.emplace_back("GET", anonymous.Get(kStatements));
  responses.emplace_back("GET id", anonymous.Get(kStatements, {{"statementId", id}}));
  responses.emplace_back("POST", anonymous.Post(kStatements, SimpleStatement(id)));
  responses.emplace_back("PUT",
                         anonymous.Put(kStatements, {{"statementId", id}}, SimpleStatement(id)));
  for (const auto& [what, r] : responses) {
    EXPECT_TRUE(IsError(r, 401)) << what;
    EXPECT_EQ(r.Header("WWW-Authenticate").value_or("").rfind("Basic", 0), 0u)
        << what << ": " << r.Header("WWW-Authenticate").value_or("(none)");
    EXPECT_EQ(r.Header("X-Experience-API-Version"), "1.0.3") << what;
  }
  HttpResult head = anonymous.Head(kStatements);
  EXPECT_EQ(head.status, 401);
  EXPECT_TRUE(head.Header("WWW-Authenticate").has_value());
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));
}

TEST_F(HttpAuth, RefusedCredentialsAre401) {
  EXPECT_TRUE(IsError(ClientFor(kAdminKey, "wrong-secret").Get(kStatements), 401));
  EXPECT_TRUE(IsError(ClientFor("no-such-key", kAdminSecret).Get(kStatements), 401));
  EXPECT_TRUE(IsError(ClientFor(kAdminKey, "").Get(kStatements), 401));
  // A correct secret is remembered after its first use; a wrong one is still refused after.
  EXPECT_TRUE(HasStatus(admin().Get(kStatements), 200));
  EXPECT_TRUE(IsError(ClientFor(kAdminKey, std::string(kAdminSecret) + "x").Get(kStatements), 401));
  EXPECT_TRUE(IsError(ClientFor(kAdminKey, "admin-secreT").Get(kStatements), 401));
  EXPECT_TRUE(HasStatus(admin().Get(kStatements), 200));

  for (const char* authorization :
       {"Basic", "Basic !!!!", "Bearer abcdef", "Basic YWRtaW4=" /* "admin", no colon */,
        "Digest username=\"admin\""}) {
    HttpResult r = admin().Get(kStatements, {}, {{"Authorization", authorization}});
    EXPECT_TRUE(IsError(r, 401)) << authorization;
    EXPECT_TRUE(r.Header("WWW-Authenticate").has_value()) << authorization;
  }
  // Nothing was stored by a refused request.
  const std::string id = NewId();
  EXPECT_TRUE(
      IsError(ClientFor(kAdminKey, "wrong-secret").Post(kStatements, SimpleStatement(id)), 401));
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));
}

TEST_F(HttpAuth, ReadOnlyCredentialsCannotWrite) {
  const std::string stored = Store(SimpleStatement(NewId()));
  for (const char* scopes : {"statements/read", "all/read"}) {
    const std::string key = std::string("reader-") + (scopes[0] == 's' ? "s" : "a");
    ASSERT_TRUE(lrs().AddCredential(key, kSecret, scopes).ok());
    XapiClient reader = ClientFor(key, kSecret);
    const std::string id = NewId();
    EXPECT_TRUE(IsError(reader.Post(kStatements, SimpleStatement(id)), 403, "write")) << scopes;
    EXPECT_TRUE(IsError(reader.Put(kStatements, {{"statementId", id}}, SimpleStatement(id)), 403))
        << scopes;
    EXPECT_TRUE(HasStatus(GetStatement(id), 404)) << scopes;
    EXPECT_EQ(QueryIds({}, &reader), std::vector<std::string>{stored}) << scopes;
    EXPECT_TRUE(HasStatus(GetStatement(stored, false, &reader), 200)) << scopes;
  }
}

TEST_F(HttpAuth, WriteOnlyCredentialsCannotRead) {
  ASSERT_TRUE(lrs().AddCredential("writer", kSecret, "statements/write").ok());
  XapiClient writer = ClientFor("writer", kSecret);
  const std::string id = Store(SimpleStatement(NewId()), &writer);
  EXPECT_TRUE(IsError(writer.Get(kStatements), 403, "read"));
  EXPECT_TRUE(IsError(writer.Get(kStatements, {{"statementId", id}}), 403));
  EXPECT_TRUE(IsError(writer.Get(kStatements, {{"voidedStatementId", id}}), 403));
  // The statement was stored, with the writer as its authority.
  HttpResult get = GetStatement(id);
  ASSERT_TRUE(HasStatus(get, 200));
  EXPECT_EQ(StringAt(*ParseJson(get.body), "authority.account.name"), "writer");
}

TEST_F(HttpAuth, ReadMineSeesOnlyItsOwnStatements) {
  ASSERT_TRUE(lrs().AddCredential("mine", kSecret, "statements/write,statements/read/mine").ok());
  ASSERT_TRUE(lrs().AddCredential("other", kSecret, "statements/write statements/read/mine").ok());
  XapiClient mine = ClientFor("mine", kSecret);
  XapiClient other = ClientFor("other", kSecret);
  const std::string by_admin = Store(SimpleStatement(NewId(), "ann"));
  const std::string mine_1 = Store(SimpleStatement(NewId(), "ann"), &mine);
  const std::string by_other = Store(SimpleStatement(NewId(), "ann"), &other);
  const std::string mine_2 = Store(SimpleStatement(NewId(), "bob"), &mine);

  EXPECT_EQ(QueryIds({}, &mine), (std::vector<std::string>{mine_2, mine_1}));
  EXPECT_EQ(QueryIds({{"agent", "{\"mbox\":" + Quote(Mbox("ann")) + "}"}}, &mine),
            std::vector<std::string>{mine_1});
  EXPECT_EQ(QueryIds({{"limit", "1"}}, &mine), (std::vector<std::string>{mine_2, mine_1}));
  EXPECT_EQ(QueryIds({}, &other), std::vector<std::string>{by_other});
  EXPECT_TRUE(HasStatus(GetStatement(mine_1, false, &mine), 200));
  EXPECT_TRUE(IsError(GetStatement(by_admin, false, &mine), 404));
  EXPECT_TRUE(IsError(GetStatement(by_other, false, &mine), 404));
  EXPECT_EQ(QueryIds({}), (std::vector<std::string>{mine_2, by_other, mine_1, by_admin}));
}

TEST_F(HttpAuth, OnlyTheDefineScopeUpdatesCanonicalDefinitions) {
  // Part Three §4.2, "define": without it, statements are stored but the canonical
  // representation of their Activities is not updated.
  ASSERT_TRUE(
      lrs().AddCredential("definer", kSecret, "statements/write statements/read define").ok());
  ASSERT_TRUE(lrs().AddCredential("plain", kSecret, "statements/write statements/read").ok());
  XapiClient definer = ClientFor("definer", kSecret);
  XapiClient plain = ClientFor("plain", kSecret);
  auto defining = [](const std::string& name) {
    return Statement(Agent("ann"), Verb("completed"),
                     "{\"id\":" + Quote(ActivityId("course")) +
                         ",\"definition\":{\"name\":{\"en-US\":" + Quote(name) + "}}}");
  };
  auto canonical_name = [&](const std::string& id) {
    HttpResult r = admin().Get(kStatements, {{"statementId", id}, {"format", "canonical"}});
    EXPECT_TRUE(HasStatus(r, 200));
    return JsonAt(*ParseJson(r.body), "object.definition.name");
  };

  const std::string first = Store(defining("Official"), &definer);
  const std::string hijack = Store(defining("Hijacked"), &plain);
  EXPECT_EQ(canonical_name(first), "{\"en-US\":\"Official\"}");
  EXPECT_EQ(canonical_name(hijack), "{\"en-US\":\"Official\"}");
  // The statement itself keeps what it was sent with.
  EXPECT_EQ(JsonAt(*ParseJson(GetStatement(hijack).body), "object.definition.name"),
            "{\"en-US\":\"Hijacked\"}");

  const std::string renamed = Store(defining("Renamed"), &definer);
  EXPECT_EQ(canonical_name(first), "{\"en-US\":\"Renamed\"}");
  EXPECT_EQ(canonical_name(renamed), "{\"en-US\":\"Renamed\"}");
}

TEST_F(HttpAuth, ARevokedCredentialIsRefusedFromTheNextRequest) {
  ASSERT_TRUE(lrs().AddCredential("temp", kSecret, "all").ok());
  XapiClient temp = ClientFor("temp", kSecret);
  const std::string id = Store(SimpleStatement(NewId()), &temp);
  ASSERT_TRUE(HasStatus(temp.Get(kStatements), 200));

  Status revoked = lrs().RevokeCredential("temp");
  ASSERT_TRUE(revoked.ok()) << revoked.error().message();
  EXPECT_TRUE(IsError(temp.Get(kStatements), 401));
  EXPECT_TRUE(IsError(temp.Post(kStatements, SimpleStatement(NewId())), 401));
  // Revoking touches nothing else: the admin still works, and the statement stays.
  EXPECT_TRUE(HasStatus(GetStatement(id), 200));
  EXPECT_EQ(QueryIds({}), std::vector<std::string>{id});

  auto list = lrs().RunCommand({"credentials", "list", "--db", lrs().db()});
  ASSERT_TRUE(list.ok()) << list.error().message();
  EXPECT_TRUE(list.value().status.clean()) << list.value().err;
  bool temp_revoked = false;
  bool admin_active = false;
  size_t start = 0;
  const std::string& out = list.value().out;
  while (start < out.size()) {
    const size_t end = out.find('\n', start);
    const std::string line = out.substr(start, end - start);
    if (line.rfind("temp ", 0) == 0) temp_revoked = line.find("revoked") != std::string::npos;
    if (line.rfind("admin ", 0) == 0) admin_active = line.find("active") != std::string::npos;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  EXPECT_TRUE(temp_revoked) << out;
  EXPECT_TRUE(admin_active) << out;
  EXPECT_EQ(out.find(kSecret), std::string::npos) << "list shows a secret";
  EXPECT_EQ(out.find(kAdminSecret), std::string::npos) << "list shows a secret";

  // Revoking again, or an unknown key, fails.
  auto again = lrs().RunCommand({"credentials", "revoke", "--db", lrs().db(), "--key", "temp"});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again.value().status.clean());
}

TEST_F(HttpAuth, CredentialCommandsRejectBadInput) {
  const std::string db = lrs().db();
  struct Case {
    std::vector<std::string> args;
    const char* what;
  };
  const std::vector<Case> cases = {
      {{"credentials", "add", "--db", db, "--scopes", "statements/everything"}, "unknown scope"},
      {{"credentials", "add", "--db", db}, "no scopes"},
      {{"credentials", "add", "--db", db, "--scopes", "all", "--key", kAdminKey, "--secret",
        kSecret},
       "a key that exists"},
      {{"credentials", "add", "--db", db, "--scopes", "all", "--secret", "short"}, "short secret"},
      {{"credentials", "add", "--db", db, "--scopes", "all", "--store", "no spaces"}, "store name"},
      {{"credentials", "remove", "--db", db}, "unknown action"},
  };
  for (const Case& c : cases) {
    auto run = lrs().RunCommand(c.args);
    ASSERT_TRUE(run.ok()) << run.error().message();
    EXPECT_TRUE(run.value().status.exited && run.value().status.code != 0)
        << c.what << ": " << run.value().status.ToString();
    EXPECT_FALSE(run.value().err.empty()) << c.what;
  }
  // The existing credential is untouched.
  EXPECT_TRUE(HasStatus(admin().Get(kStatements), 200));
}

TEST_F(HttpAuth, StoresAreIsolated) {
  ASSERT_TRUE(lrs().AddCredential("b-admin", kSecret, "all", "b").ok());
  XapiClient b = ClientFor("b-admin", kSecret);
  const std::string id = NewId();
  Store(SimpleStatement(id, "ann", "completed"));
  HttpResult original = GetStatement(id);
  ASSERT_TRUE(HasStatus(original, 200));

  // Store "b" sees nothing of store "default".
  EXPECT_EQ(QueryIds({}, &b), std::vector<std::string>{});
  EXPECT_EQ(QueryIds({{"agent", "{\"mbox\":" + Quote(Mbox("ann")) + "}"}}, &b),
            std::vector<std::string>{});
  EXPECT_TRUE(IsError(GetStatement(id, false, &b), 404));
  EXPECT_TRUE(IsError(GetStatement(id, true, &b), 404));

  // The same id holds another statement in store "b", with no conflict.
  EXPECT_TRUE(HasStatus(
      b.Put(kStatements, {{"statementId", id}}, SimpleStatement(id, "bob", "failed")), 204));
  HttpResult in_b = GetStatement(id, false, &b);
  ASSERT_TRUE(HasStatus(in_b, 200));
  EXPECT_EQ(StringAt(*ParseJson(in_b.body), "actor.mbox"), Mbox("bob"));
  EXPECT_EQ(StringAt(*ParseJson(in_b.body), "authority.account.name"), "b-admin");
  EXPECT_EQ(GetStatement(id).body, original.body);

  // Voiding in "b" voids only b's statement.
  const std::string voiding = Store(VoidingStatement(NewId(), id), &b);
  EXPECT_TRUE(HasStatus(GetStatement(id, true, &b), 200));
  EXPECT_TRUE(HasStatus(GetStatement(id), 200));
  EXPECT_TRUE(HasStatus(GetStatement(voiding), 404));
  EXPECT_EQ(QueryIds({}, &b), std::vector<std::string>{voiding});
  EXPECT_EQ(QueryIds({}), std::vector<std::string>{id});
  // A more link of one store shows nothing of the other.
  Store(SimpleStatement(NewId(), "cid"), &b);
  HttpResult page = b.Get(kStatements, {{"limit", "1"}});
  ASSERT_TRUE(HasStatus(page, 200));
  const std::string more = StringAt(*ParseJson(page.body), "more");
  ASSERT_FALSE(more.empty());
  HttpResult from_default = admin().Get(more);
  ASSERT_TRUE(HasStatus(from_default, 200));
  for (const std::string& seen : StatementIds(*ParseJson(from_default.body))) {
    EXPECT_EQ(seen, id) << "store default saw a statement of store b";
  }
}

}  // namespace
}  // namespace lrs::http_test
