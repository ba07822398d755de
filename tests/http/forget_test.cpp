// `outcome-lrs forget`: erasing a person (GDPR Art. 17). Their statements, the statements voiding
// them, their documents and attachments are deleted; in other people's statements a pseudonym
// stands in for them, and those statements stay valid; nothing of the person remains in the
// database's files; a block entry refuses them afterwards when asked to; a failure erases nothing.
// On both backends.
#include <sqlite3.h>

#include <map>
#include <set>

#include "tests/http/forget_fixture.h"

namespace lrs::http_test {
namespace {

class HttpForget : public ForgetTest {
 protected:
  // `outcome-lrs forget --db DB ARGS...`: its exit code and output.
  test_support::CommandOutput Forget(const std::vector<std::string>& args) {
    std::vector<std::string> all{"forget", "--db", lrs().db()};
    all.insert(all.end(), args.begin(), args.end());
    auto run = lrs().RunCommand(all);
    EXPECT_TRUE(run.ok()) << run.error().message();
    return run.ok() ? run.value() : test_support::CommandOutput{};
  }
};

TEST_F(HttpForget, ErasesThePersonAndKeepsOthersRecordsValidUnderOnePseudonym) {
  Seeded s = Seed();
  ASSERT_FALSE(HasFailure());
  if (!lrs().on_postgres()) {
    const std::string before = SqliteFiles();
    ASSERT_NE(before.find("ann.erasable@example.com"), std::string::npos)
        << "the test's search would not find the person before the erasure";
  }

  // With the server running (its connections keep the write-ahead log in use), so the files are
  // searched as the erasure leaves them, not as the last connection's close would.
  test_support::CommandOutput out = Forget({"--agent", kAgentArg});
  ASSERT_EQ(out.status.code, 0) << out.err;
  auto report = ParseJson(out.out);
  EXPECT_EQ(Count(*report, "statements_deleted"), 3) << out.out;
  EXPECT_EQ(Count(*report, "voiding_statements_deleted"), 1) << out.out;
  EXPECT_EQ(Count(*report, "statements_pseudonymized"), 6) << out.out;
  EXPECT_EQ(Count(*report, "documents_deleted"), 3) << out.out;
  EXPECT_EQ(Count(*report, "attachments_deleted"), 1) << out.out;  // the shared one stays
  EXPECT_EQ(Count(*report, "block_entries"), 2) << out.out;        // mbox, mbox_sha1sum
  EXPECT_TRUE(At(*report, "scrubbed") != nullptr && At(*report, "scrubbed")->IsTrue()) << out.out;
  const std::string pseudonym = StringAt(*report, "pseudonym");
  ASSERT_FALSE(pseudonym.empty()) << out.out;

  // Nothing of ann is left in the database's files.
  ExpectNoTraceOfAnn();

  // A server that ran through a `forget` is restarted (it remembers index keys; see README).
  ASSERT_TRUE(RestartServer());
  // Ann's statements and the voiding statement are gone, voided or not.
  for (const std::string& id : s.anns) {
    EXPECT_TRUE(IsError(GetStatement(id), 404)) << id;
    EXPECT_TRUE(IsError(GetStatement(id, /*voided=*/true), 404)) << id;
  }
  EXPECT_TRUE(IsError(GetStatement(s.voiding), 404));
  EXPECT_TRUE(QueryIds({{"agent", Ann()}}).empty());
  EXPECT_TRUE(QueryIds({{"agent", AnnBySha1()}}).empty());

  // Others' statements remain, with one pseudonym where ann was; they still validate (stored
  // again as they are, in another store).
  const std::string pseudonym_agent =
      R"({"account":{"homePage":"https://outcome-lrs.invalid/erased","name":")" + pseudonym +
      R"("}})";
  ASSERT_TRUE(lrs().AddCredential("other", "other-secret", "all", "other").ok());
  XapiClient other = ClientFor("other", "other-secret");
  for (const std::string& id : s.others) {
    HttpResult r = GetStatement(id);
    ASSERT_TRUE(HasStatus(r, 200)) << id;
    EXPECT_EQ(r.body.find("ann.erasable"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find(kName), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find(AnnSha1()), std::string::npos) << r.body;
    auto doc = ParseJson(r.body);
    doc->RemoveMember("stored");
    doc->RemoveMember("authority");
    EXPECT_TRUE(HasStatus(other.Post(kStatements, json::Write(*doc)), 200)) << r.body;
  }
  auto instructed = Fetch(s.others[0]);
  EXPECT_EQ(StringAt(*instructed, "context.instructor.account.name"), pseudonym);
  EXPECT_EQ(StringAt(*instructed, "context.instructor.account.homePage"),
            "https://outcome-lrs.invalid/erased");
  EXPECT_EQ(At(*instructed, "context.instructor.name"), nullptr);
  EXPECT_EQ(StringAt(*Fetch(s.others[1]), "object.account.name"), pseudonym);
  EXPECT_EQ(StringAt(*Fetch(s.others[2]), "context.team.member.0.account.name"), pseudonym);
  EXPECT_EQ(StringAt(*Fetch(s.others[2]), "context.team.member.1.mbox"), Mbox("carl"));
  EXPECT_EQ(StringAt(*Fetch(s.others[3]), "actor.member.0.account.name"), pseudonym);
  EXPECT_EQ(StringAt(*Fetch(s.others[4]), "object.actor.account.name"), pseudonym);
  EXPECT_EQ(StringAt(*Fetch(s.others[5]), "object.id"), s.anns[0]);

  // The index follows: the pseudonym finds where ann was, as ann did.
  std::vector<std::string> by_pseudonym = QueryIds({{"agent", pseudonym_agent}});
  EXPECT_EQ(std::set<std::string>(by_pseudonym.begin(), by_pseudonym.end()),
            (std::set<std::string>{s.others[1], s.others[3], s.others[5]}));
  std::vector<std::string> related =
      QueryIds({{"agent", pseudonym_agent}, {"related_agents", "true"}});
  EXPECT_EQ(std::set<std::string>(related.begin(), related.end()),
            std::set<std::string>(s.others.begin(), s.others.end()));
  EXPECT_EQ(QueryIds({{"agent", Agent("bob")}}).size(), 5u);

  // Documents: ann's are gone, bob's stays; the shared attachment stays with bob's statement.
  EXPECT_TRUE(IsError(admin().Get("/xapi/activities/state", {{"activityId", ActivityId("course")},
                                                             {"agent", Ann()},
                                                             {"stateId", "bookmark"}}),
                      404));
  EXPECT_TRUE(IsError(
      admin().Get("/xapi/agents/profile", {{"agent", AnnBySha1()}, {"profileId", "prefs"}}), 404));
  EXPECT_TRUE(HasStatus(admin().Get("/xapi/activities/state", {{"activityId", ActivityId("course")},
                                                               {"agent", Agent("bob")},
                                                               {"stateId", "bookmark"}}),
                        200));
  HttpResult with_data =
      admin().Get(kStatements, {{"statementId", s.bobs_own}, {"attachments", "true"}});
  ASSERT_TRUE(HasStatus(with_data, 200));
  EXPECT_NE(with_data.body.find(kSharedData), std::string::npos);
  // The Agents resource no longer knows ann's name.
  HttpResult person = admin().Get("/xapi/agents", {{"agent", kAgentArg}});
  ASSERT_TRUE(HasStatus(person, 200));
  EXPECT_EQ(person.body.find(kName), std::string::npos) << person.body;

  // Without --block, ann may be sent again.
  EXPECT_FALSE(Store(Statement(Ann(), Verb("returned"), Activity("course"))).empty());

  // The erasure is in the audit log, by the command line, with its counts and nothing of ann.
  ASSERT_TRUE(lrs().AddCredential("root", "root-secret-1", "admin").ok());
  const std::string entry = NewestForgetEntry(ClientFor("root", "root-secret-1"));
  auto audited = ParseJson(entry);
  EXPECT_EQ(StringAt(*audited, "action"), "forget") << entry;
  EXPECT_EQ(StringAt(*audited, "actor"), "cli") << entry;
  EXPECT_EQ(StringAt(*audited, "store"), "default") << entry;
  EXPECT_EQ(StringAt(*audited, "target"), "") << entry;
  EXPECT_EQ(Count(*audited, "detail.statements_deleted"), 3) << entry;
  EXPECT_EQ(Count(*audited, "detail.statements_pseudonymized"), 6) << entry;
  EXPECT_EQ(Count(*audited, "detail.documents_deleted"), 3) << entry;
  for (const std::string& trace : AnnTraces())
    EXPECT_EQ(entry.find(trace), std::string::npos) << trace << " in " << entry;
  EXPECT_EQ(entry.find(pseudonym), std::string::npos) << entry;
}

TEST_F(HttpForget, BlockRefusesThePersonAsActorWithForbiddenAndOnlyThem) {
  Store(Statement(Ann(), Verb("completed"), Activity("course")));
  ASSERT_TRUE(StopServer().clean());
  test_support::CommandOutput out = Forget({"--agent", kAgentArg, "--block"});
  ASSERT_EQ(out.status.code, 0) << out.err;
  EXPECT_TRUE(At(*ParseJson(out.out), "blocked")->IsTrue()) << out.out;
  ASSERT_TRUE(RestartServer());

  EXPECT_TRUE(IsError(admin().Post(kStatements, Statement(Ann(), Verb("returned"), Activity("x"))),
                      403, "erased"));
  // By mbox_sha1sum too, in a batch (all or nothing), and by PUT.
  EXPECT_TRUE(IsError(
      admin().Post(kStatements, "[" + Statement(Agent("bob"), Verb("a"), Activity("x")) + "," +
                                    Statement(AnnBySha1(), Verb("a"), Activity("x")) + "]"),
      403));
  EXPECT_TRUE(IsError(admin().Put(kStatements, {{"statementId", NewId()}},
                                  Statement(Ann(), Verb("returned"), Activity("x"))),
                      403));
  EXPECT_TRUE(QueryIds({{"agent", Agent("bob")}}).empty());
  // Others are accepted, also when they name ann elsewhere than as actor.
  EXPECT_FALSE(Store(Statement(Agent("bob"), Verb("met"), Ann())).empty());
}

TEST_F(HttpForget, ErasingSomeoneAbsentIsANoOpWithZeroCounts) {
  const std::string bobs = Store(Statement(Agent("bob"), Verb("completed"), Activity("course")));
  ASSERT_TRUE(StopServer().clean());
  test_support::CommandOutput out = Forget({"--agent", kAgentArg});
  ASSERT_EQ(out.status.code, 0) << out.err;
  auto report = ParseJson(out.out);
  for (const char* count :
       {"statements_deleted", "voiding_statements_deleted", "statements_pseudonymized",
        "documents_deleted", "attachments_deleted", "block_entries"}) {
    EXPECT_EQ(Count(*report, count), 0) << count << ": " << out.out;
  }
  EXPECT_TRUE(At(*report, "pseudonym")->IsNull()) << out.out;
  ASSERT_TRUE(RestartServer());
  HttpResult r = GetStatement(bobs);
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_NE(r.body.find(Mbox("bob")), std::string::npos);
}

TEST_F(HttpForget, RefusesAnInvalidAgentOrStoreWithExitTwo) {
  ASSERT_TRUE(StopServer().clean());
  for (const std::string& agent :
       {std::string("not json"), std::string(R"({"name":"no identifier"})"),
        std::string(R"({"mbox":"ann@example.com"})"),
        std::string(R"({"mbox":"mailto:a@example.com","openid":"http://example.com/a"})")}) {
    test_support::CommandOutput out = Forget({"--agent", agent});
    EXPECT_EQ(out.status.code, 2) << agent << ": " << out.err;
    EXPECT_TRUE(out.out.empty()) << out.out;
  }
  EXPECT_EQ(Forget({}).status.code, 2);
  EXPECT_EQ(Forget({"--agent", kAgentArg, "--store", "no-such-store"}).status.code, 2);
}

// A step that fails late in the erasure (deleting documents, after the statements were deleted
// and rewritten) rolls everything back: nothing is half-erased.
TEST_F(HttpForget, AFailingStepRollsBackTheWholeErasure) {
  Seeded s = Seed();
  ASSERT_FALSE(HasFailure());
  std::map<std::string, std::string> snapshot;
  std::vector<std::string> ids = s.anns;
  ids.insert(ids.end(), s.others.begin(), s.others.end());
  ids.push_back(s.voiding);
  ids.push_back(s.bobs_own);
  for (const std::string& id : ids)
    snapshot[id] = GetStatement(id, id == s.anns[2]).body;
  std::vector<std::string> by_ann_before = QueryIds({{"agent", Ann()}});
  const std::set<std::string> ann_query(by_ann_before.begin(), by_ann_before.end());
  ASSERT_FALSE(ann_query.empty());
  ASSERT_TRUE(StopServer().clean());
  if (lrs().on_postgres()) {
    ASSERT_TRUE(test_support::RunPostgresSql(lrs().db(),
                                             "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                                             "RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE "
                                             "plpgsql; CREATE TRIGGER refuse BEFORE DELETE ON "
                                             "documents FOR EACH ROW EXECUTE FUNCTION refuse();")
                    .ok());
  } else {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(lrs().db_path().c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db,
                           "CREATE TRIGGER refuse BEFORE DELETE ON documents BEGIN "
                           "SELECT RAISE(ABORT, 'injected failure'); END;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  test_support::CommandOutput failed = Forget({"--agent", kAgentArg, "--block"});
  EXPECT_EQ(failed.status.code, 1) << failed.out;
  EXPECT_NE(failed.err.find("injected failure"), std::string::npos) << failed.err;

  ASSERT_TRUE(RestartServer());
  // Every statement is as it was stored, byte for byte, and so are the index and the documents.
  for (const auto& [id, body] : snapshot) {
    HttpResult r = GetStatement(id, id == s.anns[2]);
    EXPECT_TRUE(HasStatus(r, 200)) << id;
    EXPECT_EQ(r.body, body) << id;
  }
  std::vector<std::string> by_ann = QueryIds({{"agent", Ann()}});
  EXPECT_EQ(std::set<std::string>(by_ann.begin(), by_ann.end()), ann_query);
  EXPECT_TRUE(HasStatus(admin().Get("/xapi/activities/state", {{"activityId", ActivityId("course")},
                                                               {"agent", Ann()},
                                                               {"stateId", "bookmark"}}),
                        200));
  // No block entry was left either.
  EXPECT_FALSE(Store(Statement(Ann(), Verb("returned"), Activity("course"))).empty());
}

}  // namespace
}  // namespace lrs::http_test
