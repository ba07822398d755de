// POST /admin/forget (issue 16): erasing a person as a job of the administration API, over real
// HTTP on both backends. Who may ask (no credential 401, `all` 403, a store's own admin only its
// store), a bad request refused at once with nothing queued, the job followed to "done" with the
// counts, the person gone and others' records kept, the audit entry without any identifier, and
// since the job runs in the server's own process, the person sent again afterwards is stored and
// found without a restart, or refused with 403 when blocked.
#include <sqlite3.h>

#include <chrono>
#include <set>
#include <thread>

#include "tests/http/admin_fixture.h"
#include "tests/http/forget_fixture.h"

namespace lrs::http_test {
namespace {

constexpr char kForget[] = "/admin/forget";

// The erasure's fixture with the root admin credential besides its `all` one.
class HttpAdminForget : public WithRootAdmin<ForgetTest> {
 protected:
  // POSTs `body` to /admin/forget; expects 202 with the job's id, state "queued" and a Location
  // naming it, and returns that Location ("" on failure).
  static std::string Submit(const XapiClient& client, const std::string& body) {
    HttpResult r = PostJson(client, kForget, body);
    EXPECT_TRUE(HasStatus(r, 202));
    auto doc = ParseJson(r.body);
    const std::string id = StringAt(*doc, "id");
    EXPECT_EQ(id.size(), 36u) << r.body;
    EXPECT_EQ(StringAt(*doc, "state"), "queued") << r.body;
    const std::string location = r.Header("Location").value_or("");
    EXPECT_EQ(location, "/admin/jobs/" + id) << r.Describe();
    return location;
  }

  // Follows the job at `location` until it is done or failed (at most a minute); its last JSON.
  static std::unique_ptr<json::Document> Follow(const XapiClient& client,
                                                const std::string& location) {
    std::set<std::string> states;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (true) {
      HttpResult r = client.Get(location);
      EXPECT_TRUE(HasStatus(r, 200));
      auto doc = ParseJson(r.body);
      const std::string state = StringAt(*doc, "state");
      EXPECT_TRUE(state == "queued" || state == "running" || state == "done" || state == "failed")
          << r.body;
      if (state != "queued" && state != "running") return doc;
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "the job did not finish: " << r.body;
        return doc;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  // Records a failure when the database holds any job (a refused request must queue none).
  void ExpectNoJobs() {
    if (lrs().on_postgres()) {
      Status none = test_support::RunPostgresSql(
          lrs().db(),
          "DO $$ BEGIN IF EXISTS (SELECT 1 FROM jobs) THEN RAISE EXCEPTION 'a job was queued'; "
          "END IF; END $$;");
      EXPECT_TRUE(none.ok()) << none.error().message();
      return;
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(lrs().db_path().c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM jobs", -1, &q, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int64(q, 0), 0) << "a job was queued";
    sqlite3_finalize(q);
    sqlite3_close(db);
  }
};

std::string ForgetBody(const std::string& extra = "") {
  return std::string("{\"agent\":") + kAgentArg + extra + "}";
}

TEST_F(HttpAdminForget, NeedsTheAdminScopeAndRefusesABadRequestWithNothingQueued) {
  EXPECT_TRUE(IsError(PostJson(AnonymousClient(), kForget, ForgetBody()), 401));
  EXPECT_TRUE(IsError(PostJson(admin(), kForget, ForgetBody()), 403, "admin scope"));

  const XapiClient root = Root();
  EXPECT_TRUE(IsError(PostJson(root, kForget, "not json"), 400, "JSON object"));
  EXPECT_TRUE(IsError(PostJson(root, kForget, "{}"), 400, "\"agent\" is required"));
  EXPECT_TRUE(IsError(PostJson(root, kForget, R"({"agent":"mailto:a@example.com"})"), 400,
                      "\"agent\" must be"));
  for (const std::string& agent :
       {std::string(R"({"name":"no identifier"})"), std::string(R"({"mbox":"ann@example.com"})"),
        std::string(R"({"mbox":"mailto:a@example.com","openid":"http://example.com/a"})")}) {
    EXPECT_TRUE(IsError(PostJson(root, kForget, "{\"agent\":" + agent + "}"), 400)) << agent;
  }
  EXPECT_TRUE(IsError(PostJson(root, kForget, ForgetBody(",\"block\":\"yes\"")), 400,
                      "\"block\" must be true or false"));
  EXPECT_TRUE(IsError(PostJson(root, kForget, ForgetBody(",\"store\":7")), 400, "string"));
  EXPECT_TRUE(IsError(PostJson(root, kForget, ForgetBody(",\"person\":1")), 400, "unknown member"));
  EXPECT_TRUE(IsError(PostJson(root, kForget, ForgetBody(",\"store\":\"nowhere\"")), 404));
  EXPECT_TRUE(IsError(root.Get(kForget), 405));
  EXPECT_TRUE(IsError(PostJson(root, "/admin/forget/x", ForgetBody()), 404));
  ExpectNoJobs();
}

TEST_F(HttpAdminForget, ErasesThePersonAsAJobFollowedToDoneAndAuditsItWithoutIdentifiers) {
  Seeded s = Seed();
  ASSERT_FALSE(HasFailure());

  const std::string location = Submit(Root(), ForgetBody());
  ASSERT_FALSE(location.empty());
  auto job = Follow(Root(), location);
  const std::string job_json = json::Write(*job);
  ASSERT_EQ(StringAt(*job, "state"), "done") << job_json;
  EXPECT_EQ(StringAt(*job, "kind"), "forget");
  EXPECT_EQ(StringAt(*job, "store"), "default");
  const json::Value* report = At(*job, "result");
  ASSERT_NE(report, nullptr);
  EXPECT_EQ(Count(*report, "statements_deleted"), 3) << job_json;
  EXPECT_EQ(Count(*report, "voiding_statements_deleted"), 1) << job_json;
  EXPECT_EQ(Count(*report, "statements_pseudonymized"), 6) << job_json;
  EXPECT_EQ(Count(*report, "documents_deleted"), 3) << job_json;
  EXPECT_EQ(Count(*report, "attachments_deleted"), 1) << job_json;
  EXPECT_EQ(Count(*report, "block_entries"), 2) << job_json;
  EXPECT_EQ(JsonAt(*report, "blocked"), "false") << job_json;
  EXPECT_EQ(JsonAt(*report, "scrubbed"), "true") << job_json;
  const std::string pseudonym = StringAt(*report, "pseudonym");
  ASSERT_FALSE(pseudonym.empty()) << job_json;
  for (const std::string& trace : AnnTraces())
    EXPECT_EQ(job_json.find(trace), std::string::npos) << trace << " in " << job_json;

  // Ann's statements are gone; others' remain, with the pseudonym where she was.
  for (const std::string& id : s.anns)
    EXPECT_TRUE(IsError(GetStatement(id, /*voided=*/true), 404)) << id;
  EXPECT_TRUE(IsError(GetStatement(s.voiding), 404));
  for (const std::string& id : s.others) {
    HttpResult r = GetStatement(id);
    ASSERT_TRUE(HasStatus(r, 200)) << id;
    EXPECT_EQ(r.body.find("ann.erasable"), std::string::npos) << r.body;
  }
  EXPECT_EQ(StringAt(*Fetch(s.others[0]), "context.instructor.account.name"), pseudonym);
  EXPECT_TRUE(HasStatus(GetStatement(s.bobs_own), 200));
  EXPECT_EQ(QueryIds({{"agent", Agent("bob")}}).size(), 5u);
  EXPECT_TRUE(IsError(admin().Get("/xapi/activities/state", {{"activityId", ActivityId("course")},
                                                             {"agent", Ann()},
                                                             {"stateId", "bookmark"}}),
                      404));
  ExpectNoTraceOfAnn();

  // The audit entry: who asked, when, the store, the counts, the job as target; nothing that
  // identifies ann, nor her pseudonym.
  const std::string entry = NewestForgetEntry(Root());
  auto audited = ParseJson(entry);
  EXPECT_EQ(StringAt(*audited, "action"), "forget") << entry;
  EXPECT_EQ(StringAt(*audited, "actor"), kRootKey) << entry;
  EXPECT_EQ(StringAt(*audited, "store"), "default") << entry;
  EXPECT_EQ(StringAt(*audited, "target"), StringAt(*job, "id")) << entry;
  EXPECT_FALSE(StringAt(*audited, "time").empty()) << entry;
  EXPECT_EQ(Count(*audited, "detail.statements_deleted"), 3) << entry;
  EXPECT_EQ(Count(*audited, "detail.voiding_statements_deleted"), 1) << entry;
  EXPECT_EQ(Count(*audited, "detail.statements_pseudonymized"), 6) << entry;
  EXPECT_EQ(Count(*audited, "detail.documents_deleted"), 3) << entry;
  EXPECT_EQ(Count(*audited, "detail.attachments_deleted"), 1) << entry;
  EXPECT_EQ(JsonAt(*audited, "detail.blocked"), "false") << entry;
  for (const std::string& trace : AnnTraces())
    EXPECT_EQ(entry.find(trace), std::string::npos) << trace << " in " << entry;
  EXPECT_EQ(entry.find(pseudonym), std::string::npos) << entry;

  // Sent again, without a restart of the server that erased her: stored, and found by her
  // identifier (the writer forgot the index keys the erasure deleted), in either form.
  const std::string again = Store(Statement(Ann(), Verb("returned"), Activity("course")));
  ASSERT_FALSE(again.empty());
  EXPECT_TRUE(HasStatus(GetStatement(again), 200));
  EXPECT_EQ(QueryIds({{"agent", Ann()}}), std::vector<std::string>{again});
  const std::string by_sha1 = Store(Statement(AnnBySha1(), Verb("returned"), Activity("essay")));
  ASSERT_FALSE(by_sha1.empty());
  EXPECT_EQ(QueryIds({{"agent", AnnBySha1()}}), std::vector<std::string>{by_sha1});
  std::vector<std::string> related = QueryIds({{"agent", Ann()}, {"related_agents", "true"}});
  EXPECT_EQ(std::set<std::string>(related.begin(), related.end()), std::set<std::string>{again});
}

TEST_F(HttpAdminForget, BlockRefusesThePersonWithForbiddenWithoutARestart) {
  const std::string anns = Store(Statement(Ann(), Verb("completed"), Activity("course")));
  ASSERT_FALSE(anns.empty());
  auto job = Follow(Root(), Submit(Root(), ForgetBody(",\"block\":true")));
  ASSERT_EQ(StringAt(*job, "state"), "done") << json::Write(*job);
  EXPECT_EQ(JsonAt(*job, "result.blocked"), "true");
  EXPECT_EQ(Count(*job, "result.statements_deleted"), 1);
  EXPECT_EQ(JsonAt(*ParseJson(NewestForgetEntry(Root())), "detail.blocked"), "true");

  EXPECT_TRUE(IsError(GetStatement(anns), 404));
  EXPECT_TRUE(IsError(admin().Post(kStatements, Statement(Ann(), Verb("returned"), Activity("x"))),
                      403, "erased"));
  EXPECT_TRUE(IsError(
      admin().Post(kStatements, Statement(AnnBySha1(), Verb("returned"), Activity("x"))), 403));
  EXPECT_TRUE(QueryIds({{"agent", Ann()}}).empty());
  // Others are accepted, also naming ann elsewhere than as actor.
  EXPECT_FALSE(Store(Statement(Agent("bob"), Verb("met"), Ann())).empty());
}

TEST_F(HttpAdminForget, AStoresOwnAdminErasesInItsStoreAloneAndOthersAreUntouched) {
  const std::string secret = MakeStoreWithAdmin("acme", "acme-admin");
  ASSERT_FALSE(secret.empty());
  const XapiClient acme = ClientFor("acme-admin", secret);
  Seed(&acme);
  // Ann in the default store too, which acme's erasure must not reach.
  const std::string in_default = Store(Statement(Ann(), Verb("completed"), Activity("course")));
  ASSERT_FALSE(HasFailure());

  // Another store is, to acme's administrator, as if it did not exist.
  EXPECT_TRUE(IsError(PostJson(acme, kForget, ForgetBody(",\"store\":\"default\"")), 404));
  EXPECT_TRUE(IsError(PostJson(acme, kForget, ForgetBody(",\"store\":\"nowhere\"")), 404));
  ExpectNoJobs();

  // Without "store": its own.
  const std::string location = Submit(acme, ForgetBody());
  auto job = Follow(acme, location);
  ASSERT_EQ(StringAt(*job, "state"), "done") << json::Write(*job);
  EXPECT_EQ(StringAt(*job, "store"), "acme");
  EXPECT_EQ(Count(*job, "result.statements_deleted"), 3);
  EXPECT_EQ(Count(*job, "result.statements_pseudonymized"), 6);
  // The default store's administrators see every job; ann stays in the default store.
  EXPECT_TRUE(HasStatus(Root().Get(location), 200));
  EXPECT_TRUE(HasStatus(GetStatement(in_default), 200));
  EXPECT_EQ(QueryIds({{"agent", Ann()}}), std::vector<std::string>{in_default});
  EXPECT_TRUE(QueryIds({{"agent", Ann()}}, &acme).empty());

  const std::string entry = NewestForgetEntry(acme);
  auto audited = ParseJson(entry);
  EXPECT_EQ(StringAt(*audited, "action"), "forget") << entry;
  EXPECT_EQ(StringAt(*audited, "actor"), "acme-admin") << entry;
  EXPECT_EQ(StringAt(*audited, "store"), "acme") << entry;

  // The default store's administrator names acme's store.
  auto again = Follow(Root(), Submit(Root(), ForgetBody(",\"store\":\"acme\"")));
  EXPECT_EQ(StringAt(*again, "store"), "acme");
  EXPECT_EQ(Count(*again, "result.statements_deleted"), 0);
}

// An erasure committed but whose audit entry cannot be recorded fails the job, saying so: the
// administrator learns that the log misses an entry (and submitting again is harmless).
TEST_F(HttpAdminForget, AnErasureWhoseAuditEntryCannotBeRecordedFailsSayingItErased) {
  const std::string anns = Store(Statement(Ann(), Verb("completed"), Activity("course")));
  ASSERT_FALSE(anns.empty());
  RunSql(lrs().on_postgres()
             ? "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION "
               "'injected failure'; END $$ LANGUAGE plpgsql; CREATE TRIGGER refuse BEFORE "
               "INSERT ON admin_audit FOR EACH ROW EXECUTE FUNCTION refuse();"
             : "CREATE TRIGGER refuse BEFORE INSERT ON admin_audit BEGIN "
               "SELECT RAISE(ABORT, 'injected failure'); END;");
  ASSERT_FALSE(HasFatalFailure());
  auto job = Follow(Root(), Submit(Root(), ForgetBody()));
  EXPECT_EQ(StringAt(*job, "state"), "failed") << json::Write(*job);
  EXPECT_NE(StringAt(*job, "error").find("the person was erased, but the audit entry"),
            std::string::npos)
      << json::Write(*job);
  EXPECT_TRUE(IsError(GetStatement(anns), 404));
}

}  // namespace
}  // namespace lrs::http_test
