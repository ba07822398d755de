// `outcome-lrs migrate --plugin liboutcomes.so`: an SQLite LRS whose outcome plugin holds every
// kind of row (generations live and retired, tags, unfolded tag log rows, daily rollups,
// learners, KPI observations of the audience, learners and teams with values of 17 significant
// digits, their series, the roster, a link-signing key) is copied into an empty PostgreSQL
// database; a server on the copy answers the plugin's reads as the server on the SQLite file
// does, and a link issued before the move still opens the dashboard. An interrupted copy
// resumes to the same result; a tampered plugin row fails the verification, naming its table;
// plugin data without its plugin is refused. PostgreSQL only (ctest runs it as
// postgresql/MigrateOutcomes*).
#include <sqlite3.h>
#include <stdlib.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "tests/outcomes/outcome_http_test.h"
#include "tests/support/test_database.h"

namespace outcomes::http_test {
namespace {

using lrs::test_support::Backend;
using lrs::test_support::BackendUnderTest;
using lrs::test_support::RunPostgresSql;
using lrs::test_support::TestDatabase;

constexpr char kStopEnv[] = "OUTCOME_LRS_MIGRATE_STOP_AFTER_BATCHES";
constexpr char kCourses[] = "https://lms.example.com/courses/negotiation";
constexpr char kDiscount[] = "cut-discount";
constexpr char kRetired[] = "redeclared";

// The number SQLite holds for `sql` (one row, one column) in the file at `path`; -1 on failure.
int64_t SqliteInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  int64_t out = -1;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
      out = sqlite3_column_int64(q, 0);
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return out;
}

std::string Exact(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

// A response as compared between two servers: its status and its body, canonical when JSON.
std::string Comparable(const HttpResult& r) {
  const std::string type = r.Header("Content-Type").value_or("");
  const bool is_json =
      type.find("json") != std::string::npos && type.find("x-ndjson") == std::string::npos;
  return std::to_string(r.status) + " " + type + "\n" + (is_json ? Canonical(r.body) : r.body);
}

class MigrateOutcomes : public ::testing::Test {
 protected:
  void SetUp() override {
    if (BackendUnderTest() != Backend::kPostgres) {
      GTEST_SKIP() << "migrate copies into PostgreSQL (run as postgresql/MigrateOutcomes*)";
    }
    LRS_SKIP_WITHOUT_BACKEND();
    auto dir = LrsProcess::Create();
    ASSERT_TRUE(dir.ok()) << dir.error().message();
    scratch_ = std::move(dir).value();
    source_path_ = scratch_->directory() + "/source.db";
    ASSERT_TRUE(OutcomeServer::LaunchOn(source_path_, &source_));
    ASSERT_TRUE(source_->AddCredential(kAdminKey, kAdminSecret, "all"));
    target_ = NewTarget();
    ASSERT_TRUE(target_);
  }

  void TearDown() override {
    ::unsetenv(kStopEnv);
    if (source_) source_->Finish(HasFailure());
    if (copy_) copy_->Finish(HasFailure());
  }

  std::unique_ptr<TestDatabase> NewTarget() {
    auto made = TestDatabase::Create(Backend::kPostgres, scratch_->directory());
    EXPECT_TRUE(made.ok()) << made.error().message();
    return made.ok() ? std::move(made).value() : nullptr;
  }

  // `outcome-lrs migrate --from SOURCE --to TO --plugin OUTCOME_PLUGIN EXTRA...` (without the
  // plugin when `with_plugin` is false).
  CommandOutput Migrate(const std::string& to, const std::vector<std::string>& extra = {},
                        bool with_plugin = true) {
    std::vector<std::string> args = {"migrate", "--from", source_path_, "--to", to};
    if (with_plugin) {
      args.push_back("--plugin");
      args.push_back(OUTCOME_PLUGIN);
    }
    args.insert(args.end(), extra.begin(), extra.end());
    auto ran = scratch_->RunCommand(args, std::chrono::seconds(120));
    EXPECT_TRUE(ran.ok()) << ran.error().message();
    return ran.ok() ? ran.value() : CommandOutput{};
  }

  // The source, written by its server (stopped at the end): a varied history tagged to the
  // history outcomes, the discount outcome with learners, scores, KPI observations and a roster,
  // an outcome redeclared with other rules (a retired generation), and a dashboard link, whose
  // token is kept. The last statements stay in the tag log (nothing reads them before the stop).
  void Fill() {
    OutcomeServer& s = *source_;
    DeclareHistoryOutcomes(s, 0);
    const History history = MakeHistory(60);
    s.StoreAll(history.statements, 0, history.statements.size(), 25);

    const std::string rule = std::string(R"([{"activity": {"prefix": ")") + kCourses + R"("}}])";
    ASSERT_TRUE(HasStatus(s.Put(kDiscount, Declaration("", rule, "Average discount")), 201));
    ASSERT_TRUE(HasStatus(
        s.Put(kRetired, Declaration("", R"([{"verb": ")" + std::string(kVerbAnswered) + R"("}])")),
        201));
    // Twelve learners in two teams; the first six complete in March, with scores.
    std::string roster = "mbox,team,manager,segment\n";
    std::string kpi = "[";
    std::vector<std::string> statements;
    for (int i = 0; i < 12; ++i) {
      const std::string name = "rep" + std::to_string(i);
      const std::string team = i % 2 == 0 ? "east" : "west";
      roster += "mailto:" + name + "@example.com," + team + ",boss-" + team + "@example.com," +
                (i < 10 ? "employees" : "partners") + "\n";
      statements.push_back(StatementJson()
                               .Actor(name)
                               .Verb(kVerbAttempted)
                               .Object(std::string(kCourses) + "/intro")
                               .Timestamp("2026-02-0" + std::to_string(1 + i % 9) + "T10:00:00Z")
                               .Scaled(0.25 + 0.05 * i)
                               .Json());
      if (i < 6) {
        statements.push_back(StatementJson()
                                 .Actor(name)
                                 .Verb(kVerbCompleted)
                                 .Object(kCourses)
                                 .Timestamp("2026-03-1" + std::to_string(i) + "T09:30:00Z")
                                 .Scaled(0.7 + 0.01 * i)
                                 .Json());
      }
      for (int month = 1; month <= 6; ++month) {
        // Values with 17 significant digits (0.1 + 0.2 among them), which SQLite and PostgreSQL
        // write differently in the series.
        const double value =
            15.0 + 0.1 * i - (i < 6 && month > 3 ? 1.5 : 0.0) + (0.1 + 0.2) / month;
        kpi += std::string(kpi.size() > 1 ? "," : "") + R"({"date": "2026-0)" +
               std::to_string(month) + R"(-15", "value": )" + Exact(value) +
               R"(, "agent": {"mbox": "mailto:)" + name + R"(@example.com"}})";
      }
    }
    for (int month = 1; month <= 6; ++month) {
      kpi += R"(,{"date": "2026-0)" + std::to_string(month) + R"(-28", "value": )" +
             Exact(17.0 - month * 0.1) + "}";
      kpi += R"(,{"date": "2026-0)" + std::to_string(month) + R"(-28", "value": )" +
             Exact(0.1 * month + 0.2) + R"(, "team": "east"})";
    }
    kpi += "]";
    ASSERT_TRUE(HasStatus(s.admin().Put("/outcomes/roster", {}, roster, "text/csv"), 200));
    ASSERT_TRUE(
        HasStatus(s.admin().Post(OutcomePath(kDiscount) + "/kpi", kpi, "application/json"), 200));
    s.StoreBatch(JsonArray(statements));
    ASSERT_TRUE(s.WaitUntilTagged(kDiscount));
    // New rules: the first generation retires, the new one tags the history again.
    ASSERT_TRUE(HasStatus(
        s.Put(kRetired, Declaration("", R"([{"verb": ")" + std::string(kVerbCompleted) + R"("}])")),
        200));
    ASSERT_TRUE(s.WaitUntilTagged(kRetired));
    for (const auto& [id, declaration] : HistoryOutcomes()) {
      ASSERT_TRUE(s.WaitUntilTagged(id)) << id;
    }
    HttpResult link = s.admin().Post(
        "/outcomes/embed", std::string(R"({"outcomes": [")") + kDiscount + R"("], "ttl": "24h"})",
        "application/json");
    ASSERT_TRUE(HasStatus(link, 201));
    token_ = StringAt(*ParseJson(link.body), "token");
    ASSERT_FALSE(token_.empty());
    // LTI: two platforms, the tool's key (made by the first JWKS read), a login awaiting launch.
    // The platform's auth URL is this server's web dashboard, so the client's following the login's
    // redirect stays on this machine.
    const std::string auth_url = s.lrs().base_url() + "/outcomes/ui/index.html";
    for (const char* client : {"client-a", "client-b"}) {
      ASSERT_TRUE(HasStatus(
          s.admin().Post("/outcomes/lti/platforms",
                         std::string(R"({"issuer": "https://lms.example", "client_id": ")") +
                             client + R"(", "auth_url": ")" + auth_url +
                             R"(", "token_url": "https://lms.example/token", "jwks_url": )"
                             R"("https://lms.example/jwks", "deployments": ["d1", "d2"]})",
                         "application/json"),
          201));
    }
    ASSERT_TRUE(HasStatus(s.admin().Get("/outcomes/lti/jwks"), 200));
    ASSERT_TRUE(HasStatus(s.admin().Get("/outcomes/lti/login",
                                        {{"iss", "https://lms.example"},
                                         {"client_id", "client-b"},
                                         {"login_hint", "u1"},
                                         {"target_link_uri", "https://lrs/outcomes/lti/launch"}}),
                          200));  // the redirect followed to the dashboard
    // The last statements, tagged into the log only.
    s.StoreBatch(JsonArray({StatementJson()
                                .Actor("rep1")
                                .Verb(kVerbCompleted)
                                .Object(kCourses)
                                .Timestamp("2026-04-02T08:00:00Z")
                                .Json(),
                            StatementJson()
                                .Actor("late")
                                .Verb(kVerbAttempted)
                                .Object(kCourses)
                                .Timestamp("2026-04-03T08:00:00Z")
                                .Json()}));
    ASSERT_TRUE(s.Stop());
    ASSERT_GT(SqliteInt(source_path_, "SELECT count(*) FROM outcome_tag_log"), 0);
    ASSERT_EQ(SqliteInt(source_path_, "SELECT count(*) FROM lti_platforms"), 2);
    ASSERT_EQ(SqliteInt(source_path_, "SELECT count(*) FROM lti_tool_keys"), 1);
    ASSERT_EQ(SqliteInt(source_path_, "SELECT count(*) FROM lti_logins"), 1);
    // The retired generation's key is not reused: keys continue past it after the move too.
    ASSERT_GT(SqliteInt(source_path_, "SELECT max(key) - count(*) FROM outcome_declarations"), 0);
  }

  // The plugin's reads, each answered alike by `a` (SQLite) and `b` (the PostgreSQL copy).
  void ExpectSameAnswers(OutcomeServer& a, OutcomeServer& b) {
    std::vector<std::pair<std::string, ParamList>> reads = {
        {"/outcomes", {}},
        {"/outcomes/roster", {}},
        {"/outcomes/roster", {{"team", "east"}}},
    };
    std::vector<std::string> ids = {kDiscount, kRetired};
    for (const auto& [id, declaration] : HistoryOutcomes())
      ids.push_back(id);
    const ParamList window = {{"from", "2026-01-01"}, {"to", "2026-06-30"}, {"bucket", "month"}};
    for (const std::string& id : ids) {
      reads.push_back({OutcomePath(id), {}});
      reads.push_back({OutcomePath(id) + "/dashboard", window});
      reads.push_back({OutcomePath(id) + "/dashboard", {{"team", "east"}}});
      reads.push_back({OutcomePath(id) + "/learners", {}});
      reads.push_back({OutcomePath(id) + "/kpi", {}});
      reads.push_back({TaggedPath(id), {{"limit", "0"}}});
      reads.push_back({TaggedPath(id), {{"limit", "3"}, {"ascending", "true"}}});
      reads.push_back({OutcomePath(id) + "/export/series", window});
    }
    reads.push_back({OutcomePath(kDiscount) + "/impact", {{"window", "90d"}}});
    reads.push_back({OutcomePath(kDiscount) + "/impact", {{"window", "90d"}, {"team", "east"}}});
    int compared = 0;
    for (const auto& [target, params] : reads) {
      const HttpResult ra = a.Get(target, params);
      const HttpResult rb = b.Get(target, params);
      EXPECT_EQ(Comparable(ra), Comparable(rb))
          << target << "?" << lrs::test_support::EncodeQuery(params);
      compared += ra.status == 200 ? 1 : 0;
    }
    EXPECT_GT(compared, 40);
  }

  // GET `target` with the dashboard link and no credentials.
  HttpResult WithLink(OutcomeServer& server, const std::string& target) {
    HttpRequestSpec request;
    request.target = target;
    request.omit = {"Authorization", "X-Experience-API-Version"};
    request.headers = {{"Authorization", "Bearer " + token_}};
    return server.Anonymous().Send(request);
  }

  std::unique_ptr<LrsProcess> scratch_;  // a directory for the source and the targets
  std::string source_path_;
  std::unique_ptr<OutcomeServer> source_;
  std::unique_ptr<TestDatabase> target_;
  std::unique_ptr<OutcomeServer> copy_;
  std::string token_;
};

const std::vector<std::string>& PluginTables() {
  static const std::vector<std::string> tables = {"outcome_declarations_version",
                                                  "outcome_declarations",
                                                  "outcome_learners",
                                                  "outcome_tags",
                                                  "outcome_tag_log",
                                                  "outcome_daily",
                                                  "outcome_kpi",
                                                  "outcome_kpi_series",
                                                  "outcome_roster",
                                                  "outcome_embed_keys",
                                                  "lti_platforms",
                                                  "lti_tool_keys",
                                                  "lti_logins",
                                                  "lti_contexts"};
  return tables;
}

TEST_F(MigrateOutcomes, ACopyAnswersThePluginsReadsAsTheSqliteServerDoes) {
  Fill();
  if (HasFatalFailure()) return;
  const CommandOutput out = Migrate(target_->location(), {"--batch-rows", "7"});
  ASSERT_TRUE(out.status.clean()) << out.out << out.err;
  EXPECT_NE(out.out.find("Verified"), std::string::npos) << out.out;
  for (const std::string& table : PluginTables()) {
    EXPECT_NE(out.out.find("\n" + table + " "), std::string::npos) << table << "\n" << out.out;
  }

  ASSERT_TRUE(source_->Start());
  ASSERT_TRUE(OutcomeServer::LaunchOn(target_->location(), &copy_));
  ExpectSameAnswers(*source_, *copy_);
  // The link issued before the move opens the dashboard on the copy, as on the source.
  const HttpResult on_source = WithLink(*source_, OutcomePath(kDiscount) + "/dashboard");
  const HttpResult on_copy = WithLink(*copy_, OutcomePath(kDiscount) + "/dashboard");
  ASSERT_TRUE(HasStatus(on_copy, 200));
  EXPECT_EQ(Comparable(on_source), Comparable(on_copy));

  // The copy's rollups agree with its tags, and it goes on: a new generation gets a new key,
  // new observations extend the series the trigger built.
  const CommandOutput check = copy_->Command({"outcomes", "check"});
  EXPECT_TRUE(check.status.clean()) << check.out << check.err;
  ASSERT_TRUE(
      HasStatus(copy_->Put("after-the-move",
                           Declaration("", R"([{"verb": ")" + std::string(kVerbPassed) + R"("}])")),
                201));
  ASSERT_TRUE(
      HasStatus(copy_->admin().Post(OutcomePath(kDiscount) + "/kpi",
                                    R"({"date": "2026-07-28", "value": 16.3})", "application/json"),
                200));
  EXPECT_EQ(copy_->Get(OutcomePath(kDiscount) + "/impact", {{"window", "90d"}}).status, 200);
}

TEST_F(MigrateOutcomes, AnInterruptedCopyResumesToTheSameResult) {
  Fill();
  if (HasFatalFailure()) return;
  // The whole copy into another database first, to know its batches.
  std::unique_ptr<TestDatabase> whole_target = NewTarget();
  ASSERT_TRUE(whole_target);
  const CommandOutput whole = Migrate(whole_target->location(), {"--batch-rows", "5"});
  ASSERT_TRUE(whole.status.clean()) << whole.out << whole.err;
  long long rows = 0, batches = 0;
  const size_t at = whole.out.find(" rows copied in ");
  ASSERT_NE(at, std::string::npos) << whole.out;
  ASSERT_EQ(std::sscanf(whole.out.c_str() + whole.out.rfind('\n', at) + 1,
                        "%lld rows copied in %lld batches", &rows, &batches),
            2)
      << whole.out;
  // Stopped twice among the plugin's tables (copied last: their batches are the last ones), as
  // a kill -9 would stop it in the middle of a batch (a run counts its own batches), then
  // resumed.
  ASSERT_GT(batches, 20) << whole.out;
  for (long long stop : {batches - 12, 6LL}) {
    ::setenv(kStopEnv, std::to_string(stop).c_str(), 1);
    const CommandOutput stopped = Migrate(target_->location(), {"--batch-rows", "5"});
    EXPECT_EQ(stopped.status.code, 3) << stopped.out << stopped.err;
    ::unsetenv(kStopEnv);
    // One of the plugin's tables is partly copied.
    ASSERT_TRUE(RunPostgresSql(target_->location(),
                               "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM migrate_progress WHERE "
                               "table_name LIKE 'outcome%' AND NOT done AND copied > 0) AND "
                               "NOT EXISTS (SELECT 1 FROM migrate_progress WHERE table_name LIKE "
                               "'outcome%' AND done) THEN RAISE 'no plugin table begun'; END IF; "
                               "END $$")
                    .ok());
  }
  // Resuming without the plugin is refused: the copy was started with it.
  CommandOutput refused = Migrate(target_->location(), {"--without-plugin-data"}, false);
  EXPECT_EQ(refused.status.code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("same --plugin"), std::string::npos) << refused.err;
  const CommandOutput resumed = Migrate(target_->location(), {"--batch-rows", "5"});
  ASSERT_TRUE(resumed.status.clean()) << resumed.out << resumed.err;
  EXPECT_NE(resumed.out.find("resuming"), std::string::npos) << resumed.out;
  const auto table_of = [](const std::string& text) { return text.substr(text.find("TABLE")); };
  EXPECT_EQ(table_of(resumed.out), table_of(whole.out));
  EXPECT_TRUE(Migrate(target_->location(), {"--verify"}).status.clean());
}

TEST_F(MigrateOutcomes, ATamperedPluginRowFailsVerificationNamingTheTable) {
  Fill();
  if (HasFatalFailure()) return;
  ASSERT_TRUE(Migrate(target_->location()).status.clean());
  // A value off in its last bits: the observation, and the series the trigger rebuilds from it.
  ASSERT_TRUE(RunPostgresSql(target_->location(),
                             "UPDATE outcome_kpi SET value = value + value * 4.5e-16 WHERE day = "
                             "(SELECT min(day) FROM outcome_kpi WHERE subject = '') AND "
                             "subject = ''")
                  .ok());
  CommandOutput out = Migrate(target_->location(), {"--verify"});
  EXPECT_EQ(out.status.code, 1) << out.out << out.err;
  EXPECT_NE(out.err.find("verification failed: outcome_kpi, outcome_kpi_series differ"),
            std::string::npos)
      << out.err;
  // A tag's score, and a learner's hash column that no longer matches the identity.
  ASSERT_TRUE(RunPostgresSql(target_->location(),
                             "UPDATE outcome_tags SET scaled = 0.5 WHERE seq = (SELECT max(seq) "
                             "FROM outcome_tags WHERE scaled IS NOT NULL)")
                  .ok());
  ASSERT_TRUE(RunPostgresSql(target_->location(),
                             "UPDATE outcome_learners SET agent_sha = sha256('x'::bytea) WHERE "
                             "ordinal = 0")
                  .ok());
  out = Migrate(target_->location(), {"--verify"});
  EXPECT_EQ(out.status.code, 1) << out.out << out.err;
  EXPECT_NE(out.err.find("outcome_learners, outcome_tags, outcome_kpi, outcome_kpi_series"),
            std::string::npos)
      << out.err;
  EXPECT_NE(out.out.find("rows of outcome_learners in PostgreSQL have hash columns"),
            std::string::npos)
      << out.out;
  // A verification without the plugin cannot check its tables: refused, saying so.
  out = Migrate(target_->location(), {"--verify"}, false);
  EXPECT_EQ(out.status.code, 2) << out.out << out.err;
  EXPECT_NE(out.err.find("same --plugin"), std::string::npos) << out.err;
}

TEST_F(MigrateOutcomes, PluginDataWithoutItsPluginIsRefusedOrLeftBehindOnPurpose) {
  Fill();
  if (HasFatalFailure()) return;
  CommandOutput out = Migrate(target_->location(), {}, false);
  EXPECT_EQ(out.status.code, 2) << out.out << out.err;
  EXPECT_NE(out.err.find("load plugin outcomes with --plugin PATH"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find("outcome_kpi_series"), std::string::npos) << out.err;
  // The core alone, on purpose.
  out = Migrate(target_->location(), {"--without-plugin-data"}, false);
  ASSERT_TRUE(out.status.clean()) << out.out << out.err;
  EXPECT_NE(out.out.find("Left behind in the SQLite file"), std::string::npos) << out.out;
  EXPECT_EQ(out.out.find("\noutcome_tags "), std::string::npos) << out.out;
}

}  // namespace
}  // namespace outcomes::http_test
