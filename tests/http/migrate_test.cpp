// `outcome-lrs migrate`: an SQLite LRS filled through the real server is copied into an empty
// PostgreSQL database; a server on the copy then answers every read as the server on the SQLite
// file does, byte for byte. An interrupted copy resumes to the same result; every refusal says
// why; a tampered copy fails verification naming the table. PostgreSQL only (ctest runs it as
// postgresql/Migrate*).
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using test_support::Backend;
using test_support::BackendUnderTest;
using test_support::CommandOutput;
using test_support::TestDatabase;

constexpr char kSecond[] = "second-key";
constexpr char kReader[] = "reader-key";
constexpr char kSecret[] = "a-long-enough-secret";
constexpr char kStopEnv[] = "OUTCOME_LRS_MIGRATE_STOP_AFTER_BATCHES";

// Runs `sql` on the SQLite file at `path`; records a failure when it fails.
void RunSqlite(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error != nullptr ? error : "") << " in " << sql;
  sqlite3_free(error);
  sqlite3_close(db);
}

// A response as a client sees it, minus what must differ between two servers: the multipart
// boundary (random), and the headers that carry times or the connection.
std::string Comparable(const HttpResult& r) {
  std::string body = r.body;
  const std::string type = r.Header("Content-Type").value_or("");
  const size_t at = type.find("boundary=");
  if (at != std::string::npos) {
    const std::string boundary = type.substr(at + 9);
    for (size_t p = body.find(boundary); p != std::string::npos; p = body.find(boundary, p)) {
      body.replace(p, boundary.size(), "BOUNDARY");
    }
  }
  std::string out = std::to_string(r.status) + "\n";
  for (const char* name : {"ETag", "Last-Modified", "X-Experience-API-Version"}) {
    out += std::string(name) + ": " + r.Header(name).value_or("-") + "\n";
  }
  out += "Content-Type: " + (at == std::string::npos ? type : type.substr(0, at)) + "\n\n";
  return out + body;
}

class Migrate : public ::testing::Test {
 protected:
  void SetUp() override {
    if (BackendUnderTest() != Backend::kPostgres) {
      GTEST_SKIP() << "migrate copies into PostgreSQL (run as postgresql/Migrate*)";
    }
    LRS_SKIP_WITHOUT_BACKEND();
    auto dir = LrsProcess::Create();
    ASSERT_TRUE(dir.ok()) << dir.error().message();
    scratch_ = std::move(dir).value();
    auto source = LrsProcess::CreateOn(scratch_->directory() + "/source.db");
    ASSERT_TRUE(source.ok()) << source.error().message();
    source_ = std::move(source).value();
    target_ = NewTarget();
  }

  void TearDown() override {
    for (LrsProcess* p : {source_.get(), copy_.get()}) {
      if (p != nullptr && p->running()) p->Stop();
      if (p != nullptr && HasFailure()) std::cerr << p->ServerLog();
    }
    ::unsetenv(kStopEnv);
  }

  std::unique_ptr<TestDatabase> NewTarget() {
    auto made = TestDatabase::Create(Backend::kPostgres, scratch_->directory());
    EXPECT_TRUE(made.ok()) << made.error().message();
    return made.ok() ? std::move(made).value() : nullptr;
  }

  std::string SourcePath() const { return source_->db(); }

  // `outcome-lrs migrate --from SOURCE --to TARGET EXTRA...`.
  CommandOutput RunMigrate(const std::vector<std::string>& extra = {}, const std::string& to = "") {
    std::vector<std::string> args = {"migrate", "--from", SourcePath(), "--to",
                                     to.empty() ? target_->location() : to};
    args.insert(args.end(), extra.begin(), extra.end());
    auto ran = scratch_->RunCommand(args, std::chrono::seconds(120));
    EXPECT_TRUE(ran.ok()) << ran.error().message();
    return ran.ok() ? ran.value() : CommandOutput{};
  }

  XapiClient Client(LrsProcess& p, const std::string& key = kAdminKey,
                    const std::string& secret = kAdminSecret) {
    XapiClient c(p.base_url());
    c.SetBasicAuth(key, secret);
    return c;
  }

  // A source with every kind of row, written by a server on it (stopped again at the end):
  // statements of both versions, voided and voiding, StatementRefs, attachments, every document
  // kind, three credentials (one revoked) and a second store.
  void Fill(int course_statements) {
    ASSERT_TRUE(source_->AddCredential(kAdminKey, kAdminSecret, "all").ok());
    ASSERT_TRUE(source_->AddCredential(kReader, kSecret, "statements/read").ok());
    ASSERT_TRUE(source_->AddCredential(kSecond, kSecret, "all", "second").ok());
    ASSERT_TRUE(source_->AddCredential("revoked-key", kSecret, "all").ok());
    ASSERT_TRUE(source_->RevokeCredential("revoked-key").ok());
    ASSERT_TRUE(source_->Start().ok());
    XapiClient admin = Client(*source_);
    std::vector<std::string> ids;
    ASSERT_TRUE(HasStatus(admin.Post(kStatements, CourseBatch(course_statements, &ids)), 200));
    // Voided, and a StatementRef to a statement that is not voided.
    ASSERT_TRUE(HasStatus(admin.Post(kStatements, VoidingStatement("", ids[0])), 200));
    ASSERT_TRUE(HasStatus(
        admin.Post(kStatements, Statement(Agent("bob"), Verb("liked"), StatementRef(ids[1]))),
        200));
    // With attachment data.
    const std::string data = std::string("attached\0bytes\xff", 15);
    const std::string with_data =
        Statement(Agent("cy"), Verb("submitted"), Activity("essay"),
                  "\"attachments\":[" + AttachmentObject("essay", data, "text/plain") + "]");
    AttachmentPart part(data);
    part.content_type = "text/plain";
    ASSERT_TRUE(
        HasStatus(admin.Post(kStatements, MultipartBody(with_data, {part}), MultipartType()), 200));
    // A 2.0.0 statement with a context agent (which 1.0.3 readers do not see).
    XapiClient v2 = Client(*source_);
    v2.SetVersion("2.0.0");
    ASSERT_TRUE(HasStatus(
        v2.Post(kStatements,
                Statement(Agent("dee"), Verb("attended"), Activity("meeting"),
                          "\"context\":{\"contextAgents\":[{\"objectType\":\"contextAgent\","
                          "\"agent\":" +
                              Agent("eve") + "}]}")),
        200));
    // An activity definition, and the second store.
    ASSERT_TRUE(HasStatus(
        admin.Post(
            kStatements,
            Statement(Agent("ann"), Verb("completed"),
                      "{\"objectType\":\"Activity\",\"id\":" + Quote(ActivityId("course-1")) +
                          ",\"definition\":{\"name\":{\"en-US\":\"Course one\"}}}")),
        200));
    XapiClient second = Client(*source_, kSecond, kSecret);
    ASSERT_TRUE(HasStatus(second.Post(kStatements, SimpleStatement("", "zed", "tried", "x")), 200));
    // Documents of every kind; one merged by POST.
    const ParamList state = {{"activityId", ActivityId("course")},
                             {"agent", Agent("ann")},
                             {"registration", "6fbd600f-d17c-4c74-801a-2ec2e53231c7"},
                             {"stateId", "bookmark"}};
    ASSERT_TRUE(HasStatus(admin.Put("/xapi/activities/state", state, "{\"page\":3}"), 204));
    HttpRequestSpec merge;
    merge.method = "POST";
    merge.target = "/xapi/activities/state";
    merge.params = state;
    merge.headers = {{"Content-Type", "application/json"}};
    merge.body = "{\"score\":7}";
    ASSERT_TRUE(HasStatus(admin.Send(merge), 204));
    const auto create = [&](const std::string& target, const ParamList& params,
                            const std::string& body, const std::string& type) {
      HttpRequestSpec put;
      put.method = "PUT";
      put.target = target;
      put.params = params;
      put.headers = {{"Content-Type", type}, {"If-None-Match", "*"}};
      put.body = body;
      return admin.Send(put);
    };
    ASSERT_TRUE(HasStatus(create("/xapi/activities/profile",
                                 {{"activityId", ActivityId("course")}, {"profileId", "p1"}},
                                 "plain text", "text/plain"),
                          204));
    ASSERT_TRUE(
        HasStatus(create("/xapi/agents/profile", {{"agent", Agent("ann")}, {"profileId", "prefs"}},
                         "{\"lang\":\"fr\"}", "application/json"),
                  204));
    const auto stopped = source_->Stop();
    ASSERT_TRUE(stopped.clean()) << stopped.ToString();
  }

  // Every read compared: `source` and `copy` answer alike.
  void ExpectSameAnswers(LrsProcess& source, LrsProcess& copy) {
    struct Read {
      std::string key, secret, version;
      HttpRequestSpec request;
    };
    std::vector<Read> reads;
    const auto get = [&](const std::string& target, ParamList params,
                         const std::string& version = "1.0.3", const std::string& key = kAdminKey,
                         const std::string& key_secret = kAdminSecret) {
      HttpRequestSpec spec;
      spec.target = target;
      spec.params = std::move(params);
      reads.push_back({key, key_secret, version, spec});
    };
    get(kStatements, {});
    get(kStatements, {{"limit", "7"}});
    get(kStatements, {{"limit", "5"}, {"ascending", "true"}});
    get(kStatements, {{"verb", VerbId("completed")}, {"limit", "4"}});
    get(kStatements, {{"agent", Agent("ann")}, {"related_agents", "true"}});
    get(kStatements, {{"activity", ActivityId("essay")}, {"attachments", "true"}});
    get(kStatements, {{"activity", ActivityId("course-1")}, {"format", "canonical"}});
    get(kStatements, {{"agent", Agent("eve")}, {"related_agents", "true"}}, "2.0.0");
    get(kStatements, {{"agent", Agent("eve")}, {"related_agents", "true"}});
    get(kStatements, {{"format", "ids"}}, "2.0.0");
    get(kStatements, {}, "1.0.3", kReader, kSecret);
    get(kStatements, {}, "1.0.3", kSecond, kSecret);
    get("/xapi/about", {});
    get("/xapi/agents", {{"agent", Agent("ann")}});
    get("/xapi/activities", {{"activityId", ActivityId("course-1")}});
    get("/xapi/activities/state", {{"activityId", ActivityId("course")},
                                   {"agent", Agent("ann")},
                                   {"registration", "6fbd600f-d17c-4c74-801a-2ec2e53231c7"},
                                   {"stateId", "bookmark"}});
    get("/xapi/activities/state", {{"activityId", ActivityId("course")}, {"agent", Agent("ann")}});
    get("/xapi/activities/profile", {{"activityId", ActivityId("course")}, {"profileId", "p1"}});
    get("/xapi/activities/profile", {{"activityId", ActivityId("course")}});
    get("/xapi/agents/profile", {{"agent", Agent("ann")}, {"profileId", "prefs"}});
    get("/xapi/agents/profile", {{"agent", Agent("ann")}});
    // The voided statement, by voidedStatementId, and every statement by id.
    {
      XapiClient c = Client(source);
      auto all = ParseJson(c.Get(kStatements, {{"format", "ids"}, {"limit", "0"}}).body);
      ASSERT_TRUE(all);
      const json::Value* list = At(*all, "statements");
      ASSERT_TRUE(list != nullptr && list->IsArray());
      for (const json::Value& s : list->GetArray()) {
        get(kStatements, {{"statementId", StringAt(s, "id")}});
      }
    }
    int compared = 0;
    for (Read& read : reads) {
      XapiClient a = Client(source, read.key, read.secret);
      XapiClient b = Client(copy, read.key, read.secret);
      a.SetVersion(read.version);
      b.SetVersion(read.version);
      HttpRequestSpec spec = read.request;
      // Follow `more` links on both sides.
      for (int page = 0; page < 20; ++page) {
        const HttpResult ra = a.Send(spec);
        const HttpResult rb = b.Send(spec);
        ASSERT_EQ(Comparable(ra), Comparable(rb))
            << spec.target << " " << test_support::EncodeQuery(spec.params);
        ++compared;
        auto doc = ra.status == 200 && spec.target == kStatements &&
                           ra.Header("Content-Type").value_or("").find("json") != std::string::npos
                       ? ParseJson(ra.body)
                       : nullptr;
        const json::Value* more = doc ? At(*doc, "more") : nullptr;
        if (more == nullptr || !more->IsString() || more->GetStringLength() == 0) break;
        spec = HttpRequestSpec();
        spec.target = json::View(*more);
      }
    }
    EXPECT_GT(compared, 40);
  }

  std::unique_ptr<LrsProcess> scratch_;  // a directory for the target database's test files
  std::unique_ptr<LrsProcess> source_;   // the server on the SQLite file
  std::unique_ptr<TestDatabase> target_;
  std::unique_ptr<LrsProcess> copy_;  // the server on the PostgreSQL copy
};

TEST_F(Migrate, ACopyAnswersEveryReadAsTheSqliteServerDoes) {
  Fill(30);
  const CommandOutput out = RunMigrate({"--batch-rows", "9"});
  ASSERT_TRUE(out.status.clean()) << out.out << out.err;
  EXPECT_NE(out.out.find("Verified"), std::string::npos) << out.out;
  for (const char* table : {"stores", "credentials", "statements", "statement_index", "index_keys",
                            "activities", "verbs", "agent_names", "attachments", "documents"}) {
    EXPECT_NE(out.out.find(std::string("\n") + table + " "), std::string::npos) << table;
  }

  ASSERT_TRUE(source_->Start().ok());
  auto copy = LrsProcess::CreateOn(target_->location());
  ASSERT_TRUE(copy.ok()) << copy.error().message();
  copy_ = std::move(copy).value();
  ASSERT_TRUE(copy_->Start().ok());
  ExpectSameAnswers(*source_, *copy_);

  // The copy goes on where the source stopped: a new statement is stored later than every
  // copied one and comes first; credentials (hashes as stored) and the revoked one hold.
  XapiClient copy_admin = Client(*copy_);
  auto newest = ParseJson(copy_admin.Get(kStatements, {{"limit", "1"}}).body);
  ASSERT_TRUE(newest);
  const std::string last_stored = StringAt(*newest, "statements.0.stored");
  const std::string id = NewId();
  ASSERT_TRUE(HasStatus(copy_admin.Post(kStatements, SimpleStatement(id, "new")), 200));
  auto after = ParseJson(copy_admin.Get(kStatements, {{"limit", "1"}}).body);
  ASSERT_TRUE(after);
  EXPECT_EQ(StringAt(*after, "statements.0.id"), id);
  EXPECT_GT(StringAt(*after, "statements.0.stored"), last_stored);
  XapiClient revoked = Client(*copy_, "revoked-key", kSecret);
  EXPECT_EQ(revoked.Get(kStatements, {}).status, 401);
  // New documents and credentials get new ids.
  ASSERT_TRUE(HasStatus(
      copy_admin.Put("/xapi/activities/state",
                     {{"activityId", ActivityId("new")}, {"agent", Agent("new")}, {"stateId", "s"}},
                     "{}"),
      204));
  EXPECT_TRUE(copy_->AddCredential("after-key", kSecret, "all").ok());
}

TEST_F(Migrate, AnInterruptedCopyResumesToTheSameResult) {
  Fill(40);
  ::setenv(kStopEnv, "3", 1);
  CommandOutput out = RunMigrate({"--batch-rows", "4"});
  EXPECT_EQ(out.status.code, 3) << out.out << out.err;
  EXPECT_NE(out.err.find("in the middle of the batch after 3"), std::string::npos) << out.err;
  // A verification of the partial copy is refused: it is not finished.
  ::unsetenv(kStopEnv);
  out = RunMigrate({"--verify"});
  EXPECT_EQ(out.status.code, 2) << out.out << out.err;
  EXPECT_NE(out.err.find("not finished"), std::string::npos) << out.err;
  ::setenv(kStopEnv, "5", 1);
  out = RunMigrate({"--batch-rows", "4"});
  EXPECT_EQ(out.status.code, 3) << out.out << out.err;
  ::unsetenv(kStopEnv);
  out = RunMigrate({"--batch-rows", "4"});
  ASSERT_TRUE(out.status.clean()) << out.out << out.err;
  EXPECT_NE(out.out.find("resuming"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("Verified"), std::string::npos) << out.out;

  // An uninterrupted copy into another database ends the same: the same verification table.
  std::unique_ptr<TestDatabase> other = NewTarget();
  ASSERT_TRUE(other);
  const CommandOutput whole = RunMigrate({}, other->location());
  ASSERT_TRUE(whole.status.clean()) << whole.out << whole.err;
  const auto table_of = [](const std::string& text) { return text.substr(text.find("TABLE")); };
  EXPECT_EQ(table_of(out.out), table_of(whole.out));
  // Both verify against the source (full SHA-256 compared) a second time.
  EXPECT_TRUE(RunMigrate({"--verify"}).status.clean());
  EXPECT_TRUE(RunMigrate({"--verify"}, other->location()).status.clean());
}

TEST_F(Migrate, ATamperedCopyFailsVerificationNamingTheTable) {
  Fill(5);
  ASSERT_TRUE(RunMigrate().status.clean());
  ASSERT_TRUE(test_support::RunPostgresSql(target_->location(),
                                           "UPDATE documents SET etag = 'tampered' WHERE id = 1")
                  .ok());
  CommandOutput out = RunMigrate({"--verify"});
  EXPECT_EQ(out.status.code, 1) << out.out << out.err;
  EXPECT_NE(out.err.find("verification failed: documents differ"), std::string::npos) << out.err;
  EXPECT_NE(out.out.find("DIFFERS"), std::string::npos) << out.out;
  // A hash column that no longer matches its text (lookups would miss the row).
  ASSERT_TRUE(test_support::RunPostgresSql(target_->location(),
                                           "UPDATE verbs SET verb_sha = sha256('x'::bytea) "
                                           "WHERE verb_id = (SELECT min(verb_id) FROM verbs)")
                  .ok());
  out = RunMigrate({"--verify"});
  EXPECT_EQ(out.status.code, 1) << out.out << out.err;
  EXPECT_NE(out.out.find("rows of verbs in PostgreSQL have hash columns"), std::string::npos)
      << out.out;
  // An index row deleted from the copy: the counts differ.
  ASSERT_TRUE(test_support::RunPostgresSql(
                  target_->location(),
                  "DELETE FROM statement_index WHERE seq = (SELECT max(seq) FROM statements)")
                  .ok());
  out = RunMigrate({"--verify"});
  EXPECT_EQ(out.status.code, 1);
  EXPECT_NE(out.err.find("statement_index"), std::string::npos) << out.err;
  // The source written after the copy (a server left running on it): the verification says so.
  ASSERT_TRUE(source_->AddCredential("late-key", kSecret, "all").ok());
  out = RunMigrate({"--verify"});
  EXPECT_EQ(out.status.code, 1) << out.out << out.err;
  EXPECT_NE(out.err.find("verification failed: credentials, "), std::string::npos) << out.err;
}

TEST_F(Migrate, CopiesTheAdministrationState) {
  // A disabled store, the audit log (the credentials' creation) and a finished job move too,
  // and the copy's identities continue after theirs.
  Fill(2);
  RunSqlite(SourcePath(),
            "UPDATE stores SET disabled = '2026-12-01T00:00:00.000Z' WHERE name = 'second';"
            "INSERT INTO jobs (job_id, kind, store_id, state, created, updated, result) VALUES "
            "('0f8fad5b-d9cb-469f-a165-70867728950e', 'forget', 1, 'done', "
            "'2026-12-01T00:00:00.000Z', '2026-12-01T00:00:01.000Z', '{\"statements\":2}');");
  const CommandOutput out = RunMigrate();
  ASSERT_TRUE(out.status.clean()) << out.out << out.err;
  EXPECT_NE(out.out.find("admin_audit: "), std::string::npos) << out.out;
  auto copy = LrsProcess::CreateOn(target_->location());
  ASSERT_TRUE(copy.ok()) << copy.error().message();
  copy_ = std::move(copy).value();
  ASSERT_TRUE(copy_->AddCredential("root", kSecret, "admin").ok());
  ASSERT_TRUE(copy_->Start().ok());
  XapiClient root = Client(*copy_, "root", kSecret);
  HttpResult second = root.Get("/admin/stores/second");
  ASSERT_TRUE(HasStatus(second, 200));
  EXPECT_NE(second.body.find("\"enabled\":false"), std::string::npos) << second.body;
  EXPECT_TRUE(IsError(Client(*copy_, kSecond, kSecret).Get(kStatements), 403, "disabled"));
  HttpResult job = root.Get("/admin/jobs/0f8fad5b-d9cb-469f-a165-70867728950e");
  ASSERT_TRUE(HasStatus(job, 200));
  EXPECT_NE(job.body.find("\"statements\":2"), std::string::npos) << job.body;
  auto audit = ParseJson(root.Get("/admin/audit").body);
  ASSERT_TRUE(audit);
  // The root credential made on the copy comes after the copied entries.
  EXPECT_EQ(StringAt(*audit, "entries.0.target"), "root");
  EXPECT_EQ(StringAt(*audit, "entries.1.action"), "credential.revoke");
  EXPECT_EQ(StringAt(*audit, "entries.1.target"), "revoked-key");
}

TEST_F(Migrate, RefusesWhatItMustNotCopy) {
  Fill(3);
  // A password on the command line.
  CommandOutput out = RunMigrate({}, "postgresql://lrs_test:secret@localhost/lrs");
  EXPECT_EQ(out.status.code, 2);
  EXPECT_NE(out.err.find("PGPASSWORD"), std::string::npos) << out.err;

  // A target holding another LRS's data.
  std::unique_ptr<TestDatabase> used = NewTarget();
  ASSERT_TRUE(used);
  auto other = LrsProcess::CreateOn(used->location());
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(other.value()->AddCredential("someone", kSecret, "all").ok());
  out = RunMigrate({}, used->location());
  EXPECT_EQ(out.status.code, 2) << out.out << out.err;
  // (The credential's creation is in the audit log too.)
  EXPECT_NE(out.err.find("already holds LRS data (credentials: 1 rows, admin_audit: 1 rows)"),
            std::string::npos)
      << out.err;
  // A target holding tables of something else.
  std::unique_ptr<TestDatabase> foreign = NewTarget();
  ASSERT_TRUE(foreign);
  ASSERT_TRUE(test_support::RunPostgresSql(foreign->location(), "CREATE TABLE t (x int)").ok());
  out = RunMigrate({}, foreign->location());
  EXPECT_EQ(out.status.code, 2) << out.out << out.err;
  EXPECT_NE(out.err.find("not those of Outcome LRS"), std::string::npos) << out.err;
  // A partial copy of another source.
  {
    std::unique_ptr<TestDatabase> partial = NewTarget();
    ASSERT_TRUE(partial);
    ::setenv(kStopEnv, "1", 1);
    ASSERT_EQ(RunMigrate({}, partial->location()).status.code, 3);
    ::unsetenv(kStopEnv);
    RunSqlite(SourcePath(), "UPDATE stores SET created = '2001-01-01T00:00:00.000Z' WHERE id = 1");
    out = RunMigrate({}, partial->location());
    EXPECT_EQ(out.status.code, 2) << out.out << out.err;
    EXPECT_NE(out.err.find("a copy of another SQLite database"), std::string::npos) << out.err;
  }

  // Plugin data, refused unless left behind on purpose.
  RunSqlite(SourcePath(),
            "CREATE TABLE outcome_tags (seq INTEGER); INSERT INTO outcome_tags VALUES (1);"
            "INSERT INTO extension_migrations VALUES ('outcomes', '001_initial', 'now')");
  out = RunMigrate();
  EXPECT_EQ(out.status.code, 2) << out.out << out.err;
  EXPECT_NE(out.err.find("--without-plugin-data"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find("outcome_tags"), std::string::npos) << out.err;
  out = RunMigrate({"--without-plugin-data"});
  ASSERT_TRUE(out.status.clean()) << out.out << out.err;
  EXPECT_NE(out.out.find("Left behind in the SQLite file (--without-plugin-data): tables "
                         "outcome_tags; the record of the migrations of plugin outcomes"),
            std::string::npos)
      << out.out;

  // A source of a newer schema, and one that is not an LRS database.
  RunSqlite(SourcePath(), "PRAGMA user_version = 99");
  out = RunMigrate({"--without-plugin-data"}, NewTarget()->location());
  EXPECT_EQ(out.status.code, 2) << out.out << out.err;
  EXPECT_NE(out.err.find("schema version 99, newer than this outcome-lrs"), std::string::npos)
      << out.err;
  const std::string not_lrs = scratch_->directory() + "/other.db";
  RunSqlite(not_lrs, "CREATE TABLE notes (text TEXT)");
  auto ran = scratch_->RunCommand({"migrate", "--from", not_lrs, "--to", target_->location()});
  ASSERT_TRUE(ran.ok());
  EXPECT_EQ(ran.value().status.code, 2);
  EXPECT_NE(ran.value().err.find("is not an Outcome LRS database"), std::string::npos)
      << ran.value().err;
}

}  // namespace
}  // namespace lrs::http_test
